// See records.hpp.
#include "process/records.hpp"

#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <system_error>

#include "util/error.hpp"
#include "util/pack.hpp"

namespace interlink::process {

namespace {

// One record's five fields, in place.
struct View {
  std::string_view id, status, consent, joined, sector;
};

// (A braced list is evaluated left to right: the fields in their order.)
View next(pack::Reader& r) { return {r.view(), r.view(), r.view(), r.view(), r.view()}; }

StakeholderRecord record_of(const View& v) {
  return {std::string(v.id), std::string(v.status), std::string(v.consent), std::string(v.joined),
          std::string(v.sector)};
}

constexpr std::size_t kOffsetBytes = 4;  // a chunk's offset: unsigned, little-endian
constexpr std::size_t kHashBytes = SHA256_DIGEST_LENGTH;

std::size_t offset_at(std::string_view offsets, std::size_t i) {
  const auto* b = reinterpret_cast<const unsigned char*>(offsets.data() + i * kOffsetBytes);
  return static_cast<std::size_t>(b[0]) | static_cast<std::size_t>(b[1]) << 8 | static_cast<std::size_t>(b[2]) << 16 |
         static_cast<std::size_t>(b[3]) << 24;
}

// The SHA-256 of a chunk. OpenSSL's low-level calls, not SHA256() or EVP:
// those fetch the digest through OpenSSL 3's providers on first use, which
// was 5.3 M of the 11.7 M instructions of one `feedback add` on
// examples/pspm (callgrind; io/cache_seal.cpp says the same of its HMAC).
std::string chunk_hash(std::string_view bytes) {
  std::string out(kHashBytes, '\0');
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, bytes.data(), bytes.size());
  SHA256_Final(reinterpret_cast<unsigned char*>(out.data()), &ctx);
  return out;
}

// Damage that what describes the records shows, before anything is kept:
// take_packed's caller takes the cache for a miss.
[[noreturn]] void damaged(const char* what) {
  throw std::runtime_error(std::string("damaged state cache: the stakeholder records (") + what + ")");
}

}  // namespace

// Damage found after the load took the cache (a chunk fails its check, or
// its records their order), which only a disk error or an edit with this
// user's rights can cause: the file is removed, so that the next command
// replays, and the command stops before it writes anything.
void StakeholderRecords::damaged_after_load(const char* what) const {
  std::string where = ".interlink/cache/";
  if (!origin_.empty()) {
    std::error_code ec;
    std::filesystem::remove(origin_, ec);
    where = origin_.string();
  }
  throw Error(ExitStatus::internal,
              fmt::format("the state cache {} was damaged after it was written: the stakeholder records ({}); "
                          "it is removed, run the command again",
                          where, what));
}

namespace {

// The records' region and what describes it, as put_packed() writes them:
// records are added in id order, and a chunk ends once it holds
// kChunkBytes or more; a chunk that did not change is carried whole.
class ChunkWriter {
 public:
  void add(const View& v) {
    if (open_ && body_.bytes().size() - start_ >= StakeholderRecords::kChunkBytes) close();
    if (!open_) begin(v.id);
    for (std::string_view f : {v.id, v.status, v.consent, v.joined, v.sector}) body_.str(f);
  }
  // A chunk written before, with its hash: not hashed again.
  void carry(std::string_view bytes, std::string_view first, std::string_view hash) {
    if (open_) close();
    begin(first);
    body_.bytes().append(bytes);
    hashes_ += hash;
    open_ = false;
  }
  // count: of the records added and carried.
  void finish(interlink::pack::Writer& w, std::string& region, std::size_t count) {
    if (open_) close();
    region = body_.bytes();
    w.num(static_cast<long long>(count));
    w.num(static_cast<long long>(region.size()));
    w.strs(first_);
    w.str(offsets_);
    w.str(hashes_);
  }

 private:
  void begin(std::string_view first) {
    start_ = body_.bytes().size();
    if (start_ > UINT32_MAX) throw std::length_error("stakeholder records past 4 GiB");
    for (std::size_t k = 0; k < kOffsetBytes; ++k) offsets_.push_back(static_cast<char>((start_ >> (8 * k)) & 0xff));
    first_.emplace_back(first);
    open_ = true;
  }
  void close() {
    hashes_ += chunk_hash(std::string_view(body_.bytes()).substr(start_));
    open_ = false;
  }

