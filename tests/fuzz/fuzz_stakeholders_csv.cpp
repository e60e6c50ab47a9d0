// libFuzzer harness for bulk import and the stakeholder writer: any bytes
// given as a CSV must end in records plus errors, never a crash or a hang;
// records without errors must survive format_row -> parse unchanged; and
// every field, written as a stakeholder's name, tag and consent scope, must
// read back through load_stakeholder as the same text (the writer quotes
// whatever YAML would misread).
//
// Build and run: see tests/fuzz/CMakeLists.txt, with fuzz_stakeholders_csv
// for the target and tests/fuzz/csv.dict for the dictionary.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "io/csv.hpp"
#include "io/project_io.hpp"
#include "io/stakeholder_write.hpp"
#include "stakeholders/fields.hpp"
#include "stakeholders/import.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

using namespace interlink;

namespace {

void check_csv_round_trip(const io::csv::Table& t) {
  if (!t.errors.empty()) return;
  std::string again;
  for (const auto& r : t.records) again += io::csv::format_row(r.fields, t.delimiter);
  auto back = io::csv::parse(again, t.delimiter);
  if (!back.errors.empty() || back.records.size() != t.records.size()) std::abort();
  for (std::size_t i = 0; i < t.records.size(); ++i) {
    if (back.records[i].fields != t.records[i].fields) std::abort();
  }
}

void check_yaml_round_trip(const std::string& field) {
  if (field.empty() || field.size() > 200) return;
  model::Stakeholder s;
  s.id = "x";
  s.name = field;
  s.sector = "public";
  s.tags = {field};
  s.consent.scope = field;
  model::Findings f;
  model::Stakeholder back;
  try {
    back = io::load_stakeholder(io::stakeholder_to_yaml(s), "stakeholders/x.yaml", f);
  } catch (const Error&) {
    std::abort();
  }
  // A control character (other than a line break) is refused by the loader
  // since the security work (it could forge lines in a terminal or a log):
  // such a field must be reported, never read back changed.
  if (text::has_control(field, true)) {
    if (f.empty() && (back.name != field || back.tags != s.tags || back.consent.scope != field)) std::abort();
    return;
  }
  if (!f.empty() || back.name != field || back.tags != s.tags || back.consent.scope != field) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto t = io::csv::parse(text);
  check_csv_round_trip(t);
  // A YAML parse per field is slow: a few fields per input are enough.
  std::size_t checked = 0;
  for (const auto& r : t.records)
    for (const auto& f : r.fields)
      if (checked++ < 8) check_yaml_round_trip(f);
  auto read = stakeholders::read_csv(text);
  stakeholders::Issues issues;
  for (const auto& in : read.inputs) (void)stakeholders::check_input(in, issues);
  return 0;
}
