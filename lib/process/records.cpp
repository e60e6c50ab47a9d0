// See records.hpp.
#include "process/records.hpp"

#include <cstdint>
#include <stdexcept>

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

constexpr std::size_t kOffsetBytes = 4;  // an offset of the index: unsigned, little-endian

std::uint32_t offset_at(std::string_view index, std::size_t i) {
  const auto* b = reinterpret_cast<const unsigned char*>(index.data() + i * kOffsetBytes);
  return static_cast<std::uint32_t>(b[0]) | static_cast<std::uint32_t>(b[1]) << 8 |
         static_cast<std::uint32_t>(b[2]) << 16 | static_cast<std::uint32_t>(b[3]) << 24;
}

// The record at position i of the index.
View view_at(std::string_view index, std::string_view body, std::size_t i) {
  pack::Reader r(body.substr(offset_at(index, i)));
  return next(r);
}

}  // namespace

void StakeholderRecords::put_packed(interlink::pack::Writer& w, const Map& records) {
  pack::Writer body;
  std::string index;
  index.reserve(records.size() * kOffsetBytes);
  for (const auto& [id, r] : records) {
    const std::size_t at = body.bytes().size();
    if (at > UINT32_MAX) throw std::length_error("stakeholder records past 4 GiB");
    for (std::size_t k = 0; k < kOffsetBytes; ++k) index.push_back(static_cast<char>((at >> (8 * k)) & 0xff));
    body.str(id);
    body.str(r.status);
    body.str(r.consent);
    body.str(r.joined);
    body.str(r.sector);
  }
  w.num(static_cast<long long>(records.size()));
  w.str(index);
  w.str(body.bytes());
}

std::size_t StakeholderRecords::take_packed(std::string_view in, std::shared_ptr<const void> owner) {
  pack::Reader r(in);
  const std::size_t n = r.count();
  const std::string_view index = r.view();
  const std::string_view body = r.view();
  if (index.size() != n * kOffsetBytes) throw std::runtime_error("damaged state cache: stakeholder record index");
  // The ids only, by the index: in order, each at an offset inside the body.
  // The other fields are read when a record is asked for (the cache is
  // sealed by this user's interlink, so what is left to catch is our own
  // bug; Reader still bounds every read). Walking every field of 10,000
  // records was a third of a write's instructions on the 1m bench project.
  std::string_view last;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t at = offset_at(index, i);
    if (at >= body.size() || (i > 0 && at <= offset_at(index, i - 1))) {
      throw std::runtime_error("damaged state cache: stakeholder record index");
    }
    pack::Reader one(body.substr(at));
    const std::string_view id = one.view();
    if (i > 0 && !(last < id)) throw std::runtime_error("damaged state cache: stakeholder records out of order");
    last = id;
  }
  const std::size_t used = in.size() - r.left();
  map_.clear();
  std::string_view kept = in.substr(0, used);
  if (owner) {
    owner_ = std::move(owner);
  } else {
    auto copy = std::make_shared<const std::string>(kept);
    kept = *copy;
    owner_ = std::move(copy);
  }
  // The same fields, now in the bytes kept.
  pack::Reader again(kept);
  (void)again.count();
  index_ = again.view();
  body_ = again.view();
  count_ = n;
  is_packed_ = true;
  return used;
}

bool StakeholderRecords::decode_packed(std::string_view id, StakeholderRecord& out) const {
  // Binary search on the ids, each read in place at its offset.
  std::size_t lo = 0, hi = count_;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    pack::Reader r(body_.substr(offset_at(index_, mid)));
    const std::string_view at = r.view();
    if (at == id) {
      out = record_of(view_at(index_, body_, mid));
      return true;
    }
    if (at < id) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
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
  // The packed records not in the overlay, then the overlay's nodes moved in:
  // references handed out by operator[] and find() stay valid.
  Map all;
  for (std::size_t i = 0; i < count_; ++i) {
    const View v = view_at(index_, body_, i);
    if (map_.find(v.id) == map_.end()) all.emplace_hint(all.end(), std::string(v.id), record_of(v));
  }
  all.merge(map_);
  map_ = std::move(all);
  index_ = body_ = {};
  count_ = 0;
  owner_.reset();
  is_packed_ = false;
  return map_;
}

}  // namespace interlink::process
