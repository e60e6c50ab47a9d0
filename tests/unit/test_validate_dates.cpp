// Unit tests for the date rules of lib/validate/validate.cpp, each at its
// exact boundary: a day on either side of the limit and the limit itself
// (bad-dates, date-outside-phase, overlapping-phases). Dates are compared as
// text in YYYY-MM-DD, so the boundaries also cross a month and a year.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "ledger/ledger.hpp"
#include "util/fs.hpp"
#include "validate/validate.hpp"

using namespace interlink;
namespace stdfs = std::filesystem;

namespace {

// Every finding of `interlink validate` on a plan, one per line, as
// "line:col: severity: message [rule]".
std::string findings_of(const std::string& phases) {
  const stdfs::path root = stdfs::temp_directory_path() / ("interlink-unit-dates-" + std::to_string(::getpid()));
  stdfs::remove_all(root);
  fs::write_file_atomic(root / "interlink.yaml", "interlink: 1\nid: t\ntitle: T\nphases:\n" + phases);
  stdfs::create_directories(root / "stakeholders");
  ledger::Ledger::create(root / "ledger.db", "tester", {{"id", "t"}}, "t");
  auto r = validate::validate_project(root, {false});
  stdfs::remove_all(root);
  std::string out;
  for (const auto& f : r.findings) {
    out += std::to_string(f.pos.line) + ":" + std::to_string(f.pos.column) + ": " + model::severity_name(f.severity) +
           ": " + f.message + " [" + f.rule + "]\n";
  }
  return out;
}

// One phase from start to end (either may be empty: not planned) with one task due on `due`.
std::string phase(const std::string& id, const std::string& start, const std::string& end, const std::string& due,
                  const std::string& requires_ = "") {
  std::string s = "  - id: " + id + "\n    name: N\n";
  if (!requires_.empty()) s += "    requires: [" + requires_ + "]\n";
  if (!start.empty()) s += "    start: " + start + "\n";
  if (!end.empty()) s += "    end: " + end + "\n";
  s += "    objectives:\n      - id: o-" + id + "\n        name: O\n        tasks:\n          - {id: t-" + id +
       ", name: T" + (due.empty() ? "" : ", due: " + due) + "}\n";
  return s;
}

}  // namespace

TEST_SUITE("validate.dates") {
  TEST_CASE("bad-dates: a phase may end the day it starts, not the day before") {
    CHECK(findings_of(phase("a", "2026-03-01", "2026-03-01", "")) == "");
    CHECK(findings_of(phase("a", "2026-03-01", "2026-03-02", "")) == "");
    CHECK(findings_of(phase("a", "2026-03-01", "2026-02-28", "")) ==
          "8:10: error: phase 'a' ends (2026-02-28) before it starts (2026-03-01) [bad-dates]\n");
    CHECK(findings_of(phase("a", "2027-01-01", "2026-12-31", "")) ==
          "8:10: error: phase 'a' ends (2026-12-31) before it starts (2027-01-01) [bad-dates]\n");
  }

  TEST_CASE("date-outside-phase: due on the first and the last day is inside, a day out is not") {
    const std::string s = "2026-03-01", e = "2026-03-31";
    CHECK(findings_of(phase("a", s, e, "2026-03-01")) == "");
    CHECK(findings_of(phase("a", s, e, "2026-03-31")) == "");
    CHECK(findings_of(phase("a", s, e, "2026-02-28")) ==
          "13:37: error: task 't-a' is due 2026-02-28, outside its phase 'a' (2026-03-01 to 2026-03-31) "
          "[date-outside-phase]\n");
    CHECK(findings_of(phase("a", s, e, "2026-04-01")) ==
          "13:37: error: task 't-a' is due 2026-04-01, outside its phase 'a' (2026-03-01 to 2026-03-31) "
          "[date-outside-phase]\n");
    CHECK(findings_of(phase("a", "2026-01-01", "2026-12-31", "2027-01-01")) ==
          "13:37: error: task 't-a' is due 2027-01-01, outside its phase 'a' (2026-01-01 to 2026-12-31) "
          "[date-outside-phase]\n");
  }

  TEST_CASE("date-outside-phase: with one end of the phase unplanned, only the other bounds the task") {
    CHECK(findings_of(phase("a", "2026-03-01", "", "2030-01-01")) == "");
    CHECK(findings_of(phase("a", "2026-03-01", "", "2026-03-01")) == "");
    CHECK(findings_of(phase("a", "2026-03-01", "", "2026-02-28")) ==
          "12:37: error: task 't-a' is due 2026-02-28, outside its phase 'a' (2026-03-01 to ?) [date-outside-phase]\n");
    CHECK(findings_of(phase("a", "", "2026-03-31", "2020-01-01")) == "");
    CHECK(findings_of(phase("a", "", "2026-03-31", "2026-03-31")) == "");
    CHECK(findings_of(phase("a", "", "2026-03-31", "2026-04-01")) ==
          "12:37: error: task 't-a' is due 2026-04-01, outside its phase 'a' (? to 2026-03-31) [date-outside-phase]\n");
    CHECK(findings_of(phase("a", "", "", "2026-04-01")) == "");
  }

  TEST_CASE("overlapping-phases: a phase may start the day the phase it requires ends, not the day before") {
    const std::string a = phase("a", "2026-03-01", "2026-03-31", "");
    CHECK(findings_of(a + phase("b", "2026-03-31", "2026-04-30", "", "a")) == "");
    CHECK(findings_of(a + phase("b", "2026-04-01", "2026-04-30", "", "a")) == "");
    CHECK(findings_of(a + phase("b", "2026-03-30", "2026-04-30", "", "a")) ==
          "17:12: warning: phase 'b' is planned to start 2026-03-30 but requires phase 'a', planned to end "
          "2026-03-31 [overlapping-phases]\n");
    // Without a planned end of the phase required, or a planned start of this one, nothing to compare.
    CHECK(findings_of(phase("a", "2026-03-01", "", "") + phase("b", "2026-01-01", "2026-04-30", "", "a")) == "");
    CHECK(findings_of(a + phase("b", "", "2026-04-30", "", "a")) == "");
  }
}
