// See load.hpp. The cache's files are process/cache_store.hpp's; this file
// decides when each is used, and they are rebuilt whenever they do not
// match:
//   - key equal: the state as cached;
//   - the ledger grew by a chain of events whose first names the cached
//     heads (what every command appends): the cached state plus those events
//     (for status, its summary carried over them, and for a report its
//     trace digest: process/summary_step.hpp);
//   - anything else (a merge, another branch checked out, a damaged cache):
//     a full replay.
// A core load (what every write makes) tries step.pack first: the core
// alone, which such a load leaves once it replayed kStepEvery events or
// more, so that it replays at most that many again; status likewise
// summary-step.pack, the core with its summary.
#include "process/load.hpp"

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "io/cache_files.hpp"
#include "io/cache_seal.hpp"
#include "process/cache_store.hpp"
#include "process/pack.hpp"
#include "process/summary_step.hpp"
#include "process/trace.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::process {

namespace {

namespace stdfs = std::filesystem;
using namespace cache;  // NOLINT(google-build-using-namespace): the cache is this file's subject
// At most this many events appended since the cache are carried over
// (summarized, load_reported): past that, the full load also
// rewrites the cache.
constexpr long long kMaxStepped = 10000;
// A core load that replayed this many events or more (past the cached core,
// or from the start) leaves the core it reached in step.pack, and status
// that carried its summary over as many leaves both in summary-step.pack.
// Why: writes write no full cache, and a long run of them (a script's loop)
// with no full read between made every write replay the whole run so far:
// one `feedback add` on a copy of examples/pspm went from 8.4 ms to 22 ms
// over 2,600 of them (callgrind: replay_into 52 M of its 75 M
// instructions). Writing the core costs about as much as replaying a few
// dozen events on the 1m bench project (its stakeholder records are most of
// its 0.8 MB), so it is written once per this many events, and no write
// replays more.
constexpr long long kStepEvery = 32;

// How a state cached at `was` serves the ledger at `now`.
enum class Fit { none, same, behind };

Fit fit(const ledger::Ledger& led, const Key& was, const Key& now) {
  if (was.root != now.root) return Fit::none;
  if (was == now) return Fit::same;
  // Behind on the same chain: the ledger grew by events whose first names
  // the cached heads (what every command appends).
  if (was.seq < now.seq && now.heads.size() == 1 && extends_chain(led, was.seq, was.heads)) return Fit::behind;
  return Fit::none;
}

const Key& key_of(const std::pair<Key, State>& cached) { return cached.first; }
const Key& key_of(const Summarized& cached) { return cached.key; }

// The first of the cached states `reads` give (a step file, then the cache
// it steps from) that serves the ledger at `now`, into `out`, and how;
// Fit::none and `out` empty if none does. A damaged file is a miss.
template <typename T>
Fit nearest(const ledger::Ledger& led, const Key& now, std::optional<T>& out,
            std::initializer_list<std::function<std::optional<T>()>> reads) {
  for (const auto& read : reads) {
    try {
      out = read();
    } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged cache is a miss
      out.reset();
    }
    if (!out) continue;
    if (const Fit f = fit(led, key_of(*out), now); f != Fit::none) return f;
  }
  out.reset();
  return Fit::none;
}

// The core and its summary cached nearest before `now` on its chain
// (summary-step.pack's, else state.pack's with summary.pack's), carried
// over the events appended since when each of them can be
// (process/summary_step.hpp); nullopt otherwise: the caller loads the full
// state. The items file stays with the core it matches, for the commands
// that read them; may_step: when many events were carried over, leave the
// result in summary-step.pack, so that the next status starts from there.
std::optional<State> summarized(const ledger::Ledger& led, const stdfs::path& root, const Key& now, bool may_step) {
  try {
    std::optional<Summarized> c;
    const Fit f = nearest<Summarized>(led, now, c,
                                      {[&] { return read_summary_step(root); }, [&] { return read_summarized(root); }});
    if (f == Fit::none) return std::nullopt;
    State s = std::move(c->state);
    if (f == Fit::same) return s;
    const Key& was = c->key;
    if (now.seq - was.seq > kMaxStepped) return std::nullopt;
    ItemSummary sum = std::move(*s.summary);
    s.summary.reset();
    bool ok = true;
    led.scan({.after_seq = was.seq}, [&](const ledger::Record& row) {
      if (ok) ok = step_summary(s, sum, c->approved, led.parse(row), led);
    });
    if (!ok) return std::nullopt;
    if (may_step && now.seq - was.seq >= kStepEvery) write_summary_step(root, now, s, sum, c->approved);
    s.summary = std::move(sum);
    s.feedback.clear();
    s.decisions.clear();
    s.items = false;
    return s;
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged cache is a miss
    return std::nullopt;
  }
}

