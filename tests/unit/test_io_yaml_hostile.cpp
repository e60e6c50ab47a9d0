// Unit tests for what parse_yaml must refuse rather than misread: each case
// came from the corpus of broken files (tests/corpus/). Inputs that could
// hang or exhaust memory are run only by tests/cli/test_validate_corpus.py,
// which caps time and address space.
#include <doctest/doctest.h>

#include <string>

#include "io/project_io.hpp"
#include "io/yaml.hpp"
#include "util/error.hpp"

using namespace interlink;

namespace {

std::string refusal(const std::string& text) {
  try {
    io::parse_yaml(text, "f.yaml");
  } catch (const Error& e) {
    CHECK(e.status() == ExitStatus::unreadable);
    return e.what() + (e.hint().empty() ? "" : " | hint: " + e.hint());
  }
  return "no error";
}

}  // namespace

TEST_SUITE("io.yaml hostile") {
  TEST_CASE("brackets after an escaped quote are text, not nesting (found by fuzz_stakeholders_csv)") {
    const std::string brackets(100, '{');
    CHECK(refusal("name: \"a\\\";" + brackets + "\"\n") == "no error");
    CHECK(refusal("name: 'it''s " + brackets + "'\n") == "no error");
    CHECK(refusal("tags: [\"x\\\"" + brackets + "\", y]\n") == "no error");
    // Outside quotes they still count.
    CHECK(refusal("name: \"a\\\"\" " + brackets + "\n").find("nesting is deeper than 64 levels") != std::string::npos);
  }
  TEST_CASE("a second document is refused, not silently dropped") {
    CHECK(refusal("interlink: 1\nid: a\n---\ninterlink: 2\n") ==
          "f.yaml:3:1: holds more than one YAML document | hint: an interlink file is a single document: remove the "
          "second '---' or merge what follows it");
    CHECK(refusal("---\na: 1\n") == "no error");             // one document with its marker
    CHECK(refusal("a: 1\n...\n") == "no error");             // one document with its end marker
    CHECK(refusal("%YAML 1.2\n---\na: 1\n") == "no error");  // a directive, then the document
    CHECK(refusal("a: 1\n...\n# end\n") == "no error");
    CHECK(refusal("a: 1\n...\nb: 2\n").rfind("f.yaml:3:1: holds more than one YAML document", 0) == 0);
    CHECK(refusal("--- # first\na: 1\n--- \r\nb: 2\n").rfind("f.yaml:3:1: holds more", 0) == 0);
    CHECK(refusal("a: |\n  ---\n  text\n") == "no error");  // indented: text, not a marker
    CHECK(refusal("a: \"x\n---y\"\n") == "no error");       // "---y" is no marker
  }

  TEST_CASE("UTF-16 is named as such") {
    std::string le(
        "\xff\xfe"
        "a\0:\0 \0"
        "1\0",
        10);
    std::string be(
        "\xfe\xff\0a\0:\0 \0"
        "1",
        10);
    CHECK(refusal(le) == "f.yaml:1:1: is UTF-16, not UTF-8 | hint: save the file as UTF-8");
    CHECK(refusal(be) == "f.yaml:1:1: is UTF-16, not UTF-8 | hint: save the file as UTF-8");
    CHECK(refusal("\xef\xbb\xbf"
                  "a: 1\n") == "no error");  // a UTF-8 BOM is fine
  }

  TEST_CASE("reading a mapping leaves the document as it was") {
    io::YamlDoc doc = io::parse_yaml("id: a\nname: B\nextra: c\n", "f.yaml");
    io::YamlNode n = doc.root();
    model::Findings f;
    io::Context ctx{"f.yaml", &f};
    io::MapReader r(n, ctx, "thing");
    CHECK(r.str("id") == "a");
    CHECK(r.str("name") == "B");
    CHECK(r.str("missing") == "");
    CHECK(r.str("extra") == "c");
    CHECK(n["id"].scalar() == "a");
    CHECK(n["name"].scalar() == "B");
    std::size_t keys = 0;
    for ([[maybe_unused]] const auto& kv : n.entries()) ++keys;
    CHECK(keys == 3);  // no key inserted for "missing"
  }

  TEST_CASE("a task repeated through an alias reads the same each time") {
    model::Findings f;
    model::Project p = io::load_manifest(
        "interlink: 1\nid: p\ntitle: P\nphases:\n- id: ph\n  name: Ph\n  objectives:\n"
        "  - {id: o1, name: O, tasks: [&t {id: t, name: T, requires: [x]}]}\n"
        "  - {id: o2, name: O, tasks: [*t]}\n",
        "interlink.yaml", f);
    REQUIRE(p.phases.size() == 1);
    REQUIRE(p.phases[0].objectives.size() == 2);
    for (const auto& o : p.phases[0].objectives) {
      REQUIRE(o.tasks.size() == 1);
      CHECK(o.tasks[0].id == "t");
      CHECK(o.tasks[0].name == "T");
      CHECK(o.tasks[0].requires_ == std::vector<std::string>{"x"});
    }
    CHECK(f.empty());
  }
}
