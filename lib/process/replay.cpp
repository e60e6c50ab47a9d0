// See state.hpp: replay() and replay_into() choose the order in which
// apply() folds a ledger's events: the insertion order when the ledger is
// one chain, else the canonical topological order computed by order.cpp,
// which also finds the conflicts; verify_and_replay() folds them in the
// same pass that verifies them.
#include <string_view>

#include "ledger/ledger.hpp"
#include "ledger/verify.hpp"
#include "process/order.hpp"
#include "process/state.hpp"

namespace interlink::process {

State replay(const ledger::Ledger& led) {
  State s;
  replay_into(s, led);
  return s;
}

namespace {

// Applies records in seq order for as long as the ledger looks like one
// chain; the first event with two parents (only such a parents text holds a
// comma) stops it, and the caller replays in canonical order instead.
// Learning this in the replay's own pass spares a pass of its own (is_chain
// read every row once more: 7% of `validate` on the 1m project; issue 10).
struct ChainApply {
  State& state;
  const ledger::Ledger& led;
  bool chain = true;

  template <typename R>  // ledger::Record or ledger::RecordView
  void operator()(const R& r) {
    if (!chain) return;
    if (std::string_view(r.parents).find(',') != std::string_view::npos) {
      chain = false;
      return;
    }
    if (state.print) state.print->add(r);
    apply(state, led.parse(r));
  }
};

}  // namespace

void replay_into(State& s, const ledger::Ledger& led, long long after_seq, bool keep_items) {
  if (after_seq > 0) {
    s.keep_items = keep_items;
    // The caller checked that these events extend the chain: s.chain stays.
    led.scan({.after_seq = after_seq}, [&](const ledger::Record& r) {
      if (s.print) s.print->add(r);
      apply(s, led.parse(r));
    });
    s.keep_items = true;  // for this replay only
    assign_ids(s);
    return;
  }
  // One chain replays in insertion order; a merged ledger, rare, again in
  // its canonical order, without refs (see State::refs).
  const bool refs = s.refs.has_value();
  s = State{};
  s.items = s.keep_items = keep_items;
  if (refs) {
    s.refs.emplace();
    s.print.emplace();
  }
  ChainApply in_order{s, led, led.heads().size() <= 1};
  if (in_order.chain) led.scan({}, [&](const ledger::Record& r) { in_order(r); });
  if (!in_order.chain) {
    s = State{};
    s.items = s.keep_items = keep_items;
    for_each_canonical(
        led, [&](const ledger::Event& e) { apply(s, e); }, s.conflicts);
  }
  s.chain = in_order.chain;
  s.keep_items = true;  // for this replay only
  assign_ids(s);
}

VerifiedState verify_and_replay(const ledger::Ledger& led, const std::filesystem::path& db_path, bool replay_unverified,
                                const ledger::OnRecord& also, Items items) {
  VerifiedState out;
  if (items == Items::digest) out.state.digest.emplace();
  if (items == Items::cache) {
    out.state.refs.emplace();
    out.state.print.emplace();
  }
  ChainApply in_order{out.state, led};
  out.verify = ledger::verify_each(db_path, [&](const ledger::RecordView& r) {
    if (also) also(r);
    in_order(r);
    out.last_seq = r.seq;
  });
  if (!out.verify.ok) {
    out.state = replay_unverified ? replay(led) : State{};
  } else if (in_order.chain && out.verify.heads.size() <= 1) {
    out.state.chain = true;
    assign_ids(out.state);
  } else {
    out.state = replay(led);
  }
  return out;
}

}  // namespace interlink::process
