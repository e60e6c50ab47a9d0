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
#include "process/load.hpp"

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
// (step_summarized, load_reported): past that, the full load also
// rewrites the cache.
constexpr long long kMaxStepped = 10000;

// The core and the summary, both of key `want` exactly; nullopt otherwise
// (missing, stale or damaged: the caller loads the full state instead).
std::optional<State> read_summarized(const stdfs::path& root, const Key& want) {
  try {
    auto core = read_core(root);
    if (!core || !(core->first == want)) return std::nullopt;
    auto bytes = io::read_cache_file(root, kSummaryName, 1u << 30);
    if (!bytes) return std::nullopt;
    pack::Reader r(*bytes);
    auto k = get_key(r, kSummaryMagic);
    if (!k || !(*k == want)) return std::nullopt;
    ItemSummary sum;
    pack::get(r, sum);
    (void)r.strs();  // the approved decisions' references: for step_summarized
    if (!r.done()) return std::nullopt;
    core->second.summary = std::move(sum);
    return std::move(core->second);
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged cache is rebuilt
    return std::nullopt;
  }
}

// The core and the summary cached together for an earlier state of this
// ledger, carried over the events appended since, when each of them can be
// (process/summary_step.hpp); nullopt otherwise. Writes nothing: the items
// file stays with the core it matches, for the commands that read them.
std::optional<State> step_summarized(const ledger::Ledger& led, const stdfs::path& root, const Key& now) {
  try {
    auto core = read_core(root);
    if (!core) return std::nullopt;
    const Key was = core->first;
    if (was.root != now.root || was.seq >= now.seq || now.seq - was.seq > kMaxStepped || now.heads.size() != 1) {
      return std::nullopt;
    }
    auto bytes = io::read_cache_file(root, kSummaryName, 1u << 30);
    if (!bytes) return std::nullopt;
    pack::Reader r(*bytes);
    auto k = get_key(r, kSummaryMagic);
    if (!k || !(*k == was)) return std::nullopt;
    ItemSummary sum;
    pack::get(r, sum);
    std::vector<std::string> approved = r.strs();
    if (!r.done() || !extends_chain(led, was.seq, was.heads)) return std::nullopt;
    State s = std::move(core->second);
    bool ok = true;
    led.scan({.after_seq = was.seq}, [&](const ledger::Record& row) {
      if (ok) ok = step_summary(s, sum, approved, led.parse(row), led);
    });
    if (!ok) return std::nullopt;
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

}  // namespace

State load_state(project::Handle& h, bool may_write_cache, Detail detail) {
  return load_state(h.ledger(), h.root(), may_write_cache, detail);
}

State load_state(const ledger::Ledger& led, const std::filesystem::path& root, bool may_write_cache, Detail detail) {
  Key now{led.root_hash(), led.heads(), led.last_seq()};
  if (detail == Detail::summary) {
    if (auto cached = read_summarized(root, now)) return std::move(*cached);
    if (auto stepped = step_summarized(led, root, now)) return std::move(*stepped);
  }
  // A summary is computed from the full state.
  const Detail read = detail == Detail::summary ? Detail::full : detail;
  State s;
  bool computed = false;
  if (auto cached = read_cache(root, read); cached && cached->first.root == now.root) {
    const Key& was = cached->first;
    if (was == now) {
      if (read == Detail::full) assign_ids(cached->second);  // ids are derived, not cached
      if (detail != Detail::summary) return std::move(cached->second);
      s = std::move(cached->second);  // only its summary was missing or damaged
      computed = true;
    } else if (was.seq < now.seq && now.heads.size() == 1 && extends_chain(led, was.seq, was.heads)) {
      s = std::move(cached->second);
      // The refs go on from the cached ones, for the digest written below;
      // without them it is not written. The items digest is recomputed from
      // the items, so it is not kept in the replay.
      if (may_write_cache && read == Detail::full && read_refs(root, was, s)) s.digest.reset();
      replay_into(s, led, was.seq);
      s.items = read == Detail::full;
      computed = true;
    }
  }
  if (!computed) {
    if (may_write_cache) s.refs.emplace();  // kept for the digest, with the print (see write_cache)
    replay_into(s, led);
  }
  // Only a state with its items is written: the files always agree.
  std::optional<ItemSummary> sum;
  std::vector<TraceItem> traced;  // points into s.feedback: s is not changed while it is used
  if (s.items && (may_write_cache || detail == Detail::summary)) {
    traced = trace(s);
    sum = summarize(s, traced);
  }
  if (may_write_cache && s.items) write_cache(root, now, s, *sum, traced);
  traced.clear();
  if (detail == Detail::summary) {
    s.summary = std::move(sum);
    return std::move(drop_items(s, Detail::core));
  }
  return std::move(drop_items(s, detail));
}

std::optional<State> load_digested(const ledger::Ledger& led, const std::filesystem::path& root) {
  const Key now{led.root_hash(), led.heads(), led.last_seq()};
  try {
    std::string core_print;
    auto core = read_core(root, &core_print);
    if (!core || core->first.root != now.root) return std::nullopt;
    const Key was = core->first;
    State s = std::move(core->second);
    // The core and the digest replayed from the same rows.
    if (!read_refs(root, was, s) || !s.print || s.print->hex() != core_print) return std::nullopt;
    if (was == now) return s;
    if (was.seq < now.seq && now.heads.size() == 1 && extends_chain(led, was.seq, was.heads)) {
      replay_into(s, led, was.seq);  // apply() keeps the digest and the refs
      return s;
    }
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged cache is a miss
  }
  return std::nullopt;
}

std::optional<std::pair<State, TraceDigest>> load_reported(const ledger::Ledger& led, const std::filesystem::path& root,
                                                           const std::string& rows_print) {
  const Key now{led.root_hash(), led.heads(), led.last_seq()};
  try {
    std::string core_print;
    auto core = read_core(root, &core_print);
    if (!core || core->first.root != now.root || core_print.empty()) return std::nullopt;
    const Key was = core->first;
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
    if (was == now) {
      if (core_print != rows_print) return std::nullopt;
      return std::make_pair(std::move(s), std::move(d));
    }
    // A write since (what every command appends): the events appended,
    // stepped over when each allows it (summary_step.hpp's step_digest),
    // their rows added to the print, which must then be verify's.
    if (was.seq >= now.seq || now.seq - was.seq > kMaxStepped || now.heads.size() != 1 ||
        !extends_chain(led, was.seq, was.heads)) {
      return std::nullopt;
    }
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
