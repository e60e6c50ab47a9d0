// Unit tests for lib/io/yaml: limits, positions and MapReader findings.
#include <doctest/doctest.h>

#include <functional>
#include <string>

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
    CHECK(parse_error("a: b: c\n") == "f.yaml:1:5: YAML syntax error: illegal map value");
    CHECK(parse_error("a:\n  - [x\n") == "f.yaml:3:1: YAML syntax error: end of sequence flow not found");
  }
  TEST_CASE("limits are checked before yaml-cpp sees the text") {
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
    YAML::Node root = io::parse_yaml(bomb, "f.yaml");  // parsing shares nodes: cheap
    model::Findings f;
    io::Context ctx{"f.yaml", &f};
    io::MapReader r(root, ctx, "test");
    CHECK_THROWS_WITH(
        [&] {
          std::function<void(const YAML::Node&)> walk = [&](const YAML::Node& n) {
            ctx.visit(n);
            if (n.IsSequence())
              for (const auto& c : n) walk(c);
          };
          walk(root["h"]);
        }(),
        doctest::Contains("more than 200000 values after expanding aliases"));
  }
  TEST_CASE("MapReader reports types, ranges, vocabularies and unknown keys") {
    YAML::Node n =
        io::parse_yaml("name: x\ncount: many\nlevel: 9\nmodel: partnershp\nwhen: 2026-02-30\nnmae: y\n", "f.yaml");
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
}
