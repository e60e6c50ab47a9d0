// Unit tests for lib/report/render*.cpp: the whole report of the fixture in
// every format against golden files (tests/unit/golden/report.*; rewrite
// them with INTERLINK_UPDATE_GOLDEN=1 and read the diff), and the hostile
// fixture, whose every text holds what breaks naive output.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "report/escape.hpp"
#include "report/render.hpp"
#include "report/templates.hpp"
#include "report_fixture.hpp"
#include "util/error.hpp"

using namespace interlink;
using report_test::Fixture;

namespace {

std::string golden_path(const std::string& name) { return std::string(INTERLINK_SOURCE_DIR) + "/tests/unit/golden/" + name; }

void check_golden(const std::string& name, const std::string& actual) {
  if (std::getenv("INTERLINK_UPDATE_GOLDEN")) {
    std::ofstream(golden_path(name), std::ios::binary) << actual;
  }
  std::ifstream in(golden_path(name), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK_MESSAGE(ss.str() == actual, "golden " << name << " differs (INTERLINK_UPDATE_GOLDEN=1 rewrites it)");
}

const report::Templates& builtin() {
  static const report::Templates t = report::Templates::builtin();
  return t;
}

}  // namespace

TEST_SUITE("report.render") {
  TEST_CASE("golden: md, html, json and every csv section of the fixture") {
    auto r = Fixture().build();
    check_golden("report.md", report::render_md(r, builtin(), "en"));
    check_golden("report.html", report::render_html(r, builtin(), "en"));
    check_golden("report.json", report::render_json(r));
    std::string csv;
    for (auto s : r.sections) csv += "## " + report::section_name(s) + "\n" + report::render_csv(r, s);
    check_golden("report.csv", csv);
    check_golden("report.it.md", report::render_md(r, builtin(), "it"));
  }
}
