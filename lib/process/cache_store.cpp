// See cache_store.hpp.
#include "process/cache_store.hpp"

#include <functional>
#include <memory>
#include <stdexcept>

#include "io/cache_files.hpp"
#include "process/mapped_cache.hpp"
#include "process/pack.hpp"
#include "process/summary_step.hpp"

namespace interlink::process::cache {

namespace {

namespace stdfs = std::filesystem;

// The version every file carries (load.hpp's kStateCacheVersion); a file of
// another version is a miss. What each version changed:
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
// 11: the core's tasks carry the answers of their earlier iterations
// (TaskState::earlier_answers), which a later iteration's move keeps.
// 12: a merged ledger's late completion of an earlier iteration no longer
// completes the reopened one (state.cpp apply_phase).
// 13: the core says whether the ledger it was replayed from is one chain
// (State::chain), so that `decisions` and one item read alone know that
// the ledger's order is the replay's (trace_one.hpp).
// 14: the core files are sealed in two parts, the stakeholder records
// outside the seal and checked chunk by chunk as they are read
// (io::CacheSeal::open_split, StakeholderRecords::take_packed): unsealing
// 771 KB was 22 M of the 30 M instructions of one `decide` on the 1m bench
// project, which reads no record.
constexpr int kCacheVersion = kStateCacheVersion;
static_assert(kCacheVersion == 14, "say above what the new version changed");

}  // namespace

stdfs::path cache_dir(const stdfs::path& root) { return root / ".interlink" / "cache"; }

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

namespace {

// A core file (state.pack or step.pack): its key and its state; nullopt if
// it is missing or of another version. Throws if damaged. Mapped, not read:
// the stakeholder records stay in the mapping, which they keep alive
// (process/records.hpp).
// tail, if given, reads what follows the core (summary-step.pack's summary).
std::optional<std::pair<Key, State>> read_core_file(const stdfs::path& root, const char* name, std::string* print,
                                                    const std::function<void(pack::Reader&, State&)>& tail = {}) {
  auto m = std::make_shared<const MappedCache>(root, name, true);
  if (!m->ok()) return std::nullopt;
  pack::Reader r(m->bytes());
  auto k = get_key(r, kCoreMagic);
  if (!k) return std::nullopt;
  std::string rows = r.str();
  if (print) *print = std::move(rows);
  State s;
  pack::get_core(r, m->tail(), s, m);
  s.stakeholders.set_origin(cache_dir(root) / name);
  if (tail) tail(r, s);
  if (!r.done()) throw std::runtime_error("damaged state cache");
  return std::make_pair(std::move(*k), std::move(s));
}

// A core file so far. Sealed in two parts (io::CacheSeal::open_split): under
// the seal, the key, the print of the rows replayed, the core (and in
// summary-step.pack the summary after it); outside it, the stakeholder
// records' region, which the core holds the hashes of
// (StakeholderRecords::put_packed).
struct CoreFile {
  pack::Writer head;
  std::string region;

  bool write(const stdfs::path& root, const char* name) {
    return io::write_split_cache_file(root, name, head.bytes(), region, true);
  }
};

CoreFile core_writer(const Key& k, const std::string& print, const State& s) {
  CoreFile core;
  put_key(core.head, kCoreMagic, k);
  core.head.str(print);
  pack::put_core(core.head, core.region, s);
  return core;
}

}  // namespace

// print: that of the rows the core was replayed from, as the digest and the
// report digest hold it ("" if the replay kept none). A key names rows by
// their hashes, which a replay does not recompute, so a core replayed from
// a doctored copy (then extended by the genuine events, or left beside a
// genuine digest of the same key) is told apart only by its print.
std::optional<std::pair<Key, State>> read_core(const stdfs::path& root, std::string* print) {
  return read_core_file(root, kCoreName, print);
}

// The same magic as state.pack's: the seal binds each file to its name, so
// one is never taken for the other.
std::optional<std::pair<Key, State>> read_step(const stdfs::path& root) {
  return read_core_file(root, kStepName, nullptr);
}

std::optional<Summarized> read_summarized(const stdfs::path& root) {
  auto core = read_core(root);
  if (!core) return std::nullopt;
  auto bytes = io::read_cache_file(root, kSummaryName, 1u << 30);
  if (!bytes) return std::nullopt;
  pack::Reader r(*bytes);
  auto k = get_key(r, kSummaryMagic);
  if (!k || !(*k == core->first)) return std::nullopt;
  Summarized out{std::move(core->first), std::move(core->second), {}};
  out.state.summary.emplace();
  pack::get(r, *out.state.summary);
  out.approved = r.strs();
  if (!r.done()) throw std::runtime_error("damaged state cache");
  return out;
}

std::optional<Summarized> read_summary_step(const stdfs::path& root) {
  std::vector<std::string> approved;
  auto core = read_core_file(root, kSummaryStepName, nullptr, [&](pack::Reader& r, State& s) {
    s.summary.emplace();
    pack::get(r, *s.summary);
    approved = r.strs();
  });
  if (!core) return std::nullopt;
  return Summarized{std::move(core->first), std::move(core->second), std::move(approved)};
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

void write_cache(const stdfs::path& root, const Key& k, const State& s, const ItemSummary& sum,
                 const std::vector<TraceItem>& traced, const TraceDigest* report_digest, bool with_items) {
  try {
    // The items and the summary first: a core is never written without the
    // items it names, unless the caller leaves them out (the items file
    // left is then of another key: read_items() misses).
    if (with_items) {
      pack::Writer items;
      put_key(items, kItemsMagic, k);
      items.reserve(pack::put_bound(s.feedback) + pack::put_bound(s.decisions));
      pack::put(items, s.feedback);
      pack::put(items, s.decisions);
      if (!io::write_cache_file(root, kItemsName, items.bytes(), true)) return;
    }
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
      if (report_digest) {
        pack::put(report, *report_digest);
      } else {
        pack::put(report, digest_trace(s, traced));
      }
      if (!io::write_cache_file(root, kReportName, report.bytes(), true)) return;
    }
    if (!core_writer(k, s.print ? s.print->hex() : std::string(), s).write(root, kCoreName)) return;
    std::error_code ec;
    stdfs::remove(cache_dir(root) / "state.msgpack", ec);  // the core as cache version 2 wrote it
    // The core just written is at least as far on as the step files,
    // which would only make loads replay more than they need.
    stdfs::remove(cache_dir(root) / kStepName, ec);
    stdfs::remove(cache_dir(root) / kSummaryStepName, ec);
  } catch (...) {  // NOLINT(bugprone-empty-catch): the cache is only an optimisation
  }
}

void write_step(const stdfs::path& root, const Key& k, const State& s) {
  try {
    (void)core_writer(k, std::string(), s).write(root, kStepName);
  } catch (...) {  // NOLINT(bugprone-empty-catch): the cache is only an optimisation
  }
}

void write_summary_step(const stdfs::path& root, const Key& k, const State& s, const ItemSummary& sum,
                        const std::vector<std::string>& approved) {
  try {
    CoreFile w = core_writer(k, std::string(), s);
    pack::put(w.head, sum);
    w.head.strs(approved);
    (void)w.write(root, kSummaryStepName);
  } catch (...) {  // NOLINT(bugprone-empty-catch): the cache is only an optimisation
  }
}

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

}  // namespace interlink::process::cache
