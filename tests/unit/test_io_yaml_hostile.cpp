// Unit tests for what parse_yaml must refuse rather than misread: each case
// came from the corpus of broken files (tests/corpus/). Inputs that could
// hang or exhaust memory are run only by tests/cli/test_validate_corpus.py,
// which caps time and address space.
#include <doctest/doctest.h>

#include <string>
#include <vector>

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

  // Found by a review of the switch to libyaml (session 20): each read a
  // file otherwise than it says.
  TEST_CASE("a CR without LF is text, and breaks no line") {
    io::YamlDoc doc = io::parse_yaml("id: x\nname: \"Agency\rfor Digital\"\nplain: x\r  y\ninfluence: 9\n", "f.yaml");
    CHECK(doc.root()["name"].scalar() == "Agency\rfor Digital");
    CHECK(doc.root()["plain"].scalar() == "x\r  y");
    CHECK(doc.root()["influence"].pos("f.yaml").str() == "f.yaml:4:12");
  }
  TEST_CASE("a plain scalar with a tag is text, not null") {
    io::YamlDoc doc = io::parse_yaml("a: !!str NULL\nb: !!str ~\nc: NULL\nd: 'null'\n", "f.yaml");
    CHECK(doc.root()["a"].scalar() == "NULL");
    CHECK(doc.root()["b"].scalar() == "~");
    CHECK(doc.root()["c"].is_null());
    CHECK(doc.root()["d"].scalar() == "null");
  }
  TEST_CASE("an anchor names the node written after it, and an alias into an open collection is a cycle") {
    io::YamlDoc doc = io::parse_yaml("a: &x {b: &x 1}\nd: *x\n", "f.yaml");
    CHECK(doc.root()["d"].scalar() == "1");
    CHECK(refusal("x: &a 1\ny: &a [*a]\n") == "f.yaml:2:8: YAML syntax error: alias '*a' is inside the value it names");
    CHECK(refusal("x: &a [1, &a 2, [*a]]\n") == "no error");  // the inner anchor, closed by then
  }
  TEST_CASE("only stand-ins written in the file are turned back") {
    // Without a control character, an escape to plane 15 is that character.
    CHECK(io::parse_yaml("a: \"\\U000F0041\"\n", "f.yaml").root()["a"].scalar() == "\xf3\xb0\x81\x81");
    // With one elsewhere in the file, the escape's character stays itself
    // (a lone surrogate and a NUL were what it turned into before).
    CHECK(io::parse_yaml("# \x01\nname: \"Agency\\U000FD800\"\n", "f.yaml").root()["name"].scalar() ==
          "Agency\xf3\xbd\xa0\x80");
    CHECK(io::parse_yaml("# \x01\ninfluence: \"4\\U000F0000junk\"\n", "f.yaml").root()["influence"].scalar() ==
          "4\xf3\xb0\x80\x80junk");
    // In the same value as a control character, it cannot be told from a
    // stand-in: refused.
    CHECK(refusal("name: \"A\x01\\U000F0041\"\n") ==
          "f.yaml:1:7: a \\U escape names a character of Unicode's plane 15 private use area, in a file that holds "
          "control characters | hint: remove the control characters, or the escape");
    // A stand-in written in the file, in a value that also holds none made
    // by an escape, comes back; in another value an escape stays.
    io::YamlDoc doc = io::parse_yaml("a: \"x\x1by\"\nb: plain\x7f\n", "f.yaml");
    CHECK(doc.root()["a"].scalar() == "x\x1by");
    CHECK(doc.root()["b"].scalar() == "plain\x7f");
    // Plane 15 characters with control characters: refused where they are.
    CHECK(refusal("a: ok\nb: \xf3\xb0\x80\x81\n# \x01\n").rfind("f.yaml:2:4: holds both control characters", 0) == 0);
  }
  TEST_CASE("a byte order mark: skipped at the start, text anywhere else") {
    io::YamlDoc doc = io::parse_yaml("a:\n  b: 1\n\xef\xbb\xbf c: 2\n", "f.yaml");
    CHECK_FALSE(doc.root()["a"]["c"].defined());
    std::vector<std::string> keys;
    for (const auto& kv : doc.root().entries()) keys.push_back(kv.key().scalar());
    CHECK(keys == std::vector<std::string>{"a", "\xef\xbb\xbf c"});
    CHECK(refusal("\xef\xbb\xbf# comment\n---\na: 1\n") == "no error");
    CHECK(refusal("\xef\xbb\xbf%YAML 1.1\n---\na: 1\n") == "no error");
    // Columns on the first line leave the mark out, as without it.
    CHECK(refusal("\xef\xbb\xbf"
                  "ab: \xff\n")
              .rfind("f.yaml:1:5: ", 0) == 0);
    CHECK(refusal("\xef\xbb\xbf\tb: 1\n").find("hint: YAML indents with spaces") != std::string::npos);
  }
  TEST_CASE("a directive without '---' is named as such") {
    CHECK(refusal("%YAML 1.1\na: 1\n") ==
          "f.yaml:2:1: YAML syntax error: a directive (a line that starts with '%') must be followed by a line '---' | "
          "hint: add '---' after the directives, or remove them");
  }
  TEST_CASE("a large mapping is looked up through its index, the first of a repeated key") {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "k" + std::to_string(i) + ": v" + std::to_string(i) + "\n";
    text += "k3: again\n";
    io::YamlDoc doc = io::parse_yaml(text, "f.yaml");
    CHECK(doc.root()["k3"].scalar() == "v3");
    CHECK(doc.root()["k39"].scalar() == "v39");
    CHECK_FALSE(doc.root()["k40"].defined());
  }
  TEST_CASE("a number ends where its text ends, not at a NUL an escape made") {
    io::YamlDoc doc = io::parse_yaml("a: \"3\\0\"\nb: \"0.5\\0x\"\n", "f.yaml");
    model::Findings f;
    io::Context ctx{"f.yaml", &f};
    io::MapReader r(doc.root(), ctx, "thing");
    CHECK_FALSE(r.integer("a", 0, 10).has_value());
    CHECK_FALSE(r.number("b", 0, 1).has_value());
    CHECK(f.size() == 2);
  }
}
