// See import.hpp.
#include "stakeholders/import.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "io/csv.hpp"
#include "model/vocab.hpp"
#include "util/text.hpp"

namespace interlink::stakeholders {

namespace {

void set(Input& in, const std::string& col, const std::string& v) {
  if (v.find_first_not_of(" \t\r\n") == std::string::npos) return;  // an empty cell is "not given"
  if (col == "tags") {
    std::size_t start = 0;
    while (start <= v.size()) {
      std::size_t end = v.find(';', start);
      if (end == std::string::npos) end = v.size();
      in.tags.push_back(v.substr(start, end - start));
      start = end + 1;
    }
    return;
  }
  if (std::find(model::vocab::bands.begin(), model::vocab::bands.end(), col) != model::vocab::bands.end()) {
    in.bands[col] = v;
    return;
  }
  std::optional<std::string>* field = col == "id"              ? &in.id
                                      : col == "kind"          ? &in.kind
                                      : col == "name"          ? &in.name
                                      : col == "sector"        ? &in.sector
                                      : col == "role"          ? &in.role
                                      : col == "influence"     ? &in.influence
                                      : col == "interest"      ? &in.interest
                                      : col == "joined"        ? &in.joined
                                      : col == "consent"       ? &in.consent
                                      : col == "consent_date"  ? &in.consent_date
                                      : col == "consent_scope" ? &in.consent_scope
                                      : col == "email"         ? &in.email
                                      : col == "phone"         ? &in.phone
                                                               : nullptr;
  if (field) *field = v;
}

}  // namespace

CsvInputs read_csv(std::string_view text) {
  CsvInputs out;
  auto rows = io::csv::read_rows(text, kCsvColumns, {{"sector", "every stakeholder needs a sector"}},
                                 "name,kind,sector", out.issues);
  for (const auto& row : rows) {
    Input in;
    in.line = row.line;
    for (const auto& [col, v] : row.values) set(in, col, v);
    if (in.consent && text::trim(*in.consent) == kErasedStatus) {
      out.erased.push_back({in.line, in.id ? text::trim(*in.id) : std::string()});
      continue;
    }
    out.inputs.push_back(std::move(in));
  }
  return out;
}

}  // namespace interlink::stakeholders
