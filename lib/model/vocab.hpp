// The closed vocabularies of the file formats (SPEC §2), in one place: loaders
// check against them and suggest the nearest value on a typo.
#pragma once

#include <string>
#include <vector>

namespace interlink::model::vocab {

// INTERLINK's governance models: C2G, G+G (partnership), G2C (platform), C2C.
inline const std::vector<std::string> governance_models = {"citizen-sourcing", "partnership", "platform",
                                                           "citizen-to-citizen"};
// IAP2 spectrum of public participation, lowest to highest.
inline const std::vector<std::string> participation_levels = {"inform", "consult", "involve", "collaborate", "empower"};
inline const std::vector<std::string> decision_rules = {"consensus", "consent", "majority", "supermajority"};
inline const std::vector<std::string> sectors = {"public", "private", "nonprofit", "academia", "citizen"};
inline const std::vector<std::string> roles = {"coordinator", "co-producer", "contributor", "evaluator", "observer"};
inline const std::vector<std::string> kinds = {"organization", "group", "person"};
inline const std::vector<std::string> consent_statuses = {"given", "pending", "refused", "withdrawn"};
// Non-identifying bands that may be recorded for persons to measure inclusion.
inline const std::vector<std::string> bands = {"age_band", "gender", "area"};

}  // namespace interlink::model::vocab
