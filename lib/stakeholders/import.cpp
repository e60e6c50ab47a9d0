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

// "Age-Band " -> "age_band": headers typed by hand vary in case and dashes.
std::string column_name(std::string_view raw) {
  std::string s;
  for (char c : raw) {
    if (c == '-') c = '_';
    s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

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
  io::csv::Table t = io::csv::parse(text);
  for (const auto& e : t.errors) out.issues.push_back({ExitStatus::refused, e.message, {}, e.line});
  if (t.records.empty()) {
    if (t.errors.empty()) {
      out.issues.push_back({ExitStatus::refused,
                            "the file is empty: its first line must name the columns, e.g. name,kind,sector", {}, 1});
    }
    return out;
  }
  const io::csv::Record& header = t.records.front();
  std::vector<std::string> columns;
  bool header_ok = !header.bad;
  for (const auto& raw : header.fields) {
    std::string col = column_name(raw);
    const auto& known = kCsvColumns;
    if (std::find(known.begin(), known.end(), col) == known.end()) {
      out.issues.push_back({ExitStatus::refused,
                            fmt::format("unknown column '{}'{}; the columns are: {}", raw,
                                        text::did_you_mean(col, known), text::join(known, ", ")),
                            {}, header.line});
      header_ok = false;
    } else if (std::find(columns.begin(), columns.end(), col) != columns.end()) {
      out.issues.push_back({ExitStatus::refused, fmt::format("the column '{}' is named twice", col), {}, header.line});
      header_ok = false;
    }
    columns.push_back(col);
  }
  if (header_ok && std::find(columns.begin(), columns.end(), "sector") == columns.end()) {
    out.issues.push_back({ExitStatus::refused, "no 'sector' column: every stakeholder needs a sector", {}, header.line});
    header_ok = false;
  }
  for (std::size_t r = 1; r < t.records.size(); ++r) {
    const auto& rec = t.records[r];
    if (rec.bad) continue;  // its syntax error is reported already
    bool empty = std::all_of(rec.fields.begin(), rec.fields.end(),
                             [](const std::string& f) { return f.find_first_not_of(" \t\r\n") == std::string::npos; });
    if (empty) continue;  // spreadsheets leave rows of empty cells behind
    if (rec.fields.size() != columns.size()) {
      out.issues.push_back({ExitStatus::refused,
                            fmt::format("{} field{}, but the header names {} columns{}", rec.fields.size(),
                                        rec.fields.size() == 1 ? "" : "s", columns.size(),
                                        rec.fields.size() > columns.size()
                                            ? fmt::format(" (a value holding a '{}' must be in double quotes)",
                                                          t.delimiter)
                                            : std::string()),
                            {}, rec.line});
      continue;
    }
    if (!header_ok) continue;
    Input in;
    in.line = rec.line;
    for (std::size_t k = 0; k < columns.size(); ++k) set(in, columns[k], rec.fields[k]);
    out.inputs.push_back(std::move(in));
  }
  return out;
}

}  // namespace interlink::stakeholders
