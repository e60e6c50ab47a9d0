// Unit tests for lib/report/render*.cpp: the whole report of the fixture in
// every format against golden files (tests/unit/golden/report.*; rewrite
// them with INTERLINK_UPDATE_GOLDEN=1 and read the diff), and the hostile
// fixture, whose every text holds what breaks naive output.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "report/escape.hpp"
#include "report/partials.hpp"
#include "report/render.hpp"
#include "report/templates.hpp"
#include "report_fixture.hpp"
#include "util/error.hpp"

using namespace interlink;
using report_test::Fixture;

namespace {

std::string golden_path(const std::string& name) {
  return std::string(INTERLINK_SOURCE_DIR) + "/tests/unit/golden/" + name;
}

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

TEST_SUITE("report.lists") {
  TEST_CASE("the items of a list in a cell are separated, and nothing follows the last") {
    // fb-00000003 answered by the task and the decision; an override with
    // two unmet conditions; two heads. md and html put a separator between
    // items and none after the last (a stray "; " was left before the "|").
    Fixture f;
    f.state.tasks["map"].addresses.push_back("fb-00000003");
    f.state.overrides[0].unmet.push_back({"tasks", 1, 2});
    f.verify.heads.push_back(std::string(64, 'f'));
    auto r = f.build();
    const std::string d(64, 'd'), e(64, 'f');
    auto md = report::render_md(r, builtin(), "en");
    CHECK(md.find("| Open data export | task Task map (29 Jan 2026); decision Adopt the blueprint (18 Feb 2026) |\n") !=
          std::string::npos);
    CHECK(md.find("| Single sign-on | task Task map (29 Jan 2026) |\n") != std::string::npos);
    CHECK(md.find("| feedback 3/20; tasks 1/2 | The committee") != std::string::npos);
    CHECK(md.find("| `" + d + "` `" + e + "` |\n") != std::string::npos);
    CHECK(md.find(";  |") == std::string::npos);
    CHECK(md.find("; |") == std::string::npos);
    auto html = report::render_html(r, builtin(), "en");
    CHECK(html.find("task: Task map (29 Jan 2026)<br>decision: Adopt the blueprint (18 Feb 2026)</td>") !=
          std::string::npos);
    CHECK(html.find("feedback: 3/20<br>tasks: 1/2</td>") != std::string::npos);
    CHECK(html.find("<code>" + d + "</code> <code>" + e + "</code></dd>") != std::string::npos);
    CHECK(html.find("<br></td>") == std::string::npos);
  }
}

TEST_SUITE("report.escape") {
  TEST_CASE("html: markup, quotes, controls and bidi characters") {
    CHECK(report::escape_html("<a href=\"x\" title='y'>&</a>") ==
          "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    CHECK(report::escape_html("a\xE2\x80\xAE"
                              "b\x07"
                              "c\xff") == "a[U+202E]b[U+0007]c\xEF\xBF\xBD");
    CHECK(report::escape_html("città\nline") == "città\nline");
  }

  TEST_CASE("md: what could start markup is escaped, a value stays in its cell") {
    CHECK(report::escape_md("*b* _i_ [l](u) |x| <s> & `c` #h") ==
          "\\*b\\* \\_i\\_ \\[l\\](u) \\|x\\| &lt;s\\> &amp; \\`c\\` \\#h");
    CHECK(report::escape_md("a\nb\tc") == "a b c");
  }

  TEST_CASE("mermaid: only plain characters survive") {
    CHECK(report::mermaid_label("Phase: one; #two %% (x)") == "Phase one two (x)");
    CHECK(report::mermaid_label(":::") == "-");
  }
}

TEST_SUITE("report.hostile") {
  TEST_CASE("every project text is escaped in md and html, kept as is in json") {
    auto r = Fixture(true).build();
    auto html = report::render_html(r, builtin(), "en");
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("\xE2\x80\xAE") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt;") !=
          std::string::npos);
    auto md = report::render_md(r, builtin(), "en");
    CHECK(md.find("<script") == std::string::npos);
    CHECK(md.find("\\| \\*b\\* \\_i\\_ \\[l\\](u)") != std::string::npos);
    auto json = report::render_json(r);
    CHECK(json.find("\\u202e") == std::string::npos);  // UTF-8 as is, not escaped
    CHECK(json.find("\xE2\x80\xAE") != std::string::npos);
  }

  TEST_CASE("csv quotes what needs quoting (RFC 4180)") {
    auto r = Fixture(true).build();
    auto csv = report::render_csv(r, report::Section::decisions);
    CHECK(csv.find("\"Adopt the blueprint <script>alert(1)</script> \"\"><img src=x onerror=alert(2)> </style> ]]> "
                   "javascript:alert(3) \xE2\x80\xAE"
                   "evil\xE2\x80\xAC | *b* _i_ [l](u) & a,b \"\"q\"\"\nline2\"") != std::string::npos);
    CHECK(csv.substr(0, 5) == "id,ti");
    CHECK(csv.find("\r\n") != std::string::npos);
  }
}

