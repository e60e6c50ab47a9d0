// Unit tests for lib/io/yaml: limits, positions and MapReader findings.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "io/conflict_markers.hpp"
#include "io/yaml.hpp"
#include "util/error.hpp"

using namespace interlink;

namespace {

std::string parse_error(const std::string& text) {
  try {
    io::parse_yaml(text, "f.yaml");
  } catch (const Error& e) {
    CHECK(e.status() == ExitStatus::unreadable);
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_SUITE("io.yaml") {
  TEST_CASE("syntax errors carry 1-based positions") {
    CHECK(parse_error("a: b: c\n") == "f.yaml:1:5: YAML syntax error: mapping values are not allowed in this context");
    CHECK(parse_error("a:\n  - [x\n") ==
          "f.yaml:3:1: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 2, "
          "column 5)");
  }
  TEST_CASE("git's conflict markers are named at their line, and only in a file that does not parse") {
    const std::string conflict = "id: p\ntitle: T\n<<<<<<< HEAD\nsector: public\n=======\nsector: private\n>>>>>>> b\n";
    CHECK(parse_error(conflict) ==
          "f.yaml:3:1: an unresolved git merge conflict (a line that starts with <<<<<<< or >>>>>>>)");
    CHECK(parse_error("a: 1\r\n>>>>>>> theirs\r\n").rfind("f.yaml:2:1: an unresolved git merge conflict", 0) == 0);
    // In a block of text, a marker is text: the file parses.
    CHECK(parse_error("note: |\n  <<<<<<< quoted in a note\n") == "no error");
    CHECK(io::conflict_marker_line("a\nb <<<<<<< c\n") == 0);
  }
  TEST_CASE("limits are checked before the parser sees the text") {
    CHECK(parse_error(std::string(10000, '[')) == "f.yaml:1:64: nesting is deeper than 64 levels");
    std::string deep;
    for (int i = 0; i < 100; ++i)
      deep += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k" + std::to_string(i) + ":\n";
    CHECK(parse_error(deep).find("nesting is deeper than 64 levels") != std::string::npos);
    CHECK(parse_error("a: \"x\0y\"\n" + std::string()).find("NUL") == std::string::npos);  // literal stops at NUL
    CHECK(parse_error(std::string("a: b\0c\n", 7)) == "f.yaml:1:5: contains a NUL byte: this is not a text file");
    CHECK(parse_error("a: caf\xe9\n") == "f.yaml:1:7: is not valid UTF-8");
    CHECK(parse_error(std::string(io::kMaxYamlBytes + 1, 'a')).find("more than the limit") != std::string::npos);
  }
  TEST_CASE("flow brackets inside quotes and comments do not count") {
    std::string s =
        "a: \"" + std::string(100, '[') + "\"\nb: 'x" + std::string(100, '{') + "'\n# " + std::string(100, '[') + "\n";
    CHECK_NOTHROW(io::parse_yaml(s, "f.yaml"));
  }
  TEST_CASE("alias bombs exhaust the visit budget") {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'h'; ++c, ++prev) {
      bomb += std::string(1, c) + ": &" + c + " [";
      for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", " : "") + "*" + prev;
      bomb += "]\n";
    }
    io::YamlDoc doc = io::parse_yaml(bomb, "f.yaml");  // parsing shares nodes: cheap
    io::YamlNode root = doc.root();
    model::Findings f;
    io::Context ctx{"f.yaml", &f};
    io::MapReader r(root, ctx, "test");
    CHECK_THROWS_WITH(
        [&] {
          std::function<void(const io::YamlNode&)> walk = [&](const io::YamlNode& n) {
            ctx.visit(n);
            for (io::YamlNode c : n.items()) walk(c);
          };
          walk(root["h"]);
        }(),
        doctest::Contains("more than 200000 values after expanding aliases"));
  }
  TEST_CASE("MapReader reports types, ranges, vocabularies and unknown keys") {
    io::YamlDoc doc =
        io::parse_yaml("name: x\ncount: many\nlevel: 9\nmodel: partnershp\nwhen: 2026-02-30\nnmae: y\n", "f.yaml");
    io::YamlNode n = doc.root();
    model::Findings f;
    io::Context ctx{"f.yaml", &f};
    io::MapReader r(n, ctx, "thing");
    CHECK(r.str("name") == "x");
    CHECK_FALSE(r.integer("count", 0, 10).has_value());
    CHECK_FALSE(r.integer("level", 1, 5).has_value());
    CHECK(r.one_of("model", {"partnership", "platform"}) == "");
    CHECK(r.date("when") == "");
    CHECK(r.str("title", true) == "");
    r.finish();
    REQUIRE(f.size() == 6);
    CHECK(f[0].message == "'count' must be a whole number, not 'many'");
    CHECK(f[0].pos.str() == "f.yaml:2:8");
    CHECK(f[1].message == "'level' must be between 1 and 5, not 9");
    CHECK(f[2].message ==
          "'partnershp' is not a valid model (did you mean 'partnership'?); expected one of: partnership, platform");
    CHECK(f[3].rule == "bad-date");
    CHECK(f[4].message == "thing: 'title' is required");
    CHECK(f[5].rule == "unknown-key");
    CHECK(f[5].severity == model::Severity::warning);
    CHECK(f[5].message == "unknown key 'nmae' in thing (did you mean 'name'?)");
    CHECK(f[5].pos.str() == "f.yaml:6:1");
  }

  TEST_CASE("a repeated key's findings point at the value that is read: the first") {
    io::YamlDoc doc = io::parse_yaml("level: 9\nname: x\nlevel: 2\n", "f.yaml");
    model::Findings f;
    io::Context ctx{"f.yaml", &f};
    io::MapReader r(doc.root(), ctx, "thing");
    CHECK_FALSE(r.integer("level", 1, 5).has_value());
    r.str("name");
    r.finish();
    REQUIRE(f.size() == 2);
    CHECK(f[0].message == "'level' must be between 1 and 5, not 9");
    CHECK(f[0].pos.str() == "f.yaml:1:8");
    CHECK(f[1].rule == "duplicate-key");
    CHECK(f[1].pos.str() == "f.yaml:3:1");
  }
  TEST_CASE("lines after the top-level value ends are refused, not dropped") {
    // yaml-cpp read only "id: x" here and dropped the rest without a word.
    std::string e = parse_error("  id: x\nkind: person\nsector: public\n");
    CHECK(e == "f.yaml:2:1: YAML syntax error: this line is outside the file's top-level mapping or list");
    try {
      io::parse_yaml("  id: x\nkind: person\n", "f.yaml");
    } catch (const Error& err) {
      CHECK(err.hint() == "a file is one mapping (or one list): start every top-level key in the same column");
    }
    // A line folded into the previous value by yaml-cpp, for want of ": ".
    CHECK(parse_error("id: x\ngender: woman\narea:null old-town\n").find("could not find expected ':'") !=
          std::string::npos);
    // A quote left open swallowed the rest of the file.
    CHECK(parse_error("id: x\nname: \"open\nkind: person\n").find("found unexpected end of stream") !=
          std::string::npos);
  }
  TEST_CASE("a tab where YAML wants indentation gets a hint") {
    try {
      io::parse_yaml("a:\n\tb: 1\n", "f.yaml");
      FAIL("accepted");
    } catch (const Error& err) {
      CHECK(std::string(err.what()).rfind("f.yaml:2:1: YAML syntax error: ", 0) == 0);
      CHECK(err.hint() == "YAML indents with spaces: replace the tab with spaces");
    }
    // The column counts characters: the tab after "café:" is byte 7.
    try {
      io::parse_yaml("caf\xc3\xa9:\n  x: 1\n\t y: 2\n", "f.yaml");
      FAIL("accepted");
    } catch (const Error& err) {
      CHECK(err.hint() == "YAML indents with spaces: replace the tab with spaces");
    }
  }
  TEST_CASE("YamlDoc::parse refuses a second document itself") {
    // parse_yaml's line scan refuses it first; the parser's own check keeps
    // any other way to a second document from dropping text.
    CHECK_THROWS_WITH(io::YamlDoc::parse("a: 1\n---\nb: 2\n", "f.yaml", 64),
                      "f.yaml:2:1: holds more than one YAML document");
    CHECK(io::YamlDoc::parse("---\na: 1\n...\n", "f.yaml", 64).root()["a"].scalar() == "1");
  }
  TEST_CASE("control characters and line separators stay text in the tree") {
    io::YamlDoc doc = io::parse_yaml("a: x\x1b[2Jy\nb: \"p\xc2\x85q\"\nc: r\xe2\x80\xa8s\nd: 1\n", "f.yaml");
    io::YamlNode root = doc.root();
    CHECK(root["a"].scalar() == "x\x1b[2Jy");
    CHECK(root["b"].scalar() == "p\xc2\x85q");
    CHECK(root["c"].scalar() == "r\xe2\x80\xa8s");
    CHECK(root["d"].pos("f.yaml").str() == "f.yaml:4:4");  // NEL and LS broke no line
    // Plane 15 characters alone are text too; with controls they are refused.
    CHECK(io::parse_yaml("a: \xf3\xb0\x80\x81\n", "f.yaml").root()["a"].scalar() == "\xf3\xb0\x80\x81");
    CHECK(parse_error("a: \xf3\xb0\x80\x81\x01\n").find("plane 15") != std::string::npos);
  }
}