  pack::Writer body_;
  std::vector<std::string> first_;
  std::string offsets_, hashes_;
  std::size_t start_ = 0;
  bool open_ = false;
};

View view_of(const StakeholderRecord& r, std::string_view id) { return {id, r.status, r.consent, r.joined, r.sector}; }

}  // namespace

void StakeholderRecords::put_packed(interlink::pack::Writer& w, std::string& region, const Map& records) {
  ChunkWriter out;
  for (const auto& [id, r] : records) out.add(view_of(r, id));
  out.finish(w, region, records.size());
}

void StakeholderRecords::put_packed(interlink::pack::Writer& w, std::string& region) const {
  if (!is_packed_) {
    put_packed(w, region, map_);
    return;
  }
  // The packed chunks merged with the overlay, without decoding them all:
  // a chunk no record of the overlay falls in is carried as it is, its hash
  // with it (a reader checks it as it would have checked the old file's),
  // and only the chunks the overlay changes are read, checked and written
  // again. A step file written after a run of writes was 89 M instructions
  // on the 1m bench project, 39 M of them decoding every record into a map
  // to write them out again (callgrind, issue 10).
  ChunkWriter out;
  auto over = map_.begin();
  std::size_t added = 0;  // overlay records not in the packed ones
  for (std::size_t c = 0; c < offsets_.size(); ++c) {
    const bool last = c + 1 == offsets_.size();
    auto in_chunk = [&](const std::string& id) { return last || id < first_[c + 1]; };
    if (over == map_.end() || !in_chunk(over->first)) {
      const std::size_t end = last ? region_.size() : offsets_[c + 1];
      out.carry(region_.substr(offsets_[c], end - offsets_[c]), first_[c],
                std::string_view(hashes_).substr(c * kHashBytes, kHashBytes));
      continue;
    }
    pack::Reader r(chunk(c));
    while (!r.done()) {
      const View v = next(r);
      for (; over != map_.end() && over->first < v.id; ++over, ++added) out.add(view_of(over->second, over->first));
      if (over != map_.end() && over->first == v.id) {
        out.add(view_of(over->second, over->first));
        ++over;
      } else {
        out.add(v);
      }
    }
    for (; over != map_.end() && in_chunk(over->first); ++over, ++added) out.add(view_of(over->second, over->first));
  }
  for (; over != map_.end(); ++over, ++added) out.add(view_of(over->second, over->first));
  // The chunks carried were not read: the count is the packed one and the
  // overlay's new records.
  out.finish(w, region, count_ + added);
}

void StakeholderRecords::take_packed(interlink::pack::Reader& r, std::string_view region,
                                     std::shared_ptr<const void> owner) {
  // Not Reader::count() for the records: they are in the region, not in r.
  const long long count = r.num();
  const long long size = r.num();
  std::vector<std::string> first = r.strs();
  const std::string offsets = r.str();
  std::string hashes = r.str();
  // What can be checked without reading the region; each chunk is checked
  // when it is read (chunk(), all()).
  const std::size_t chunks = first.size();
  if (count < 0 || size < 0 || static_cast<unsigned long long>(size) != region.size() ||
      static_cast<unsigned long long>(count) > region.size() || offsets.size() != chunks * kOffsetBytes ||
      hashes.size() != chunks * kHashBytes || (count == 0) != (chunks == 0) ||
      chunks > static_cast<std::size_t>(count)) {
    damaged("their sizes");
  }
  std::vector<std::size_t> at(chunks);
  for (std::size_t c = 0; c < chunks; ++c) {
    at[c] = offset_at(offsets, c);
    if (c == 0 ? at[c] != 0 : at[c] <= at[c - 1] || !(first[c - 1] < first[c])) damaged("their chunks");
  }
  if (chunks > 0 && at.back() >= region.size()) damaged("their chunks");
  map_.clear();
  if (owner) {
    owner_ = std::move(owner);
  } else {
    auto copy = std::make_shared<const std::string>(region);
    region = *copy;
    owner_ = std::move(copy);
  }
  region_ = region;
  first_ = std::move(first);
  offsets_ = std::move(at);
  hashes_ = std::move(hashes);
  checked_.assign(chunks, false);
  count_ = static_cast<std::size_t>(count);
  packed_lookups_ = 0;
  is_packed_ = true;
}

