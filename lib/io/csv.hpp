// CSV in and out (RFC 4180), with the physical line where each record starts,
// so that a bulk import can report every bad row as FILE:LINE.
//
// Written here rather than on libcsv: libcsv reports fields and record ends
// but not the line a record started on (a quoted field may span lines), nor
// where a syntax error is; both are what a user fixing a spreadsheet needs.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.hpp"

namespace interlink::io::csv {

struct Record {
  int line = 0;  // 1-based physical line where the record starts
  std::vector<std::string> fields;
  bool bad = false;  // a syntax error was found in it (see Table::errors)
};

struct SyntaxError {
  int line = 0;
  int column = 0;  // 1-based, in characters
  std::string message;
};

struct Table {
  char delimiter = ',';
  std::vector<Record> records;  // the header, if any, is records[0]
  std::vector<SyntaxError> errors;
};

// Parses CSV text: a UTF-8 BOM is skipped; CRLF, LF or a lone CR ends a
// record; a field in double quotes may hold the delimiter, line breaks
// (returned as "\n") and quotes written twice; blank lines are skipped.
// delimiter 0 picks ',' or ';' (spreadsheets in many EU locales export ';')
// from whichever is more frequent on the first line. Never throws: invalid
// UTF-8, NUL bytes and quoting mistakes are reported in Table::errors.
// Every field goes through restore_cell, so that what format_row wrote reads
// back as the same values.
Table parse(std::string_view text, char delimiter = 0);

// CSV formula injection (OWASP): a spreadsheet runs a cell that starts with
// '=', '+', '-', '@', a tab or a carriage return (=HYPERLINK(...) in a name).
// neutralise_cell prefixes such a value with an apostrophe, which spreadsheets
// show as text; so that the prefix can always be taken off again, a value that
// is apostrophes followed by such a character gets one more. restore_cell
// takes it off. Every CSV interlink writes goes through format_row, which
// applies it: use format_row for any new CSV output.
std::string neutralise_cell(std::string_view value);
std::string restore_cell(std::string_view cell);

// A field as written in CSV: quoted (quotes doubled) only when it holds the
// delimiter, a quote, a line break or leading/trailing space, or starts with
// a UTF-8 BOM (which parse would drop at the start of a file).
std::string quote(std::string_view field, char delimiter = ',');

// One record, fields neutralised (neutralise_cell) and quoted as needed,
// ending with "\n".
std::string format_row(const std::vector<std::string>& fields, char delimiter = ',');

// A CSV whose first record names its columns, read as one map per row
// (column -> value). Column names are normalised ("Age-Band " -> "age_band")
// and must be among `known`; every name in `required` must be there. Every
// problem of the file's shape — syntax, unknown, repeated or missing columns,
// a row with too many or too few fields — is added to issues at the line
// where its record starts; rows of empty cells are skipped. `required` pairs
// a column with the message given when it is missing; `example` is a header
// line shown when the file is empty.
struct Row {
  int line = 0;
  std::map<std::string, std::string> values;
};
std::vector<Row> read_rows(std::string_view text, const std::vector<std::string>& known,
                           const std::vector<std::pair<std::string, std::string>>& required, std::string_view example,
                           Issues& issues);

}  // namespace interlink::io::csv