// A core state holds no items, not even those of the events just replayed.
State& drop_items(State& s, Detail detail) {
  if (detail == Detail::core) {
    s.feedback.clear();
    s.decisions.clear();
    s.items = false;
  }
  return s;
}

// The loads below. may_step: a core load may write step.pack (writes, and
// the commands that refresh the cache).
State load(const ledger::Ledger& led, const std::filesystem::path& root, bool may_write_cache, Detail detail,
           bool may_step) {
  Key now{led.root_hash(), led.heads(), led.last_seq()};
  if (detail == Detail::summary) {
    if (auto cached = summarized(led, root, now, may_step)) return std::move(*cached);
  }
  // A summary is computed from the full state.
  const Detail read = detail == Detail::summary ? Detail::full : detail;
  // The nearest cached state: step.pack for a core load (it is newer than
  // state.pack when there is one: writing state.pack removes it), else
  // state.pack, with the items for a full load.
  using Cached = std::optional<std::pair<Key, State>>;
  Cached cached;
  const Fit f = nearest<std::pair<Key, State>>(
      led, now, cached,
      {[&] { return read == Detail::core ? read_step(root) : Cached(); }, [&] { return read_cache(root, read); }});
  State s;
  bool computed = false;
  long long replayed = 0;  // events replayed to reach `now`
  if (f == Fit::same) {
    if (read == Detail::full) assign_ids(cached->second);  // ids are derived, not cached
    if (detail != Detail::summary) return std::move(cached->second);
    s = std::move(cached->second);  // only its summary was missing or damaged
    computed = true;
  } else if (f == Fit::behind) {
    const Key& was = cached->first;
    s = std::move(cached->second);
    // The refs go on from the cached ones, for the digest written below;
    // without them it is not written. The items digest is recomputed from
    // the items, so it is not kept in the replay.
    if (may_write_cache && read == Detail::full && read_refs(root, was, s)) s.digest.reset();
    replay_into(s, led, was.seq, read != Detail::core);
    replayed = now.seq - was.seq;
    s.items = read == Detail::full;
    computed = true;
  }
  if (!computed) {
    // A core load keeps no items, so it writes no full cache (step.pack
    // below): on a fresh clone of the 1m bench project, `tasks` took 12.1 s
    // and 988 MB to replay and write every item it does not show, a write
    // 6.9-8.5 s and 775 MB; now 1.8-2.2 s and 16 MB, once.
    const bool keep_items = read != Detail::core;
    if (may_write_cache && keep_items) s.refs.emplace();  // kept for the digest, with the print (see write_cache)
    replay_into(s, led, 0, keep_items);
    replayed = now.seq;
  }
  // Only a state with its items is written: the files always agree.
  std::optional<ItemSummary> sum;
  std::vector<TraceItem> traced;  // points into s.feedback: s is not changed while it is used
  if (s.items && (may_write_cache || detail == Detail::summary)) {
    traced = trace(s);
    sum = summarize(s, traced);
  }
  if (may_write_cache && s.items) {
    write_cache(root, now, s, *sum, traced);
  } else if (may_step && read == Detail::core && replayed >= kStepEvery) {
    write_step(root, now, s);
  }
  traced.clear();
  if (detail == Detail::summary) {
    s.summary = std::move(sum);
    return std::move(drop_items(s, Detail::core));
  }
  return std::move(drop_items(s, detail));
}

}  // namespace

State load_state(project::Handle& h, bool may_write_cache, Detail detail) {
  return load_state(h.ledger(), h.root(), may_write_cache, detail);
}

State load_state(const ledger::Ledger& led, const std::filesystem::path& root, bool may_write_cache, Detail detail) {
  return load(led, root, may_write_cache, detail, may_write_cache);
}

