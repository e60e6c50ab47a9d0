// What the ledger says of every stakeholder (state.hpp's StakeholderRecord),
// by id. Replayed, it is a map. Read from the state cache's core it stays in
// its packed bytes, checked once, and only the records asked for are decoded:
// 10,000 records decoded into a map were 15.5 M of the 30 M instructions of
// one `decide` on the 1m bench project (callgrind, issue 10), for a write
// that needs one record or none. A record changed by a replay after the
// cache (stakeholder.added, .removed, .erased, consent.recorded) goes to an
// overlay over the packed bytes; a caller that needs them all (all(), size,
// iteration), or asks for more than a few (kPackedLookups), gets them
// decoded once into the map. Not for concurrent use:
// even a const lookup may decode a record into the overlay.
//
// The packed bytes are immutable and shared: a copy of the records shares
// them, and a reader that mapped the cache file hands its mapping over
// (take_packed's owner) instead of a copy. perf of `decide` on the 1m bench
// project: with the core read into a growing string and the records copied
// out of it, zeroing and faulting in fresh pages (clear_page_erms,
// do_anonymous_page) and memmove were the largest items after the start-up.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "util/pack.hpp"

namespace interlink::process {

struct StakeholderRecord {
  std::string id;
  std::string status = "current";  // current | removed | erased
  std::string consent;             // last consent status recorded, "" if none
  std::string joined;              // ISO time of stakeholder.added
  // The last sector recorded (stakeholder.added, stakeholder.updated): what
  // the participation figures count a stakeholder's feedback under once
  // their file is gone (removed, erased), so that removing someone does not
  // rewrite whose voices were heard.
  std::string sector;
};

class StakeholderRecords {
 public:
  using Map = std::map<std::string, StakeholderRecord, std::less<>>;

  // The record of id, created (status "current", other fields empty) if none:
  // what apply() changes.
  StakeholderRecord& operator[](const std::string& id);
  // The record of id, or nullptr.
  [[nodiscard]] const StakeholderRecord* find(std::string_view id) const;
  // Every record, by id (decodes the packed ones, once).
  [[nodiscard]] const Map& all() const;
  [[nodiscard]] std::size_t size() const { return all().size(); }
  [[nodiscard]] Map::const_iterator begin() const { return all().begin(); }
  [[nodiscard]] Map::const_iterator end() const { return all().end(); }

  // For process/pack: writes records packed, as take_packed() reads them: a
  // count, an index (each record's offset in the body, 4 bytes
  // little-endian), then the body (id, status, consent, joined, sector of each, ids
  // strictly increasing). The index lets a write find its record by binary
  // search without reading the others.
  static void put_packed(interlink::pack::Writer& w, const Map& records);
  // For process/pack: takes the packed records at the start of `in`, as
  // put_packed() wrote them, and returns how many bytes they took. Checks
  // the index and the order of the ids, not every field (the cache is
  // sealed: see take_packed). Throws std::runtime_error, and keeps nothing,
  // if damaged.
  // owner: what keeps `in` alive and unchanged (a mapped file), held as long
  // as the records are packed; without one the bytes are copied.
  std::size_t take_packed(std::string_view in, std::shared_ptr<const void> owner = nullptr);

 private:
  mutable Map map_;                            // all the records, or (packed) the overlay
  mutable std::shared_ptr<const void> owner_;  // keeps the bytes of index_ and body_; null once decoded
  mutable std::string_view index_, body_;      // empty once decoded, and for a replayed state
  mutable std::size_t count_ = 0;              // records in index_
  mutable bool is_packed_ = false;
  mutable int packed_lookups_ = 0;
  // Lookups served from the packed bytes before all are decoded (a write
  // needs one or two; see decode_all_now).
  static constexpr int kPackedLookups = 16;
  [[nodiscard]] bool decode_packed(std::string_view id, StakeholderRecord& out) const;
  // Counts a lookup; past kPackedLookups decodes all the records. True if
  // they are still packed.
  [[nodiscard]] bool decode_all_now() const;
};

}  // namespace interlink::process
