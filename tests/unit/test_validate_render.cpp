// Unit tests for lib/validate/render*.cpp: every format on hand-made reports
// whose messages and paths hold what breaks naive output (quotes, <, &,
// newlines, terminal escapes, invalid UTF-8, non-ASCII, commas and colons).
#include <doctest/doctest.h>

#include <string>

#include "util/error.hpp"
#include "validate/render.hpp"
#include "validate/rules.hpp"

using namespace interlink;
using validate::Format;
using validate::Report;

namespace {

model::Finding finding(std::string rule, model::Severity sev, std::string path, int line, int col, std::string msg) {
  return model::Finding{std::move(rule), sev, SourcePos{std::move(path), line, col}, std::move(msg)};
}

const auto E = model::Severity::error;
const auto W = model::Severity::warning;

// One of each difficulty; sorted by file as validate_project sorts them.
Report tricky() {
  Report r;
  r.findings = {
      finding("unknown-key", W, "interlink.yaml", 3, 1,
              "unknown key 'titel' in interlink.yaml (did you mean 'title'?)"),
      finding("ledger-missing", E, "ledger.db", 0, 0, "ledger.db is missing"),
      finding("dangling-reference", E, "stakeholders/a,b:c.yaml", 12, 5,
              "task \"x\" <needs> & 'y'\nsecond line, 100% città"),
      finding("bad-value", E, "stakeholders/z.yaml", 2, 0, "bell\x07 esc\x1b[31m bad\xff cr\r tab\t nel\xc2\x85 end"),
  };
  return r;
}

std::string render(const Report& r, Format f, bool color = false) { return validate::render(r, f, "pspm", color); }

}  // namespace

