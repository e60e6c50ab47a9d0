// The files of the derived state cache, under .interlink/cache/ (internal
// to lib/process: process/load.hpp decides when each is read or written):
//   state.pack     the state replayed up to some event, without its feedback
//                  items and decisions (small: what Detail::core reads);
//   items.pack     those items (the bulk of a large project);
//   summary.pack   what status needs of them (Detail::summary: small), and
//                  the approved decisions' references (summary_step.hpp);
//   digest.pack    what validate needs of the items and events, and the
//                  print of the rows replayed (ledger/row_print.hpp);
//   report.pack    what a report shows of the items (trace.hpp's
//                  TraceDigest), beside the digest (load_reported);
//   step.pack      the core alone, carried further than state.pack by the
//                  loads that replay it over the events appended since
//                  (load.cpp's kStepEvery), so that a long run of writes
//                  with no full read between them does not make every
//                  write replay all the events of that run;
//   summary-step.pack  the same for status: a core and its summary carried
//                  over the events appended since summary.pack;
// all in the packed form of process/pack.hpp, read without a DOM, and
// sealed with the user's key (io/cache_seal.hpp). Each starts with the key
// it was computed for (the ledger's root hash, its heads and its newest
// seq); they are written together with the same key, the core last
// (the step files alone, and removed when they are written).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/ledger.hpp"
#include "process/load.hpp"
#include "process/state.hpp"
#include "process/trace.hpp"
#include "util/pack.hpp"

namespace interlink::process::cache {

struct Key {
  std::string root;
  std::vector<std::string> heads;
  long long seq = 0;
  bool operator==(const Key&) const = default;
};

inline constexpr const char* kCoreName = "state.pack";
inline constexpr const char* kItemsName = "items.pack";
inline constexpr const char* kSummaryName = "summary.pack";
inline constexpr const char* kDigestName = "digest.pack";
inline constexpr const char* kReportName = "report.pack";
inline constexpr const char* kStepName = "step.pack";
inline constexpr const char* kSummaryStepName = "summary-step.pack";
inline constexpr std::string_view kReportMagic = "interlink state report";
inline constexpr std::string_view kDigestMagic = "interlink state digest";
inline constexpr std::string_view kItemsMagic = "interlink state items";
inline constexpr std::string_view kSummaryMagic = "interlink state summary";
inline constexpr std::string_view kCoreMagic = "interlink state core";

std::filesystem::path cache_dir(const std::filesystem::path& root);

// The key that starts every file, after its magic and the cache version.
void put_key(pack::Writer& w, std::string_view magic, const Key& k);
// The key of a file that starts with `magic`; nullopt if it is of another
// kind or version. Throws if damaged.
std::optional<Key> get_key(pack::Reader& r, std::string_view magic);

// The core file: its key and its state (without items); nullopt if it is
// missing or of another version. Throws if damaged. print, if given,
// receives the print of the rows the core was replayed from ("" if the
// replay kept none). Mapped, not read: the stakeholder records stay in the
// mapping, which they keep alive (process/records.hpp).
std::optional<std::pair<Key, State>> read_core(const std::filesystem::path& root, std::string* print = nullptr);
// The same of step.pack, whose print is always "" (no replay that writes it
// keeps one).
std::optional<std::pair<Key, State>> read_step(const std::filesystem::path& root);
// A core with its summary (in State::summary) and the approved decisions'
// references, which status carries over the events appended since
// (process/summary_step.hpp).
struct Summarized {
  Key key;
  State state;
  std::vector<std::string> approved;
};
// state.pack with summary.pack of the same key; nullopt if either is
// missing or of another version, or their keys differ. Throws if damaged.
std::optional<Summarized> read_summarized(const std::filesystem::path& root);
// summary-step.pack; nullopt if missing or of another version. Throws if
// damaged.
std::optional<Summarized> read_summary_step(const std::filesystem::path& root);

// The items file into s if its key is `want`; false if it is missing, of
// another version or of another key. Throws if damaged.
bool read_items(const std::filesystem::path& root, const Key& want, State& s);
// The core, and with Detail::full its items of the same key; nullopt if
// either is missing, stale or damaged.
std::optional<std::pair<Key, State>> read_cache(const std::filesystem::path& root, Detail detail);
// The refs and the print cached in digest.pack for key `want` into s (and
// the digest of the items); false if missing, stale or damaged.
bool read_refs(const std::filesystem::path& root, const Key& want, State& s);

// Writes the files for a state that holds its items, and its summary; the
// digest and the report digest too when the replay kept the refs and the
// print (one chain). traced: trace(s), shared with the summary; report:
// digest_trace(s, traced) when the caller has it already, else computed
// here. with_items false: all but the items file, for a caller whose
// readers need none of them (the report: process/load.hpp's
// digest_and_cache); a load that needs them finds the items file of
// another key, a miss, and replays. Never throws: the cache is only an
// optimisation.
void write_cache(const std::filesystem::path& root, const Key& k, const State& s, const ItemSummary& sum,
                 const std::vector<TraceItem>& traced, const TraceDigest* report = nullptr, bool with_items = true);
// Writes step.pack: the core of s (its items are not written) for key k.
// Never throws.
void write_step(const std::filesystem::path& root, const Key& k, const State& s);
// Writes summary-step.pack: the core of s, sum and approved, for key k.
// Never throws.
void write_summary_step(const std::filesystem::path& root, const Key& k, const State& s, const ItemSummary& sum,
                        const std::vector<std::string>& approved);

using ledger::extends_chain;

}  // namespace interlink::process::cache
