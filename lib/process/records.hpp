// What the ledger says of every stakeholder (state.hpp's StakeholderRecord),
// by id. Replayed, it is a map. Read from the state cache's core it stays in
// its packed bytes, each chunk of them checked when first read, and only the
// records asked for are decoded:
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
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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

  // For process/pack: the records packed in two parts. `region` gets the
  // records (id, status, consent, joined, sector of each, ids strictly
  // increasing), cut into chunks of whole records of about kChunkBytes;
  // `w` gets what finds and checks them: the count of records, the size
  // of the region, and for each chunk its first id, its offset and the
  // SHA-256 of its bytes. The core files keep the region in the tail that
  // their seal does not cover (io::CacheSeal::open_split), and the rest
  // under it.
  static void put_packed(interlink::pack::Writer& w, std::string& region, const Map& records);
  // The same for these records, packed or not, without decoding the packed
  // ones: the chunks the overlay leaves alone are carried with their hashes.
  void put_packed(interlink::pack::Writer& w, std::string& region) const;
  // For process/pack: reads from r what put_packed() wrote to `w`, and takes
  // `region` as the records' bytes. Throws std::runtime_error, and keeps
  // nothing, if they do not fit each other.
  // A lookup finds its chunk by the first ids (binary search), checks that
  // chunk against its hash the first time it reads it, and reads the
  // records in it; all() checks every chunk. One write, which reads one
  // record or none, hashes one chunk or none, not the 771 KB of the 10,000
  // records of the 1m bench project: unsealing those was 22 M of the 30 M
  // instructions of one `decide` (callgrind, issue 10). A chunk that fails
  // its check throws interlink::Error (ExitStatus::internal) from the
  // lookup: the cache was damaged after it was sealed (a bad disk, an edit
  // with this user's rights). The file is removed first (set_origin), so
  // that the command run again replays; a write stops before it commits.
  // owner: what keeps `region` alive and unchanged (a mapped file), held as
  // long as the records are packed; without one the bytes are copied.
  void take_packed(interlink::pack::Reader& r, std::string_view region, std::shared_ptr<const void> owner = nullptr);
  // The file the packed records were read from, removed if a chunk is
  // found damaged (see take_packed).
  void set_origin(std::filesystem::path file) { origin_ = std::move(file); }
  // The size past which put_packed() ends a chunk (a chunk holds one
  // record at least).
  static constexpr std::size_t kChunkBytes = 4096;

 private:
  mutable Map map_;                            // all the records, or (packed) the overlay
  mutable std::shared_ptr<const void> owner_;  // keeps the bytes of region_; null once decoded
  mutable std::string_view region_;            // the packed records; empty once decoded, and for a replayed state
  mutable std::size_t count_ = 0;              // records in region_
  mutable std::vector<std::string> first_;     // the first id of each chunk
  mutable std::vector<std::size_t> offsets_;   // where each chunk starts in region_
  mutable std::string hashes_;                 // the SHA-256 of each chunk
  mutable std::vector<bool> checked_;          // the chunks checked against their hash
  mutable std::filesystem::path origin_;       // the cache file, if read from one
  mutable bool is_packed_ = false;
  mutable int packed_lookups_ = 0;
  // Lookups served from the packed bytes before all are decoded: a write
  // needs one or two, and the replay of a run of writes since the step file
  // one for each stakeholder event in it (fewer than load.cpp's kStepEvery,
  // 32); see decode_all_now.
  static constexpr int kPackedLookups = 64;
  [[nodiscard]] bool decode_packed(std::string_view id, StakeholderRecord& out) const;
  // Chunk c's bytes, checked against its hash (once).
  [[nodiscard]] std::string_view chunk(std::size_t c) const;
  [[noreturn]] void damaged_after_load(const char* what) const;
  // Counts a lookup; past kPackedLookups decodes all the records. True if
  // they are still packed.
  [[nodiscard]] bool decode_all_now() const;
};

}  // namespace interlink::process
