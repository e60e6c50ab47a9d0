// The state cache (process/cache_store.hpp) in the packed form of util/pack.hpp:
// the core of the state (phases, tasks, counts, stakeholders' records), the
// feedback items and the decisions. Unpacking throws std::runtime_error on any damage, and the
// caller replays the ledger instead.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "process/state.hpp"
#include "process/trace.hpp"
#include "util/pack.hpp"

namespace interlink::process::pack {

using interlink::pack::Reader;
using interlink::pack::Writer;

void put(Writer& w, const std::vector<Feedback>& items);
// At most how many bytes put() appends for these items (Writer::reserve).
std::size_t put_bound(const std::vector<Feedback>& items);
void put(Writer& w, const std::vector<Decision>& items);
std::size_t put_bound(const std::vector<Decision>& items);
void get(Reader& r, std::vector<Feedback>& items);
void get(Reader& r, std::vector<Decision>& items);

// What status needs of the items (state.hpp's ItemSummary); unlike the items,
// the reviewable decisions keep their ids: those are the shortest prefixes
// unique among every decision, which the summary does not hold.
void put(Writer& w, const ItemSummary& sum);
void get(Reader& r, ItemSummary& sum);

// What a report shows of the items (trace.hpp's TraceDigest); the
// decisions and listed items keep their ids, as the summary's do.
void put(Writer& w, const TraceDigest& d);
void get(Reader& r, TraceDigest& d);

// What validate needs of the items and of the events (state.hpp's
// ItemDigest and LedgerRefs), their lookups rebuilt when read.
void put(Writer& w, const ItemDigest& d);
void get(Reader& r, ItemDigest& d);
void put(Writer& w, const LedgerRefs& refs);
void get(Reader& r, LedgerRefs& refs);

// The core of a state (process/load.hpp's Detail::core): everything but the
// feedback items and decisions, whose counts it holds. The stakeholder
// records go in two parts (StakeholderRecords::put_packed): `region` gets
// their bytes, which a core file keeps outside its seal, and `w` the rest
// with what checks the region. get_core() leaves s.items false. owner: what
// keeps `region` alive (a mapped file), so that the records can stay in it
// rather than be copied.
void put_core(Writer& w, std::string& region, const State& s);
void get_core(Reader& r, std::string_view region, State& s, const std::shared_ptr<const void>& owner = nullptr);

}  // namespace interlink::process::pack
