// A finding of validation (SPEC §8): rule id, severity, place, message.
#pragma once

#include <string>
#include <vector>

#include "util/error.hpp"

namespace interlink::model {

enum class Severity { error, warning };

struct Finding {
  std::string rule;  // e.g. "unknown-key", "dangling-reference"
  Severity severity = Severity::error;
  SourcePos pos;  // path relative to the project root; 1-based line and column
  std::string message;
};

using Findings = std::vector<Finding>;

inline const char* severity_name(Severity s) { return s == Severity::error ? "error" : "warning"; }

}  // namespace interlink::model
