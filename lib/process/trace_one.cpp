// See trace_one.hpp.
#include "process/trace_one.hpp"

#include <set>

#include "ledger/kinds.hpp"
#include "process/ids.hpp"

namespace interlink::process {

namespace {

namespace kinds = ledger::kinds;

// Items whose first kShortIdDigits digits are one item's: more than this and
// the short id is left to the full path (never seen: 8 hex digits are 4
// billion prefixes).
constexpr int kMaxSharing = 64;

// Every decision, in the order the ledger stores them (seq), with its id
// as assign_ids() gives it.
std::vector<Decision> decisions_in_seq_order(const ledger::Ledger& led) {
  State s;
  for (const auto& e : led.read({.kind = std::string(kinds::decision_recorded)})) s.decisions.push_back(decision_of(e));
  assign_ids(s);
  return std::move(s.decisions);
}

}  // namespace

std::optional<std::vector<Decision>> decisions_alone(const ledger::Ledger& led, const State& core) {
  if (!core.chain) return std::nullopt;
  return decisions_in_seq_order(led);
}

OneItem trace_one(const ledger::Ledger& led, const State& core, const std::string& id_or_prefix) {
  OneItem out;
  // As State::find_feedback reads an id: "fb-" then a prefix of the hash.
  // "fb-" alone names every item: the full path says which (or refuses).
  if (id_or_prefix.rfind("fb-", 0) != 0 || id_or_prefix.size() == 3) return out;
  const auto named = led.hashes_with_prefix(kinds::feedback_recorded, id_or_prefix.substr(3), 2);
  if (named.size() > 1) return out;  // ambiguous: refused by the full path, with every candidate's id
  if (named.empty()) {
    out.found = OneItem::Found::none;
    return out;
  }
  const std::string& hash = named.front();
  auto event = led.find(hash);
  if (!event || event->kind != kinds::feedback_recorded) return out;
  out.feedback = feedback_of(*event);

  // Its short id: the shortest prefix of at least kShortIdDigits digits that
  // no other item shares; only the items sharing those digits can make it longer.
  const auto sharing = led.hashes_with_prefix(kinds::feedback_recorded, hash.substr(0, kShortIdDigits), kMaxSharing);
  if (sharing.size() >= static_cast<std::size_t>(kMaxSharing)) return out;
  const std::string id = short_id_among(hash, sharing);
  if (id.empty()) return out;
  out.feedback.id = "fb-" + id;

  // Every decision, with its id; those that name the item answer it when approved.
  const std::vector<Decision> decisions = decisions_in_seq_order(led);
  if (!core.chain) {
    std::set<std::string> times;  // of the references to the item
    for (const auto& d : decisions) {
      for (const auto& r : d.addresses) {
        // A tie: the replay order decides (see the header).
        if (names_feedback(r, hash) && !times.insert(d.time).second) return out;
      }
    }
  }
  out.answers = answers_to(core, decisions, hash);
  out.pending = pending_of(decisions, hash);
  out.found = OneItem::Found::one;
  return out;
}

}  // namespace interlink::process
