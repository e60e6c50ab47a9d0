// See records.hpp.
#include "process/records.hpp"

#include <stdexcept>

#include "util/pack.hpp"

namespace interlink::process {

namespace {

// One record's four fields, in place.
struct View {
  std::string_view id, status, consent, joined;
};

View next(pack::Reader& r) { return {r.view(), r.view(), r.view(), r.view()}; }

StakeholderRecord record_of(const View& v) {
  return {std::string(v.id), std::string(v.status), std::string(v.consent), std::string(v.joined)};
}

}  // namespace

std::size_t StakeholderRecords::take_packed(std::string_view in, std::shared_ptr<const void> owner) {
  pack::Reader r(in);
  std::string_view last;
  bool first = true;
  for (std::size_t n = r.count(); n > 0; --n) {
    const View v = next(r);
    if (!first && !(last < v.id)) throw std::runtime_error("damaged state cache: stakeholder records out of order");
    last = v.id;
    first = false;
  }
  const std::size_t used = in.size() - r.left();
  map_.clear();
  if (owner) {
    owner_ = std::move(owner);
    packed_ = in.substr(0, used);
  } else {
    auto copy = std::make_shared<const std::string>(in.substr(0, used));
    packed_ = *copy;
    owner_ = std::move(copy);
  }
  is_packed_ = true;
  return used;
}

bool StakeholderRecords::decode_packed(std::string_view id, StakeholderRecord& out) const {
  pack::Reader r(packed_);
  for (std::size_t n = r.count(); n > 0; --n) {
    const View v = next(r);
    if (v.id == id) {
      out = record_of(v);
      return true;
    }
    if (id < v.id) return false;  // sorted: it is not further on
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
  pack::Reader r(packed_);
  for (std::size_t n = r.count(); n > 0; --n) {
    const View v = next(r);
    if (map_.find(v.id) == map_.end()) all.emplace_hint(all.end(), std::string(v.id), record_of(v));
  }
  all.merge(map_);
  map_ = std::move(all);
  packed_ = {};
  owner_.reset();
  is_packed_ = false;
  return map_;
}

}  // namespace interlink::process
