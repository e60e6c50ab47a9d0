// Reading a CSV of stakeholders (man/interlink-csv.5) into Inputs: the header
// names the columns (the names of add-stakeholder's flags), each later record
// is one stakeholder, tags are separated by ';'. Every problem of the file's
// shape — syntax, unknown or repeated columns, a row with too many or too few
// fields — is an issue at the line where its record starts; the values are
// checked later, by plan_add, with the same lines.
//
// A row whose consent is "erased" — a person forget erased, as `stakeholders
// --format csv` lists them — is skipped, not refused: nothing about them may
// be registered again, and the export must read back (issue: round trip).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stakeholders/fields.hpp"

namespace interlink::stakeholders {

// A row left out of inputs, and why the front end says it was.
struct SkippedRow {
  int line = 0;
  std::string id;  // as written in the row ("" when not given)
};

struct CsvInputs {
  std::vector<Input> inputs;
  Issues issues;
  std::vector<SkippedRow> erased;  // rows of persons erased by forget
};

// The consent status `stakeholders` lists an erased person with; never a
// status one can give.
inline constexpr const char* kErasedStatus = "erased";

CsvInputs read_csv(std::string_view text);

}  // namespace interlink::stakeholders
