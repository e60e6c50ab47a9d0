// See load.hpp. The derived cache, in three files under .interlink/cache/:
//   state.pack     the state replayed up to some event, without its feedback
//                  items and decisions (small: what Detail::core reads);
//   items.pack     those items (the bulk of a large project);
//   summary.pack   what status needs of them (Detail::summary: small);
//   digest.pack    what validate needs of the items and events, and the
//                  print of the rows replayed (ledger/row_print.hpp);
//   report.pack    what a report shows of the items (trace.hpp's
//                  TraceDigest), beside the digest (load_reported);
// all in the packed form of process/pack.hpp, read without a DOM.
// Each holds the key it was computed for (the ledger's root hash, its heads
// and its newest seq); they are written together with the same key, the core
// last, so a load uses them only when their keys agree. The cache is never tracked
// (.interlink/ is git-ignored), never trusted beyond its key, and rebuilt
// whenever it does not match:
//   - key equal: the state as cached;
//   - the ledger grew by a chain of events whose first names the cached
//     heads (what every command appends): the cached state plus those events;
//   - anything else (a merge, another branch checked out, a damaged cache):
//     a full replay.
#include "process/load.hpp"

#include <map>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "io/cache_files.hpp"
#include "io/cache_seal.hpp"
#include "process/mapped_cache.hpp"
#include "process/pack.hpp"
#include "process/summary_step.hpp"
#include "process/trace.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::process {

