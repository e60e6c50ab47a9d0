// A stakeholder: stakeholders/<id>.yaml (SPEC §2). Never holds a person's
// direct identifiers: those live in the private store (stakeholders/private).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/source.hpp"

namespace interlink::model {

struct Consent {
  std::string status = "pending";  // given | pending | refused | withdrawn
  std::string date;                // YYYY-MM-DD or ""
  std::string scope;               // free text: what was consented to
};

struct Stakeholder {
  std::string id;
  std::string kind = "organization";  // organization | group | person
  std::string name;                   // organizations and groups only
  std::string sector;                 // public | private | nonprofit | academia | citizen
  std::string role = "contributor";
  int influence = 0;  // 1..5, 0 = unknown
  int interest = 0;   // 1..5, 0 = unknown
  std::vector<std::string> tags;
  std::string joined;  // YYYY-MM-DD
  Consent consent;
  std::map<std::string, std::string> bands;  // persons only: age_band, gender, area
  Positions at;
};

// How every command says that the ledger took a stakeholder out of the
// project (status "removed" or "erased": ledger::kinds::
// stakeholder_status_after): "stakeholder 'org-1' was removed". feedback
// add and stakeholder show|update|remove word it alike, each adding what it
// means there.
inline std::string gone_stakeholder(const std::string& id, const std::string& status) {
  return "stakeholder '" + id + "' was " + status;
}

}  // namespace interlink::model
