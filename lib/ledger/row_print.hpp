// A fingerprint of a ledger's rows exactly as stored: SHA-256 over every
// column of every row (length-prefixed), in seq order. verify computes it
// over the rows it checked; the state cache computes it over the rows its
// replay read (process/load.cpp). Equal fingerprints mean the cache was
// replayed from the very bytes verify found sound, whichever file they were
// read from: a cache replayed from a doctored copy whose heads are the same
// (the stored hashes are not recomputed by a replay) has another print.
// The running state can be kept and resumed, so that a replay of the events
// appended since continues it.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/ledger.hpp"

namespace interlink::ledger {

class RowPrint {
 public:
  RowPrint();
  void add(const RecordView& r);
  void add(const Record& r) {
    add(RecordView{r.seq, r.hash, r.parents, r.time, r.actor, r.kind, r.subject, r.payload});
  }
  // The fingerprint of the rows added so far (lowercase hex).
  [[nodiscard]] std::string hex() const;
  // The running state, and a print resumed from one (nullopt if damaged).
  [[nodiscard]] std::string state() const;
  static std::optional<RowPrint> resume(std::string_view state);

 private:
  static constexpr std::size_t kStateBytes = 112;  // sizeof(SHA256_CTX), checked in row_print.cpp
  std::array<unsigned char, kStateBytes> ctx_{};
};

}  // namespace interlink::ledger