namespace {

namespace stdfs = std::filesystem;
// 2: the items packed in a file of their own, counts per phase iteration,
// the stakeholders packed. 3: the core packed too (state.pack), not a
// msgpack DOM: 2.6 M of the 10.3 M instructions of `status` on
// examples/pspm once its files were parsed from their cache (callgrind).
// 4: summary.pack, so that `status` on a million events reads no item
// (1.7-2.2 s and 0.8 GiB for the 989,047 items of items.pack, issue 10).
// 5: digest.pack, what validate needs of the items and the events, and the
// print of the rows replayed (ledger/row_print.hpp), so that
// validate of a ledger verified since it last changed replays nothing
// (load_digested; 5.6 s on the 1m project, issue 10).
// 6: the digest holds the print of the rows replayed; a version-5 digest
// (without it) would never match verify's mark and keep validate slow until
// the ledger changed.
// 7: report.pack, so that the html and md report of a ledger verified since
// it last changed reads no item (~30 s on the 1m project, issue 10).
// 8: the core and report.pack hold the print of the rows replayed, as the
// digest does: a review found a core replayed from a doctored copy, extended
// by the genuine last event, beside the genuine digest of the same key.
// 9: the core's stakeholder records carry an index of offsets, so that a
// write finds its record by binary search and the load checks ids only
// (process/records.hpp).
// 10: summary.pack holds the approved decisions' references too, so that
// status after a write carries the summary over the new events instead of
// reading every item (process/summary_step.hpp; 6.1 s on the 1m project).
constexpr int kCacheVersion = kStateCacheVersion;
static_assert(kCacheVersion == 10, "say above what the new version changed");
// At most this many events appended since the cache are carried over
// (step_summarized): past that, the full load also rewrites the cache.
constexpr long long kMaxStepped = 10000;

struct Key {
  std::string root;
  std::vector<std::string> heads;
  long long seq = 0;
  bool operator==(const Key&) const = default;
};

stdfs::path cache_dir(const stdfs::path& root) { return root / ".interlink" / "cache"; }
constexpr const char* kCoreName = "state.pack";
constexpr const char* kItemsName = "items.pack";
constexpr const char* kSummaryName = "summary.pack";
constexpr const char* kDigestName = "digest.pack";
constexpr const char* kReportName = "report.pack";
constexpr std::string_view kReportMagic = "interlink state report";
constexpr std::string_view kDigestMagic = "interlink state digest";
constexpr std::string_view kItemsMagic = "interlink state items";
constexpr std::string_view kSummaryMagic = "interlink state summary";
constexpr std::string_view kCoreMagic = "interlink state core";

// The key that starts both files.
void put_key(pack::Writer& w, std::string_view magic, const Key& k) {
  w.str(magic);
  w.num(kCacheVersion);
  w.str(k.root);
  w.strs(k.heads);
  w.num(k.seq);
}

// The key of a file that starts with `magic`; nullopt if it is of another
// kind or version. Throws if damaged.
std::optional<Key> get_key(pack::Reader& r, std::string_view magic) {
  if (r.str() != magic || r.num() != kCacheVersion) return std::nullopt;
  Key k;
  k.root = r.str();
  // A ledger has a handful of heads; a crafted file must not make the
  // reader hold millions of strings before its key is even compared.
  const std::size_t heads = r.count();
  if (heads > 4096) throw std::runtime_error("damaged state cache");
  for (std::size_t i = 0; i < heads; ++i) k.heads.push_back(r.str());
  k.seq = r.num();
  return k;
}

// The core file: its key and its state (without items); nullopt if it is
// missing or of another version. Throws if damaged. print, if given,
// receives the print of the rows the core was replayed from ("" if the
// replay kept none).
// Mapped, not read: the stakeholder records stay in the mapping, which they
// keep alive (process/records.hpp).
std::optional<std::pair<Key, State>> read_core(const stdfs::path& root, std::string* print = nullptr) {
  auto m = std::make_shared<const MappedCache>(root, kCoreName);
  if (!m->ok()) return std::nullopt;
  pack::Reader r(m->bytes());
  auto k = get_key(r, kCoreMagic);
  if (!k) return std::nullopt;
  std::string rows = r.str();
  if (print) *print = std::move(rows);
  State s;
  pack::get_core(r, s, m);
  if (!r.done()) throw std::runtime_error("damaged state cache");
  return std::make_pair(std::move(*k), std::move(s));
}

// The items file into s if its key is `want`; false if it is missing, of
// another version or of another key. Throws if damaged.
bool read_items(const stdfs::path& root, const Key& want, State& s) {
  MappedCache m(root, kItemsName);
  if (!m.ok()) return false;
  pack::Reader r(m.bytes());
  auto k = get_key(r, kItemsMagic);
  if (!k || !(*k == want)) return false;
  pack::get(r, s.feedback);
  pack::get(r, s.decisions);
  if (!r.done()) throw std::runtime_error("damaged state cache");
  return true;
}

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

bool extends_chain(const ledger::Ledger& led, long long seq, const std::vector<std::string>& heads);

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
    const std::vector<std::string> approved = r.strs();
    if (!r.done() || !extends_chain(led, was.seq, was.heads)) return std::nullopt;
    State s = std::move(core->second);
    bool ok = true;
    led.scan({.after_seq = was.seq}, [&](const ledger::Record& row) {
      if (ok) ok = step_summary(s, sum, approved, led.parse(row));
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

std::optional<std::pair<Key, State>> read_cache(const stdfs::path& root, Detail detail) {
  try {
    auto core = read_core(root);
    if (!core) return std::nullopt;
    State& s = core->second;
    if (detail == Detail::full) {
      if (!read_items(root, core->first, s)) return std::nullopt;
      s.items = true;
    }
    return std::make_pair(std::move(core->first), std::move(s));
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged cache is rebuilt
    return std::nullopt;
  }
}

// Writes the files for a state that holds its items, and its summary; the
// digest too when the replay kept the refs (one chain).
// traced: trace(s), shared with the summary.
void write_cache(const stdfs::path& root, const Key& k, const State& s, const ItemSummary& sum,
                 const std::vector<TraceItem>& traced) {
  try {
    pack::Writer items;
    put_key(items, kItemsMagic, k);
    pack::put(items, s.feedback);
    pack::put(items, s.decisions);
    // The items and the summary first: a core is never written without the
    // items it names.
    if (!io::write_cache_file(root, kItemsName, items.bytes(), true)) return;
    pack::Writer summary;
    put_key(summary, kSummaryMagic, k);
    pack::put(summary, sum);
    summary.strs(approved_refs(s));
    if (!io::write_cache_file(root, kSummaryName, summary.bytes(), true)) return;
    if (s.refs && s.print) {
      pack::Writer digest;
      put_key(digest, kDigestMagic, k);
      digest.str(s.print->state());
      pack::put(digest, digest_items(s));
      pack::put(digest, *s.refs);
      if (!io::write_cache_file(root, kDigestName, digest.bytes(), true)) return;
      // Only from a replay that kept the print of its rows, which it
      // carries: a report takes it only for the rows verify checked.
      pack::Writer report;
      put_key(report, kReportMagic, k);
      report.str(s.print->hex());
      pack::put(report, digest_trace(s, traced));
      if (!io::write_cache_file(root, kReportName, report.bytes(), true)) return;
    }
    pack::Writer core;
    put_key(core, kCoreMagic, k);
    // The print of the rows it was replayed from, as the digest and the
    // report digest hold it: a key names rows by their hashes, which a
    // replay does not recompute, so a core replayed from a doctored copy
    // (then extended by the genuine events, or left beside a genuine
    // digest of the same key) is told apart only by its print.
    core.str(s.print ? s.print->hex() : std::string());
    pack::put_core(core, s);
    io::write_cache_file(root, kCoreName, core.bytes(), true);
    std::error_code ec;
    stdfs::remove(cache_dir(root) / "state.msgpack", ec);  // the core as cache version 2 wrote it
  } catch (...) {  // NOLINT(bugprone-empty-catch): the cache is only an optimisation
  }
}

// True if the events after `seq` are one chain starting from `heads`.
bool extends_chain(const ledger::Ledger& led, long long seq, const std::vector<std::string>& heads) {
  if (heads.size() != 1) return false;
  std::string prev = heads.front();
  bool ok = true;
  led.scan({.after_seq = seq}, [&](const ledger::Record& r) {
    if (!ok) return;
    ok = r.parents == "[\"" + prev + "\"]";
    prev = r.hash;
  });
  return ok;
}

// The refs cached for key `want` into s; false if missing, stale or damaged.
bool read_refs(const stdfs::path& root, const Key& want, State& s) {
  try {
    auto bytes = io::read_cache_file(root, kDigestName, 1u << 30);
    if (!bytes) return false;
    pack::Reader r(*bytes);
    auto k = get_key(r, kDigestMagic);
    if (!k || !(*k == want)) return false;
    auto print = ledger::RowPrint::resume(r.str());
    if (!print) return false;
    ItemDigest digest;
    LedgerRefs refs;
    pack::get(r, digest);
    pack::get(r, refs);
    if (!r.done()) return false;
    s.digest = std::move(digest);
    s.refs = std::move(refs);
    s.print = *print;
    return true;
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged cache is a miss
    return false;
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
    if (!core || !(core->first == now) || core_print != rows_print) return std::nullopt;
    State s = std::move(core->second);
    // Only state replayed from the very rows verify checked: the core's
    // print (above) and the report digest's alike. The digest (validate's)
    // is not needed.
    auto bytes = io::read_cache_file(root, kReportName, 1u << 30);
    if (!bytes) return std::nullopt;
    pack::Reader r(*bytes);
    auto k = get_key(r, kReportMagic);
    if (!k || !(*k == now) || r.str() != rows_print) return std::nullopt;
    TraceDigest d;
    pack::get(r, d);
    if (!r.done()) return std::nullopt;
    return std::make_pair(std::move(s), std::move(d));
  } catch (...) {  // NOLINT(bugprone-empty-catch): a damaged cache is a miss
  }
  return std::nullopt;
}

}  // namespace interlink::process