TEST_SUITE("report.templates") {
  TEST_CASE("every built-in template is one the engine can use (rendering checks them no more)") {
    int n = 0;
    for (const auto& [name, f] : builtin().files()) {
      if (name.size() < 9 || name.substr(name.size() - 9) != ".mustache") continue;
      CHECK_NOTHROW(report::check_mustache(f.text, f.shown));
      ++n;
    }
    CHECK(n >= 5);
  }
  TEST_CASE("a broken template is refused at path:line:column") {
    try {
      report::check_mustache("line one\n  {{#phases}}x\n", "my/report.md.mustache");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::refused);
      CHECK(e.pos().str() == "my/report.md.mustache:2:3");
      CHECK(e.message() == "template error: unclosed section \"phases\"");
    }
  }
  TEST_CASE("partial tags are read with the template's own delimiters") {
    auto tags = report::partial_tags("{{> a}} {{{> no}}} {{! > no}} {{=<% %>=}}{{> no}} <%>  b %> <%={{ }}=%>{{>c}}");
    REQUIRE(tags.size() == 3);
    CHECK(tags[0].name == "a");
    CHECK(tags[0].offset == 0);
    CHECK(tags[1].name == "b");
    CHECK(tags[2].name == "c");
  }
  TEST_CASE("partial tags are read as kainjow reads them: white space around the sigil") {
    // Found by fuzz_report_templates: "{{\n\n> part}}" is a partial to
    // kainjow, which trims a tag before reading its sigil. Missed here, a
    // partial including itself that way recursed until the stack overflowed.
    auto tags = report::partial_tags("{{\n\n> a}} {{ \t>b }} {{\v>c}} {{\f >d}} {{{ > no }}} {{");
    REQUIRE(tags.size() == 4);
    CHECK(tags[0].name == "a");
    CHECK(tags[1].name == "b");
    CHECK(tags[2].name == "c");
    CHECK(tags[3].name == "d");
    std::map<std::string, std::string_view> texts = {{"report.md", "{{> part}}"}, {"part", "x {{\n\n> part}}"}};
    std::map<std::string, std::string> shown = {{"report.md", "t/report.md.mustache"}, {"part", "t/part.mustache"}};
    CHECK_THROWS_WITH_AS(report::check_partials(texts, shown),
                         "t/part.mustache:1:3: template error: the partial 'part' includes itself (part > part): it "
                         "would never end",
                         Error);
  }
  TEST_CASE("a partial that includes itself is refused at the tag that closes the loop") {
    // kainjow recursed until the stack overflowed: a crash, not an error.
    std::map<std::string, std::string_view> texts = {
        {"report.md", "# {{title}}\n{{> a}}\n"}, {"a", "x {{> b}}"}, {"b", "\n  {{> a}}"}};
    std::map<std::string, std::string> shown = {
        {"report.md", "t/report.md.mustache"}, {"a", "t/a.mustache"}, {"b", "t/b.mustache"}};
    try {
      report::check_partials(texts, shown);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::refused);
      CHECK(e.pos().str() == "t/b.mustache:2:3");
      CHECK(e.message() == "template error: the partial 'a' includes itself (a > b > a): it would never end");
    }
    texts["b"] = "no loop";
    CHECK_NOTHROW(report::check_partials(texts, shown));
  }
  TEST_CASE("partials that multiply past the limit are refused") {
    std::map<std::string, std::string_view> texts;
    std::map<std::string, std::string> shown;
    std::vector<std::string> names, bodies;
    for (int k = 0; k < 16; ++k) names.push_back("p" + std::to_string(k));
    for (int k = 0; k < 16; ++k)
      bodies.push_back(k + 1 < 16 ? "{{> " + names[k + 1] + "}}{{> " + names[k + 1] + "}}" : "x");
    for (int k = 0; k < 16; ++k) {
      texts[names[k]] = bodies[k];
      shown[names[k]] = names[k] + ".mustache";
    }
    // 2 + 4 + ... + 2^15 = 65,534 partials from p0.
    CHECK_THROWS_AS(report::check_partials(texts, shown), Error);
    bodies[3] = "x";  // p0 now renders 2 + 4 + 8 = 14
    texts[names[3]] = bodies[3];
    CHECK_NOTHROW(report::check_partials(texts, shown));
  }
  TEST_CASE("the built-in templates pass the partial checks") {
    CHECK_NOTHROW(report::Templates::builtin().check_partials());
  }
}
