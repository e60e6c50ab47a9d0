// See csv.hpp. A single pass over the bytes with a line and column counter;
// errors are collected, and parsing goes on after them so that every bad
// record of a file is reported at once.
#include "io/csv.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/text.hpp"

namespace interlink::io::csv {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

class Parser {
 public:
  Parser(std::string_view text, char delimiter) : s_(text), delim_(delimiter) {}

  Table run() {
    Table t;
    t.delimiter = delim_;
    while (i_ < s_.size()) {
      Record r = record(t);
      bool blank = r.fields.size() == 1 && r.fields[0].empty() && !quoted_;
      if (!blank) t.records.push_back(std::move(r));
    }
    return t;
  }

 private:
  [[nodiscard]] bool at_end_of_line() const { return i_ >= s_.size() || s_[i_] == '\n' || s_[i_] == '\r'; }

  // Moves past one byte, keeping the column in characters, not bytes.
  void step() {
    if ((static_cast<unsigned char>(s_[i_]) & 0xC0) != 0x80) ++col_;
    ++i_;
  }

  // Moves past a line break (CRLF, LF or CR).
  void newline() {
    if (s_[i_] == '\r' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') ++i_;
    ++i_;
    ++line_;
    col_ = 1;
  }

  Record record(Table& t) {
    Record r;
    r.line = line_;
    quoted_ = false;
    for (;;) {
      std::string field;
      if (i_ < s_.size() && s_[i_] == '"') {
        quoted_ = true;
        quoted_field(t, r, field);
      } else {
        unquoted_field(t, r, field);
      }
      r.fields.push_back(std::move(field));
      if (i_ < s_.size() && s_[i_] == delim_) {
        step();
        continue;
      }
      if (i_ < s_.size()) newline();
      return r;
    }
  }

  void quoted_field(Table& t, Record& r, std::string& field) {
    int qline = line_, qcol = col_;
    step();
    for (;;) {
      if (i_ >= s_.size()) {
        error(t, r, qline, qcol, "a quoted field is not closed: its closing '\"' is missing");
        return;
      }
      char c = s_[i_];
      if (c == '"') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
          field.push_back('"');
          step();
          step();
          continue;
        }
        step();
        break;
      }
      if (c == '\r' || c == '\n') {
        field.push_back('\n');
        newline();
        continue;
      }
      field.push_back(c);
      step();
    }
    if (i_ < s_.size() && s_[i_] != delim_ && !at_end_of_line()) {
      error(t, r, line_, col_,
            fmt::format("unexpected text after the closing quote of a field; a field with a quote must be quoted "
                        "as a whole, its quotes written twice"));
      while (i_ < s_.size() && s_[i_] != delim_ && !at_end_of_line()) {
        field.push_back(s_[i_]);
        step();
      }
    }
  }

  void unquoted_field(Table& t, Record& r, std::string& field) {
    bool reported = false;
    while (i_ < s_.size() && s_[i_] != delim_ && !at_end_of_line()) {
      if (s_[i_] == '"' && !reported) {
        error(t, r, line_, col_, "a quote inside an unquoted field; quote the whole field and write its quotes twice");
        reported = true;
      }
      field.push_back(s_[i_]);
      step();
    }
  }

  static void error(Table& t, Record& r, int line, int col, std::string msg) {
    r.bad = true;
    t.errors.push_back({line, col, std::move(msg)});
  }

  std::string_view s_;
  char delim_;
  std::size_t i_ = 0;
  int line_ = 1, col_ = 1;
  bool quoted_ = false;
};

// Line (1-based) and column of byte offset `at`.
std::pair<int, int> line_col(std::string_view s, std::size_t at) {
  int line = 1, col = 1;
  for (std::size_t k = 0; k < at; ++k) {
    if (s[k] == '\n' || (s[k] == '\r' && (k + 1 >= s.size() || s[k + 1] != '\n'))) {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80 && s[k] != '\r') {
      ++col;
    }
  }
  return {line, col};
}

char detect_delimiter(std::string_view s) {
  std::size_t commas = 0, semicolons = 0;
  bool in_quotes = false;
  for (char c : s) {
    if (c == '"') in_quotes = !in_quotes;
    if (in_quotes) continue;
    if (c == '\n' || c == '\r') break;
    commas += c == ',';
    semicolons += c == ';';
  }
  return semicolons > commas ? ';' : ',';
}

}  // namespace

