// Unit tests for lib/report/i18n.cpp and the words under templates/report/i18n:
// every language has every key English has (and no other), every word the
// built-in templates use exists, and dates follow each language's pattern.
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "report/i18n.hpp"
#include "report/templates.hpp"
#include "util/error.hpp"

using namespace interlink;

TEST_SUITE("report.i18n") {
  TEST_CASE("the four languages of the INTERLINK platform, each with every key of English") {
    auto t = report::Templates::builtin();
    CHECK(t.languages() == std::vector<std::string>{"en", "es", "it", "lv"});
    auto en = report::I18n::load(t, "en").words();
    for (const auto& lang : t.languages()) {
      auto words = report::I18n::load(t, lang).words();
      for (const auto& entry : en) {  // not a binding: clang 14 cannot capture one
        const auto& k = entry.first;
        CHECK_MESSAGE(words.count(k), lang << " lacks the key " << k);
      }
      for (const auto& entry : words) {
        const auto& k = entry.first;
        const auto& v = entry.second;
        CHECK_MESSAGE(en.count(k), lang << " has a key English lacks: " << k);
        CHECK_MESSAGE(!v.empty(), lang << ": " << k << " is empty");
      }
    }
  }

  TEST_CASE("every {{t.key}} of the built-in templates is a word of English") {
    auto t = report::Templates::builtin();
    auto en = report::I18n::load(t, "en").words();
    std::set<std::string> keys;
    for (const auto& [k, v] : en) {
      std::string key = k;
      for (char& c : key) c = c == '.' ? '_' : c;
      keys.insert(key);
    }
    static const std::regex use(R"(\{\{t\.([a-z0-9_-]+)\}\})");
    int uses = 0;
    for (const auto& entry : t.files()) {
      const auto& name = entry.first;
      const auto& f = entry.second;
      for (std::sregex_iterator it(f.text.begin(), f.text.end(), use), end; it != end; ++it) {
        ++uses;
        CHECK_MESSAGE(keys.count((*it)[1].str()), name << " uses a word no language has: " << (*it)[1].str());
      }
    }
    CHECK(uses > 100);
  }

  TEST_CASE("dates and times as each language writes them") {
    auto t = report::Templates::builtin();
    CHECK(report::I18n::load(t, "en").date("2026-01-09") == "9 Jan 2026");
    CHECK(report::I18n::load(t, "it").date("2026-05-12T10:00:00Z") == "12 mag 2026");
    CHECK(report::I18n::load(t, "es").time("2026-09-30T08:05:00Z") == "30 sept 2026, 08:05 UTC");
    CHECK(report::I18n::load(t, "lv").date("2026-12-01") == "2026. gada 1. dec.");
    CHECK(report::I18n::load(t, "en").date("").empty());
  }

  TEST_CASE("an unknown language is a usage error naming those there are") {
    auto t = report::Templates::builtin();
    try {
      report::I18n::load(t, "itt");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::usage);
      CHECK(e.message() == "no report language 'itt' (did you mean 'it'?); there are: en, es, it, lv");
    }
  }

  TEST_CASE("a malformed words file is refused at path:line:column") {
    try {
      report::I18n::parse("{\n  \"a\": \"b\",\n  \"c\" 1\n}\n", "i18n/xx.json");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::refused);
      CHECK(e.pos().str() == "i18n/xx.json:3:7");
    }
    // out_of_range, not parse_error: a number too large for a double.
    try {
      report::I18n::parse("{\"a\": 1e999}", "i18n/xx.json");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::refused);
      CHECK(e.pos().str() == "i18n/xx.json:1:7");
      CHECK(e.message() == "not valid JSON: number overflow parsing '1e999'");
    }
  }
}