std::string_view StakeholderRecords::chunk(std::size_t c) const {
  const std::size_t end = c + 1 < offsets_.size() ? offsets_[c + 1] : region_.size();
  const std::string_view bytes = region_.substr(offsets_[c], end - offsets_[c]);
  if (!checked_[c]) {
    const std::string h = chunk_hash(bytes);
    if (CRYPTO_memcmp(h.data(), hashes_.data() + c * kHashBytes, kHashBytes) != 0) {
      damaged_after_load("a chunk fails its check");
    }
    checked_[c] = true;
  }
  return bytes;
}

bool StakeholderRecords::decode_packed(std::string_view id, StakeholderRecord& out) const {
  // The last chunk whose first id is not after id, then its records in order.
  const auto after = std::upper_bound(first_.begin(), first_.end(), id);
  if (after == first_.begin()) return false;
  pack::Reader r(chunk(static_cast<std::size_t>(after - first_.begin()) - 1));
  while (!r.done()) {
    const View v = next(r);
    if (v.id == id) {
      out = record_of(v);
      return true;
    }
    if (id < v.id) break;
  }
  return false;
}

bool StakeholderRecords::decode_all_now() const {
  // Each packed lookup scans the records up to the id: a caller that asks for
  // many (validate, one per sender: 10,000 scans of 10,000 records were 68% of
  // `validate` on the 1m bench project, perf) gets them all decoded once.
  if (is_packed_ && ++packed_lookups_ > kPackedLookups) (void)all();
  return is_packed_;
}

StakeholderRecord& StakeholderRecords::operator[](const std::string& id) {
  if (!decode_all_now()) return map_[id];
  if (auto it = map_.find(id); it != map_.end()) return it->second;
  StakeholderRecord r;
  if (!decode_packed(id, r)) r = StakeholderRecord{};  // a new record: what map_[id] would give
  return map_.emplace(id, std::move(r)).first->second;
}

const StakeholderRecord* StakeholderRecords::find(std::string_view id) const {
  if (auto it = map_.find(id); it != map_.end()) return &it->second;
  if (!decode_all_now()) {  // every record is in the map (maybe only just decoded)
    auto it = map_.find(id);
    return it == map_.end() ? nullptr : &it->second;
  }
  StakeholderRecord r;
  if (!decode_packed(id, r)) return nullptr;
  return &map_.emplace(std::string(id), std::move(r)).first->second;
}

const StakeholderRecords::Map& StakeholderRecords::all() const {
  if (!is_packed_) return map_;
  // Every chunk, checked, in order: each starts with its first id and the
  // ids increase throughout (a lookup's binary search relies on both). The
  // packed records not in the overlay go in, then the overlay's nodes are
  // moved in: references handed out by operator[] and find() stay valid.
  Map all;
  std::size_t n = 0;
  std::string_view last;
  for (std::size_t c = 0; c < offsets_.size(); ++c) {
    pack::Reader r(chunk(c));
    for (bool at_first = true; !r.done(); at_first = false, ++n) {
      const View v = next(r);
      if ((at_first && v.id != first_[c]) || (n > 0 && !(last < v.id))) damaged_after_load("out of order");
      last = v.id;
      if (map_.find(v.id) == map_.end()) all.emplace_hint(all.end(), std::string(v.id), record_of(v));
    }
  }
  if (n != count_) damaged_after_load("their count");
  all.merge(map_);
  map_ = std::move(all);
  region_ = {};
  count_ = 0;
  first_.clear();
  offsets_.clear();
  hashes_.clear();
  checked_.clear();
  owner_.reset();
  origin_.clear();
  is_packed_ = false;
  return map_;
}

}  // namespace interlink::process
