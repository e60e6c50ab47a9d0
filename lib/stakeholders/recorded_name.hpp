// What the ledger records of an organization's or group's name: the name a
// stakeholder.added gave, then each stakeholder.updated that changed it.
// Names of organizations and groups are not personal data (SPEC §6), and
// persons' names never enter the ledger. Read by the duplicate-name check of
// add-stakeholder (registry.cpp) and by the report, which names a removed
// organization that has no file any more (report/load.cpp).
#pragma once

#include <string>

#include "ledger/ledger.hpp"

namespace interlink::stakeholders {

// The name r records for an organization or group; "" for any other event,
// for a person's, or for a damaged one (verify reports it).
std::string recorded_name(const ledger::Ledger& led, const ledger::Record& r);

}  // namespace interlink::stakeholders
