// Loading the state for a command: the one function commands and the write
// side call, so that a derived cache (process/cache) can serve it.
#pragma once

#include "ledger/ledger.hpp"
#include "process/state.hpp"
#include "process/trace.hpp"
#include "project/handle.hpp"

namespace interlink::process {

// The version the cache's files carry (cache_store.cpp says what each one changed);
// a file of another version is a miss.
inline constexpr int kStateCacheVersion = 14;

// How much of the state a caller needs.
//   core:    everything but the feedback items and decisions themselves
//            (their counts per phase iteration are there): what gates and
//            every write need; read in time independent of the ledger's size.
//   summary: the core and what `status` needs of the items (state.hpp's
//            ItemSummary in State::summary), read from the cache when its
//            key is the ledger's exactly, or carried over the events
//            appended since when they allow it (process/summary_step.hpp);
//            otherwise the full state is loaded, summarized and its items
//            dropped.
//   full:    the items too (lists, trace, reports).
enum class Detail { core, summary, full };

// The state of the project's ledger, from the cache under .interlink/cache
// when it is fresh (keyed on the ledger's root, heads and newest seq), else
// replayed. may_write_cache: refresh the cache (the commands that show the
// state do; checks — validate, --check, --dry-run — write nothing, and
// writes use load_for_write).
State load_state(project::Handle& h, bool may_write_cache, Detail detail = Detail::full);
// The same for a ledger already open (under a write lock, in a commit).
State load_state(const ledger::Ledger& led, const std::filesystem::path& root, bool may_write_cache,
                 Detail detail = Detail::full);
// The core state for a write, in its commit (under the ledger's write lock).
// It writes no full cache, but when it had to replay many events (a long
// run of writes since the last command that showed the state) it leaves
// the core it reached in .interlink/cache/step.pack, for the next write to
// start from (load.cpp's kStepEvery).
State load_for_write(const ledger::Ledger& led, const std::filesystem::path& root);

// What validate needs of the ledger's state, from the cache alone: the core
// with the digest of the items (State::digest) and the refs (State::refs),
// as the commands that showed the state cached them for a ledger of one chain,
// plus the events appended since (a short replay of those alone), and the
// print of every row so replayed (State::print; the core and the digest
// must carry the same print, or nothing is returned). nullopt when the
// cache cannot give them: the caller replays the ledger in full. Reads
// only; the caller compares the print with verify's mark
// (process/verified.hpp).
std::optional<State> load_digested(const ledger::Ledger& led, const std::filesystem::path& root);

// What the html and md report need of the ledger's state, from the cache
// alone: the core and the trace digest (trace.hpp), as the commands that
// showed the state cached them, for the ledger as it is or for an earlier
// state of its chain, then carried over the events appended since (at most
// 10,000) when each allows it (process/summary_step.hpp's step_digest: a
// new open item, a decision that answers nothing, a phase or task move
// that changes no answer). Both files hold the print of the rows they were
// replayed from; that print, extended over the rows stepped over, must be
// rows_print, what verify checked (process/verified.hpp; interlink's own
// writes extend verify's mark). A merged ledger, replayed in its canonical
// order, keeps no print: its report always reads every event. nullopt
// otherwise: the caller verifies and replays the ledger in full.
std::optional<std::pair<State, TraceDigest>> load_reported(const ledger::Ledger& led, const std::filesystem::path& root,
                                                           const std::string& rows_print);

// The trace digest of the state verify_and_replay(..., Items::cache) gave
// the md and html report where load_reported() could not serve it, and,
// when that state is the verified rows' own (verify found them sound, one
// chain), the state cache written from it as a command that read every
// item writes it, but for the items file, which none of its readers
// needs: so that the next report reads only the events appended since.
// Without it, a cache more than 10,000 events behind (one `feedback
// import` of as many rows) or past an event it cannot step over made every
// report read every event (5.2 s and 800 MiB on the 1m bench project)
// until `trace` or `feedback list` ran; `status` carries its own summary
// and never refreshed it (issue 10). The state keeps its items.
TraceDigest digest_and_cache(const std::filesystem::path& root, const VerifiedState& checked);

}  // namespace interlink::process
