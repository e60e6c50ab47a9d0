// See sectors.hpp.
#include "process/sectors.hpp"

namespace interlink::process {

Sectors::Sectors(const std::vector<model::Stakeholder>& files, const StakeholderRecords& records) : records_(&records) {
  files_.reserve(files.size());
  for (const auto& s : files) files_.emplace(s.id, s.sector);
}

const std::string& Sectors::of(const std::string& id) const {
  if (auto it = files_.find(id); it != files_.end()) return it->second;
  auto [it, added] = recorded_.try_emplace(id);
  if (added) {
    if (const auto* r = records_->find(id)) it->second = r->sector;
  }
  return it->second;
}

}  // namespace interlink::process
