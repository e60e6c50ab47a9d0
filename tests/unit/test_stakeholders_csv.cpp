// Unit tests for lib/io/csv (the RFC 4180 reader and writer) and
// lib/stakeholders/import (CSV rows to stakeholder inputs).
#include <doctest/doctest.h>

#include "io/csv.hpp"
#include "stakeholders/import.hpp"

using namespace interlink;
namespace csv = io::csv;

namespace {

std::vector<int> lines_of(const csv::Table& t) {
  std::vector<int> out;
  for (const auto& r : t.records) out.push_back(r.line);
  return out;
}

}  // namespace

TEST_SUITE("io.csv") {
  TEST_CASE("plain records, LF and CRLF, and the line where each starts") {
    for (std::string nl : {"\n", "\r\n", "\r"}) {
      auto t = csv::parse("a,b" + nl + "1,2" + nl + "3,4" + nl);
      CHECK(t.errors.empty());
      REQUIRE(t.records.size() == 3);
      CHECK(t.records[1].fields == std::vector<std::string>{"1", "2"});
      CHECK(lines_of(t) == std::vector<int>{1, 2, 3});
    }
  }
  TEST_CASE("a missing final line break is fine") {
    auto t = csv::parse("a,b\n1,2");
    REQUIRE(t.records.size() == 2);
    CHECK(t.records[1].fields == std::vector<std::string>{"1", "2"});
  }
  TEST_CASE("quoted fields hold delimiters, doubled quotes and line breaks") {
    auto t = csv::parse("name,note\n\"Rossi, Mario\",\"He said \"\"hi\"\"\"\n\"two\r\nlines\",x\nlast,\"\"\n");
    CHECK(t.errors.empty());
    REQUIRE(t.records.size() == 4);
    CHECK(t.records[1].fields == std::vector<std::string>{"Rossi, Mario", "He said \"hi\""});
    CHECK(t.records[2].fields == std::vector<std::string>{"two\nlines", "x"});
    CHECK(t.records[3].fields == std::vector<std::string>{"last", ""});
    // The record after the one spanning two lines starts on line 5.
    CHECK(lines_of(t) == std::vector<int>{1, 2, 3, 5});
  }
  TEST_CASE("a UTF-8 BOM is skipped, and blank lines too") {
    auto t = csv::parse("\xEF\xBB\xBFname\n\nCittà\n\r\n\nZ\n");
    CHECK(t.errors.empty());
    REQUIRE(t.records.size() == 3);
    CHECK(t.records[0].fields[0] == "name");
    CHECK(t.records[1].fields[0] == "Città");
    CHECK(lines_of(t) == std::vector<int>{1, 3, 6});
  }
  TEST_CASE("empty fields at the ends of a record") {
    auto t = csv::parse(",a,\n");
    REQUIRE(t.records.size() == 1);
    CHECK(t.records[0].fields == std::vector<std::string>{"", "a", ""});
  }
  TEST_CASE("the delimiter is detected from the first line") {
    auto t = csv::parse("name;sector\n\"A; B\";public\n");
    CHECK(t.delimiter == ';');
    REQUIRE(t.records.size() == 2);
    CHECK(t.records[1].fields == std::vector<std::string>{"A; B", "public"});
    CHECK(csv::parse("name,tags\nx,a;b;c\n").records[1].fields[1] == "a;b;c");
  }
  TEST_CASE("an unclosed quote is reported where it opens") {
    auto t = csv::parse("a,b\n1,2\nx,\"open\nmore\n");
    REQUIRE(t.errors.size() == 1);
    CHECK(t.errors[0].line == 3);
    CHECK(t.errors[0].column == 3);
    CHECK(t.errors[0].message == "a quoted field is not closed: its closing '\"' is missing");
    CHECK(t.records.back().bad);
  }
  TEST_CASE("text after a closing quote, and a quote inside an unquoted field") {
    auto t = csv::parse("a,b\n\"x\"y,1\nO\"Brien,2\nok,3\n");
    REQUIRE(t.errors.size() == 2);
    CHECK(t.errors[0].line == 2);
    CHECK(t.errors[0].column == 4);
    CHECK(t.errors[1].line == 3);
    CHECK(t.errors[1].column == 2);
    REQUIRE(t.records.size() == 4);
    CHECK(t.records[1].bad);
    CHECK(t.records[2].bad);
    CHECK_FALSE(t.records[3].bad);
  }
  TEST_CASE("invalid UTF-8 is reported with its line and column") {
    auto t = csv::parse("name\nok\nCitt\xE0\n");
    REQUIRE(t.errors.size() == 1);
    CHECK(t.errors[0].line == 3);
    CHECK(t.errors[0].column == 5);
    CHECK(t.records.empty());
  }
  TEST_CASE("columns count characters, not bytes") {
    auto t = csv::parse("àè\"x,1\n");
    REQUIRE(t.errors.size() == 1);
    CHECK(t.errors[0].column == 3);
  }
  TEST_CASE("writing quotes only what needs it, and reads back") {
    CHECK(csv::quote("plain") == "plain");
    CHECK(csv::quote("a,b") == "\"a,b\"");
    CHECK(csv::quote("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv::quote("two\nlines") == "\"two\nlines\"");
    CHECK(csv::quote(" padded") == "\" padded\"");
    CHECK(csv::format_row({""}) == "\"\"\n");  // not a blank line, which readers skip
    std::vector<std::string> row = {"Rossi, Mario", "\"q\"", "a\nb", "", "città"};
    auto t = csv::parse(csv::format_row({"a", "b", "c", "d", "e"}) + csv::format_row(row));
    REQUIRE(t.records.size() == 2);
    CHECK(t.records[1].fields == row);
  }
  TEST_CASE("a BOM that starts a field, not the file, survives writing and reading back") {
    // Found by fuzz_stakeholders_csv: a blank line, then a BOM in the first
    // record. Written unquoted first in a file, the reader took it for the
    // file's BOM and dropped it.
    auto t = csv::parse(
        "\r\n\xEF\xBB\xBF"
        "2\r\n2samt,3gme\n");
    REQUIRE(t.records.size() == 2);
    CHECK(t.records[0].fields == std::vector<std::string>{"\xEF\xBB\xBF"
                                                          "2"});
    CHECK(csv::quote("\xEF\xBB\xBF"
                     "2") ==
          "\"\xEF\xBB\xBF"
          "2\"");
    std::string again;
    for (const auto& r : t.records) again += csv::format_row(r.fields, t.delimiter);
    auto back = csv::parse(again, t.delimiter);
    REQUIRE(back.records.size() == 2);
    CHECK(back.records[0].fields == t.records[0].fields);
    CHECK(back.records[1].fields == t.records[1].fields);
  }
}

TEST_SUITE("stakeholders.import") {
  using namespace interlink::stakeholders;
  TEST_CASE("columns by header name, in any order and case, tags split on ';'") {
    auto r = read_csv("Sector,NAME,age-band,tags\npublic,Comune di Roma,,a; b;;c\n");
    CHECK(r.issues.empty());
    REQUIRE(r.inputs.size() == 1);
    const auto& in = r.inputs[0];
    CHECK(in.line == 2);
    CHECK(in.name == "Comune di Roma");
    CHECK(in.sector == "public");
    CHECK_FALSE(in.bands.count("age_band"));  // empty cell: not given
    CHECK(in.tags == std::vector<std::string>{"a", " b", "", "c"});
  }
  TEST_CASE("unknown and repeated columns are reported at the header") {
    auto r = read_csv("nmae,sector,sector\nx,public,public\n");
    REQUIRE(r.issues.size() == 2);
    CHECK(r.issues[0].line == 1);
    CHECK(r.issues[0].message.starts_with("unknown column 'nmae' (did you mean 'name'?); the columns are: id, kind,"));
    CHECK(r.issues[1].message == "the column 'sector' is named twice");
    CHECK(r.inputs.empty());
  }
  TEST_CASE("a missing sector column is one issue, not one per row") {
    auto r = read_csv("name\na\nb\n");
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].message == "no 'sector' column: every stakeholder needs a sector");
  }
  TEST_CASE("rows with the wrong number of fields, at the line where they start") {
    auto r = read_csv("name,sector\n\"multi\nline\",public,extra\nshort\n,\nok,public\n");
    REQUIRE(r.issues.size() == 2);
    CHECK(r.issues[0].line == 2);
    CHECK(r.issues[0].message ==
          "3 fields, but the header names 2 columns (a value holding a ',' must be in double quotes)");
    CHECK(r.issues[1].line == 4);
    CHECK(r.issues[1].message == "1 field, but the header names 2 columns");
    REQUIRE(r.inputs.size() == 1);  // the row of empty cells (line 5) is skipped
    CHECK(r.inputs[0].line == 6);
  }
  TEST_CASE("an empty file") {
    auto r = read_csv("");
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].line == 1);
    CHECK(r.issues[0].message == "the file is empty: its first line must name the columns, e.g. name,kind,sector");
  }
}
