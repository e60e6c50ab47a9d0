// The sector a stakeholder's feedback counts under, for the participation
// figures of status, feedback list, trace and report: their file's while
// they have one; once the file is gone (the stakeholder removed, or a
// person erased), the last sector the ledger recorded for them
// (StakeholderRecord::sector). Removing someone must not rewrite where the
// voices already heard came from: a ministry's comments stay the public
// sector's after it leaves the project.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "model/stakeholder.hpp"
#include "process/records.hpp"

namespace interlink::process {

class Sectors {
 public:
  // files: the stakeholder files read (those without errors); records: the
  // ledger's (State::stakeholders). Both must outlive this.
  Sectors(const std::vector<model::Stakeholder>& files, const StakeholderRecords& records);
  // The sector of id, or "" when neither a file nor the ledger gives one.
  // The ledger is asked only for ids with no file: a few, so the packed
  // records of a large project are looked up, not all decoded.
  [[nodiscard]] const std::string& of(const std::string& id) const;

 private:
  std::unordered_map<std::string, std::string> files_;  // hashed: tens of thousands of stakeholders
  const StakeholderRecords* records_;
  mutable std::unordered_map<std::string, std::string> recorded_;
};

}  // namespace interlink::process