State load_for_write(const ledger::Ledger& led, const std::filesystem::path& root) {
  return load(led, root, false, Detail::core, true);
}

std::optional<State> load_digested(const ledger::Ledger& led, const std::filesystem::path& root) {
  const Key now{led.root_hash(), led.heads(), led.last_seq()};
  try {
    std::string core_print;
    auto core = read_core(root, &core_print);
    if (!core || fit(led, core->first, now) == Fit::none) return std::nullopt;
    const Key was = core->first;
    State s = std::move(core->second);
    // The core and the digest replayed from the same rows.
    if (!read_refs(root, was, s) || !s.print || s.print->hex() != core_print) return std::nullopt;
    if (was == now) return s;
    replay_into(s, led, was.seq);  // apply() keeps the digest and the refs
    return s;
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged cache is a miss
  }
  return std::nullopt;
}

TraceDigest digest_and_cache(const std::filesystem::path& root, const VerifiedState& checked) {
  const State& s = checked.state;
  std::vector<TraceItem> traced = trace(s);  // points into s.feedback
  TraceDigest d = digest_trace(s, traced);
  const ledger::VerifyResult& v = checked.verify;
  // The key from verify's own pass: the rows replayed are the rows it
  // checked, under its shared change lock; a write committed since is
  // not in this state, whatever the ledger holds now. The files carry the
  // print of those rows (State::print), which a report compares with
  // verify's mark before it takes them.
  if (v.ok && s.chain && s.items && s.refs && s.print && checked.last_seq > 0) {
    // Without the items file: no reader of these files needs it, and
    // writing the 245 MB of the 1m bench project's items was 2 s of that
    // report's 7.4 s and 250 MiB of its 1.05 GiB peak. trace and the lists
    // replay once, as they did without this cache.
    write_cache(root, Key{v.root, v.heads, checked.last_seq}, s, summarize(s, traced), traced, &d,
                /*with_items=*/false);
  }
  return d;
}

std::optional<std::pair<State, TraceDigest>> load_reported(const ledger::Ledger& led, const std::filesystem::path& root,
                                                           const std::string& rows_print) {
  const Key now{led.root_hash(), led.heads(), led.last_seq()};
  try {
    std::string core_print;
    auto core = read_core(root, &core_print);
    if (!core || core_print.empty()) return std::nullopt;
    const Key was = core->first;
    const Fit f = fit(led, was, now);
    if (f == Fit::none) return std::nullopt;
    // Only state replayed from rows verify checked: the core and the report
    // digest carry the print of the rows they were replayed from, and those
    // rows (plus any stepped over below) must be the rows verify checked.
    // The digest (validate's) is not needed.
    auto bytes = io::read_cache_file(root, kReportName, 1u << 30);
    if (!bytes) return std::nullopt;
    pack::Reader r(*bytes);
    auto k = get_key(r, kReportMagic);
    if (!k || !(*k == was) || r.str() != core_print) return std::nullopt;
    TraceDigest d;
    pack::get(r, d);
    if (!r.done()) return std::nullopt;
    State s = std::move(core->second);
    if (f == Fit::same) {
      if (core_print != rows_print) return std::nullopt;
      return std::make_pair(std::move(s), std::move(d));
    }
    // A write since (what every command appends): the events appended,
    // stepped over when each allows it (summary_step.hpp's step_digest),
    // their rows added to the print, which must then be verify's.
    if (now.seq - was.seq > kMaxStepped) return std::nullopt;
    if (!read_refs(root, was, s) || !s.print || s.print->hex() != core_print) return std::nullopt;
    s.digest.reset();  // apply() keeps items, for step_digest to take
    std::vector<std::string> approved = approved_refs(d.decisions);
    bool ok = true;
    led.scan({.after_seq = was.seq}, [&](const ledger::Record& row) {
      if (!ok) return;
      s.print->add(row);
      ok = step_digest(s, d, approved, led.parse(row), led);
    });
    if (!ok || s.print->hex() != rows_print) return std::nullopt;
    drop_items(s, Detail::core);
    return std::make_pair(std::move(s), std::move(d));
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged cache is a miss
  }
  return std::nullopt;
}

}  // namespace interlink::process