TEST_SUITE("validate render") {
  TEST_CASE("format names parse, and a typo is a usage error with a suggestion") {
    CHECK(validate::format_names() == std::vector<std::string>{"text", "json", "junit", "sarif", "github"});
    CHECK(validate::parse_format("sarif") == Format::sarif);
    CHECK(validate::parse_format("github") == Format::github);
    try {
      validate::parse_format("junti");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::usage);
      CHECK(e.message() ==
            "unknown format 'junti' (did you mean 'junit'?); expected one of: text, json, junit, sarif, github");
    }
  }

  TEST_CASE("text: like a compiler, one line per finding, controls made visible, then a summary") {
    CHECK(
        render(tricky(), Format::text) ==
        "interlink.yaml:3:1: warning: unknown key 'titel' in interlink.yaml (did you mean 'title'?) [unknown-key]\n"
        "ledger.db: error: ledger.db is missing [ledger-missing]\n"
        "stakeholders/a,b:c.yaml:12:5: error: task \"x\" <needs> & 'y'\\nsecond line, 100% città [dangling-reference]\n"
        "stakeholders/z.yaml:2: error: bell\\x07 esc\\x1b[31m bad\xef\xbf\xbd cr\\r tab\\t nel\\u0085 end [bad-value]\n"
        "3 errors, 1 warning\n");
  }

  TEST_CASE("text: colour on request, and a finding without a file names the project") {
    Report r;
    r.findings = {finding("ledger-verify", E, "", 0, 0, "broken"), finding("unknown-key", W, "a.yaml", 1, 2, "k")};
    CHECK(render(r, Format::text, true) ==
          "\033[1mpspm:\033[0m \033[1;31merror:\033[0m broken [ledger-verify]\n"
          "\033[1ma.yaml:1:2:\033[0m \033[1;35mwarning:\033[0m k [unknown-key]\n"
          "1 error, 1 warning\n");
    CHECK(render(Report{}, Format::text) == "0 errors, 0 warnings\n");
  }

  TEST_CASE("json: SPEC §8's keys in a stable order, valid UTF-8 always") {
    CHECK(render(tricky(), Format::json) == R"J({
  "valid": false,
  "errors": 3,
  "warnings": 1,
  "findings": [
    {
      "rule": "unknown-key",
      "severity": "warning",
      "file": "interlink.yaml",
      "line": 3,
      "column": 1,
      "message": "unknown key 'titel' in interlink.yaml (did you mean 'title'?)"
    },
    {
      "rule": "ledger-missing",
      "severity": "error",
      "file": "ledger.db",
      "line": 0,
      "column": 0,
      "message": "ledger.db is missing"
    },
    {
      "rule": "dangling-reference",
      "severity": "error",
      "file": "stakeholders/a,b:c.yaml",
      "line": 12,
      "column": 5,
      "message": "task \"x\" <needs> & 'y'\nsecond line, 100% città"
    },
    {
      "rule": "bad-value",
      "severity": "error",
      "file": "stakeholders/z.yaml",
      "line": 2,
      "column": 0,
      "message": "bell\u0007 esc\u001b[31m bad)J"
                                            "\xef\xbf\xbd"
                                            R"J( cr\r tab\t nel)J"
                                            "\xc2\x85"
                                            R"J( end"
    }
  ]
}
)J");
  }

  TEST_CASE("json: valid only without errors and when every file could be read") {
    Report r;
    r.findings = {finding("unknown-key", W, "interlink.yaml", 1, 1, "k")};
    CHECK(render(r, Format::json).rfind("{\n  \"valid\": true,\n  \"errors\": 0,\n  \"warnings\": 1,", 0) == 0);
    r.unreadable = true;
    CHECK(render(r, Format::json).rfind("{\n  \"valid\": false,", 0) == 0);
    CHECK(render(Report{}, Format::json) ==
          "{\n  \"valid\": true,\n  \"errors\": 0,\n  \"warnings\": 0,\n  \"findings\": []\n}\n");
  }

  TEST_CASE("junit: a suite per file, a test case per finding, errors fail, everything escaped") {
    CHECK(render(tricky(), Format::junit) ==
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<testsuites name=\"interlink validate pspm\" tests=\"4\" failures=\"3\" errors=\"0\">\n"
          "  <testsuite name=\"interlink.yaml\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
          "    <testcase classname=\"interlink.yaml\" name=\"unknown-key at line 3, column 1\">\n"
          "      <system-out>interlink.yaml:3:1: warning: unknown key 'titel' in interlink.yaml (did you mean "
          "'title'?) [unknown-key]</system-out>\n"
          "    </testcase>\n"
          "  </testsuite>\n"
          "  <testsuite name=\"ledger.db\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\">\n"
          "    <testcase classname=\"ledger.db\" name=\"ledger-missing\">\n"
          "      <failure type=\"ledger-missing\" message=\"ledger.db is missing\">ledger.db: error: ledger.db is "
          "missing [ledger-missing]</failure>\n"
          "    </testcase>\n"
          "  </testsuite>\n"
          "  <testsuite name=\"stakeholders/a,b:c.yaml\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\">\n"
          "    <testcase classname=\"stakeholders/a,b:c.yaml\" name=\"dangling-reference at line 12, column 5\">\n"
          "      <failure type=\"dangling-reference\" message=\"task &quot;x&quot; &lt;needs&gt; &amp; &apos;y&apos;"
          "&#10;second line, 100% città\">stakeholders/a,b:c.yaml:12:5: error: task \"x\" &lt;needs&gt; &amp; 'y'\n"
          "second line, 100% città [dangling-reference]</failure>\n"
          "    </testcase>\n"
          "  </testsuite>\n"
          "  <testsuite name=\"stakeholders/z.yaml\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\">\n"
          "    <testcase classname=\"stakeholders/z.yaml\" name=\"bad-value at line 2\">\n"
          "      <failure type=\"bad-value\" message=\"bell esc[31m bad\xef\xbf\xbd cr&#13; tab&#9; nel\xc2\x85 "
          "end\">stakeholders/z.yaml:2: error: bell esc[31m bad\xef\xbf\xbd cr&#13; tab\t nel\xc2\x85 end "
          "[bad-value]</failure>\n"
          "    </testcase>\n"
          "  </testsuite>\n"
          "</testsuites>\n");
  }

  TEST_CASE("junit: a clean project is one passing test case") {
    CHECK(render(Report{}, Format::junit) ==
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<testsuites name=\"interlink validate pspm\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
          "  <testsuite name=\"pspm\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
          "    <testcase classname=\"pspm\" name=\"valid\"/>\n"
          "  </testsuite>\n"
          "</testsuites>\n");
  }

  TEST_CASE("sarif: 2.1.0, rules by id with descriptions, whole-file findings at line 1, paths as URI references") {
    Report r;
    r.findings = {
        finding("unknown-key", W, "interlink.yaml", 3, 1, "unknown key 'titel' <x> & \"y\""),
        finding("ledger-missing", E, "ledger.db", 0, 0, "ledger.db is missing"),
        finding("dangling-reference", E, "stakeholders/a b,c:d\xc3\xa0.yaml", 12, 0, "line1\nline2"),
        finding("no-such-rule", E, "", 0, 0, "m"),
    };
    CHECK(render(r, Format::sarif) == R"J({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "interlink",
          "version": ")J" INTERLINK_VERSION R"J(",
          "rules": [
            {
              "id": "dangling-reference",
              "shortDescription": {
                "text": "A reference to a phase, objective, task, stakeholder or INTERLINKER that does not exist"
              }
            },
            {
              "id": "ledger-missing",
              "shortDescription": {
                "text": "The project has no ledger.db"
              }
            },
            {
              "id": "no-such-rule",
              "shortDescription": {
                "text": "no-such-rule"
              }
            },
            {
              "id": "unknown-key",
              "shortDescription": {
                "text": "A key the file format does not define (a warning; an error with --strict)"
              }
            }
          ]
        }
      },
      "columnKind": "unicodeCodePoints",
      "results": [
        {
          "ruleId": "unknown-key",
          "ruleIndex": 3,
          "level": "warning",
          "message": {
            "text": "unknown key 'titel' <x> & \"y\""
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "interlink.yaml"
                },
                "region": {
                  "startLine": 3,
                  "startColumn": 1
                }
              }
            }
          ]
        },
        {
          "ruleId": "ledger-missing",
          "ruleIndex": 1,
          "level": "error",
          "message": {
            "text": "ledger.db is missing"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "ledger.db"
                },
                "region": {
                  "startLine": 1
                }
              }
            }
          ]
        },
        {
          "ruleId": "dangling-reference",
          "ruleIndex": 0,
          "level": "error",
          "message": {
            "text": "line1\nline2"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "stakeholders/a%20b%2Cc%3Ad%C3%A0.yaml"
                },
                "region": {
                  "startLine": 12
                }
              }
            }
          ]
        },
        {
          "ruleId": "no-such-rule",
          "ruleIndex": 2,
          "level": "error",
          "message": {
            "text": "m"
          }
        }
      ]
    }
  ]
}
)J");
  }

  TEST_CASE("github: workflow commands with GitHub's escaping of properties and data") {
    CHECK(render(tricky(), Format::github) ==
          "::warning file=interlink.yaml,line=3,col=1,title=unknown-key::unknown key 'titel' in interlink.yaml (did "
          "you mean 'title'?)\n"
          "::error file=ledger.db,title=ledger-missing::ledger.db is missing\n"
          "::error file=stakeholders/a%2Cb%3Ac.yaml,line=12,col=5,title=dangling-reference::task \"x\" <needs> & "
          "'y'%0Asecond line, 100%25 città\n"
          "::error file=stakeholders/z.yaml,line=2,title=bad-value::bell\\x07 esc\\x1b[31m bad\xef\xbf\xbd cr%0D "
          "tab\\t nel\\u0085 end\n");
    CHECK(render(Report{}, Format::github) == "");
  }

  TEST_CASE("the rule catalogue is sorted, unique and described") {
    const auto& all = validate::rules();
    REQUIRE(!all.empty());
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].id < all[i].id);
    for (const auto& r : all) CHECK(!r.description.empty());
    CHECK(validate::rule_description("cycle") == "Phases, objectives or tasks that require each other in a cycle");
    CHECK(validate::rule_description("nope") == "nope");
  }
}
