// The catalogue of validation rule ids: one line of description each, shown
// in SARIF's rule metadata and kept in step with man/interlink-validate.1
// (tests/cli/test_validate_docs.py checks that every id the sources use is in
// both).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace interlink::validate {

struct RuleInfo {
  std::string_view id;
  std::string_view description;  // one sentence, no final period
};

// Every rule id, loaders' and validator's, sorted by id.
const std::vector<RuleInfo>& rules();

// The description of a rule id; the id itself when the catalogue lacks it.
std::string rule_description(std::string_view id);

}  // namespace interlink::validate
