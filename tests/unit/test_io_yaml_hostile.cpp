// Unit tests for what parse_yaml must refuse rather than misread: each case
// came from the corpus of broken files (tests/corpus/). Inputs that could
// hang or exhaust memory are run only by tests/cli/test_validate_corpus.py,
// which caps time and address space.
#include <doctest/doctest.h>

#include <string>

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
  TEST_CASE("a second document is refused, not silently dropped") {
    CHECK(refusal("interlink: 1\nid: a\n---\ninterlink: 2\n") ==
          "f.yaml:3:1: holds more than one YAML document | hint: an interlink file is a single document: remove the "
          "second '---' or merge what follows it");
    CHECK(refusal("---\na: 1\n") == "no error");        // one document with its marker
    CHECK(refusal("a: 1\n...\n") == "no error");        // one document with its end marker
    CHECK(refusal("%YAML 1.2\n---\na: 1\n") == "no error");  // a directive, then the document
    CHECK(refusal("a: 1\n...\n# end\n") == "no error");
    CHECK(refusal("a: 1\n...\nb: 2\n").rfind("f.yaml:3:1: holds more than one YAML document", 0) == 0);
    CHECK(refusal("--- # first\na: 1\n--- \r\nb: 2\n").rfind("f.yaml:3:1: holds more", 0) == 0);
    CHECK(refusal("a: |\n  ---\n  text\n") == "no error");  // indented: text, not a marker
    CHECK(refusal("a: \"x\n---y\"\n") == "no error");       // "---y" is no marker
  }

  TEST_CASE("UTF-16 is named as such") {
    std::string le("\xff\xfe" "a\0:\0 \0" "1\0", 10);
    std::string be("\xfe\xff\0a\0:\0 \0" "1", 10);
    CHECK(refusal(le) == "f.yaml:1:1: is UTF-16, not UTF-8 | hint: save the file as UTF-8");
    CHECK(refusal(be) == "f.yaml:1:1: is UTF-16, not UTF-8 | hint: save the file as UTF-8");
    CHECK(refusal("\xef\xbb\xbf" "a: 1\n") == "no error");  // a UTF-8 BOM is fine
  }
}
