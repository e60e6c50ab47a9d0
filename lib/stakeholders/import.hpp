// Reading a CSV of stakeholders (man/interlink-csv.5) into Inputs: the header
// names the columns (the names of add-stakeholder's flags), each later record
// is one stakeholder, tags are separated by ';'. Every problem of the file's
// shape — syntax, unknown or repeated columns, a row with too many or too few
// fields — is an issue at the line where its record starts; the values are
// checked later, by plan_add, with the same lines.
#pragma once

#include <string_view>
#include <vector>

#include "stakeholders/fields.hpp"

namespace interlink::stakeholders {

struct CsvInputs {
  std::vector<Input> inputs;
  Issues issues;
};

CsvInputs read_csv(std::string_view text);

}  // namespace interlink::stakeholders