Table parse(std::string_view text, char delimiter) {
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  if (auto bad = text::invalid_utf8_at(text); bad != std::string_view::npos) {
    auto [line, col] = line_col(text, bad);
    Table t;
    t.errors.push_back({line, col, "not valid UTF-8 text; save the spreadsheet as \"CSV UTF-8\""});
    return t;
  }
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    auto [line, col] = line_col(text, nul);
    Table t;
    t.errors.push_back({line, col, "a NUL byte: this is not a text file"});
    return t;
  }
  Table t = Parser(text, delimiter ? delimiter : detect_delimiter(text)).run();
  for (auto& r : t.records)
    for (auto& f : r.fields) f = restore_cell(f);
  return t;
}

namespace {

bool is_formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

// True if a spreadsheet could read s as a formula once one leading
// apostrophe is taken away: after any apostrophes, a formula character.
bool needs_apostrophe(std::string_view s) {
  std::size_t k = 0;
  while (k < s.size() && s[k] == '\'') ++k;
  return k < s.size() && is_formula_start(s[k]);
}

}  // namespace

std::string neutralise_cell(std::string_view value) {
  return needs_apostrophe(value) ? "'" + std::string(value) : std::string(value);
}

std::string restore_cell(std::string_view cell) {
  if (!cell.empty() && cell.front() == '\'' && needs_apostrophe(cell.substr(1))) return std::string(cell.substr(1));
  return std::string(cell);
}

std::string quote(std::string_view field, char delimiter) {
  // A field that starts with a BOM is quoted too: written first in a file,
  // the reader would take its BOM for the file's own and drop it.
  bool needs = field.find_first_of(std::string{'"', '\n', '\r', delimiter}) != std::string_view::npos ||
               (!field.empty() && (field.front() == ' ' || field.back() == ' ')) || field.starts_with(kBom);
  if (!needs) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string format_row(const std::vector<std::string>& fields, char delimiter) {
  // A lone empty field would be a blank line, which readers skip.
  if (fields.size() == 1 && fields[0].empty()) return "\"\"\n";
  std::string out;
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (k) out.push_back(delimiter);
    out += quote(neutralise_cell(fields[k]), delimiter);
  }
  out.push_back('\n');
  return out;
}

namespace {

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

bool blank(const std::string& f) { return f.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

std::vector<Row> read_rows(std::string_view text, const std::vector<std::string>& known,
                           const std::vector<std::pair<std::string, std::string>>& required, std::string_view example,
                           Issues& issues) {
  std::vector<Row> out;
  Table t = parse(text);
  for (const auto& e : t.errors) issues.push_back({ExitStatus::refused, e.message, {}, e.line});
  if (t.records.empty()) {
    if (t.errors.empty()) {
      issues.push_back({ExitStatus::refused,
                        fmt::format("the file is empty: its first line must name the columns, e.g. {}", example),
                        {},
                        1});
    }
    return out;
  }
  const Record& header = t.records.front();
  std::vector<std::string> columns;
  bool header_ok = !header.bad;
  for (const auto& raw : header.fields) {
    std::string col = column_name(raw);
    if (std::find(known.begin(), known.end(), col) == known.end()) {
      issues.push_back({ExitStatus::refused,
                        fmt::format("unknown column '{}'{}; the columns are: {}", raw, text::did_you_mean(col, known),
                                    text::join(known, ", ")),
                        {},
                        header.line});
      header_ok = false;
    } else if (std::find(columns.begin(), columns.end(), col) != columns.end()) {
      issues.push_back({ExitStatus::refused, fmt::format("the column '{}' is named twice", col), {}, header.line});
      header_ok = false;
    }
    columns.push_back(col);
  }
  for (const auto& [r, why] : required) {
    if (header_ok && std::find(columns.begin(), columns.end(), r) == columns.end()) {
      issues.push_back({ExitStatus::refused, fmt::format("no '{}' column: {}", r, why), {}, header.line});
      header_ok = false;
    }
  }
  for (std::size_t r = 1; r < t.records.size(); ++r) {
    const auto& rec = t.records[r];
    if (rec.bad) continue;                                                   // its syntax error is reported already
    if (std::all_of(rec.fields.begin(), rec.fields.end(), blank)) continue;  // spreadsheets leave empty rows behind
    if (rec.fields.size() != columns.size()) {
      issues.push_back({ExitStatus::refused,
                        fmt::format("{} field{}, but the header names {} columns{}", rec.fields.size(),
                                    rec.fields.size() == 1 ? "" : "s", columns.size(),
                                    rec.fields.size() > columns.size()
                                        ? fmt::format(" (a value holding a '{}' must be in double quotes)", t.delimiter)
                                        : std::string()),
                        {},
                        rec.line});
      continue;
    }
    if (!header_ok) continue;
    Row row{rec.line, {}};
    for (std::size_t k = 0; k < columns.size(); ++k) row.values[columns[k]] = rec.fields[k];
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace interlink::io::csv
