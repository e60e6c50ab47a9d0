// Unit tests for is_canonical_payload(): held to the slow path it replaces in
// verify (parse into a DOM, dump, compare), on chosen cases and on 100,000
// seeded mutations of canonical payloads. It must never say "canonical" where
// the slow path does not; and on every case here it gives the same answer.
// parse_canonical_payload() is held to Json::parse on the same texts: the
// same verdict, and for every canonical text the same value, type by type.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "ledger/canonical.hpp"
#include "ledger/event.hpp"
#include "util/error.hpp"

using namespace interlink;
using namespace interlink::ledger;

namespace {

// What verify did before: the text is an object and its canonical dump.
bool slow(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  try {
    return canonical_json(j) == text;
  } catch (const Error&) {
    return false;  // a float, invalid UTF-8 or too deep
  }
}

// Equal values of equal types all the way down: nlohmann's == says 1u == 1,
// but the replay reads "unsigned" and "integer" apart.
bool same(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
      if (i.key() != j.key() || !same(i.value(), j.value())) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

// parse_canonical_payload() on text: built exactly as Json::parse builds it
// when it accepts, and `out` untouched when it refuses. Returns its verdict.
bool parses_as_nlohmann(const std::string& text) {
  Json out = "untouched";
  const bool built = parse_canonical_payload(text, out);
  if (built) {
    CHECK(same(out, Json::parse(text)));
  } else {
    CHECK(out == "untouched");
  }
  return built;
}

std::string nested(int levels) {
  std::string s = "{\"a\":";
  for (int i = 0; i < levels; ++i) s += "[";
  s += "1";
  for (int i = 0; i < levels; ++i) s += "]";
  return s + "}";
}

}  // namespace

TEST_SUITE("ledger.canonical") {
  TEST_CASE("chosen payloads: the same verdict as parse and dump") {
    const std::vector<std::pair<std::string, bool>> cases = {
        {R"({})", true},
        {R"({"a":1})", true},
        {R"({"a":1,"b":[true,false,null],"c":{"d":"e"}})", true},
        {R"({"b":1,"a":2})", false},  // keys out of order
        {R"({"a":1,"a":2})", false},  // duplicate key
        {R"({"a":1 })", false},       // whitespace
        {R"( {"a":1})", false},
        {R"({"a":1}x)", false},  // trailing bytes
        {R"([1])", false},       // not an object
        {R"("a")", false},
        {R"({"a":01})", false},
        {R"({"a":-0})", false},  // dumps as 0
        {R"({"a":-1})", true},
        {R"({"a":1.5})", false},  // floats are refused
        {R"({"a":1e3})", false},
        {R"({"a":1E3})", false},
        {R"({"a":9223372036854775807})", true},
        {R"({"a":-9223372036854775808})", true},
        {R"({"a":-9223372036854775809})", false},  // a float to nlohmann
        {R"({"a":18446744073709551615})", true},
        {R"({"a":18446744073709551616})", false},
        {R"({"a":99999999999999999999})", false},
        {R"({"a":"tab\there"})", true},
        {R"({"a":"q\"b\\"})", true},
        {R"({"a":"\u0001\u001f\u0000"})", true},
        {R"({"a":"\u001F"})", false},      // dump writes lowercase hex
        {R"({"a":"\u0009"})", false},      // dump writes \t
        {R"({"a":"\u0041"})", false},      // dump writes A
        {R"({"a":"\/"})", false},          // dump writes /
        {"{\"a\":\"tab\there\"}", false},  // a raw control character
        {"{\"a\":\"del\x7f\"}", true},
        {"{\"a\":\"Citt\xc3\xa0 di Forl\xc3\xac\"}", true},
        {"{\"a\":\"\xe2\x82\xac \xf0\x9f\x98\x80\"}", true},
        {"{\"a\":\"\xc0\xaf\"}", false},          // overlong
        {"{\"a\":\"\xed\xa0\x80\"}", false},      // a surrogate
        {"{\"a\":\"\xf4\x90\x80\x80\"}", false},  // past U+10FFFF
        {"{\"a\":\"\xe2\x82\"}", false},          // truncated sequence
        {"{\"a\":\"\xff\"}", false},
        {std::string("{\"a\":\"x\0y\"}", 11), false},  // a raw NUL
        // Keys compare decoded: "\n" (0x0a) sorts before "A" (0x41), though
        // its escape (0x5c) sorts after.
        {R"({"\n":1,"A":2})", true},
        {R"({"A":2,"\n":1})", false},
        {R"({"a":1,"b":{"a":1,"b":2},"c":3})", true},  // a nested object does not reset the outer order
        {R"({"a":1,"c":{"x":1},"b":3})", false},
        {R"({"a":tru})", false},
        {R"({"a":nul})", false},
        {R"({"a":[1,]})", false},
        {R"({"a":[,1]})", false},
        {R"({"a":1,})", false},
        {R"({"a":)", false},
        {R"({"a)", false},
        {"", false},
        {nested(63), true},
        {nested(64), false},  // a value 65 levels deep: more than verify accepts
    };
    for (const auto& c : cases) {
      const std::string& text = c.first;  // not a structured binding: CAPTURE takes it in a lambda
      const bool expected = c.second;
      CAPTURE(text);
      CHECK(slow(text) == expected);
      CHECK(is_canonical_payload(text) == expected);
      CHECK(parses_as_nlohmann(text) == expected);
    }
  }

  TEST_CASE("parsed payloads: types as nlohmann keeps them, escaped keys decoded") {
    Json out;
    REQUIRE(parse_canonical_payload(R"({"a":1,"b":-1,"c":"x","d":[],"e":{},"f":null,"g":true})", out));
    CHECK(out["a"].is_number_unsigned());
    CHECK(out["b"].is_number_integer());
    CHECK_FALSE(out["b"].is_number_unsigned());
    CHECK(out["b"].get<long long>() == -1);
    CHECK(out["d"].is_array());
    CHECK(out["e"].is_object());
    CHECK(out["f"].is_null());
    CHECK(out["g"] == true);
    REQUIRE(parse_canonical_payload(R"({"a":-9223372036854775808,"b":18446744073709551615})", out));
    CHECK(out["a"].get<std::int64_t>() == INT64_MIN);
    CHECK(out["b"].get<std::uint64_t>() == UINT64_MAX);
    // An escaped key longer than a short string's buffer, then a plain one:
    // each key lands under its own decoded name.
    REQUIRE(parse_canonical_payload(R"({"\n\tkey with an escape, long":1,"A":2,"B\\":{"\"":3}})", out));
    CHECK(out.size() == 3);
    CHECK(out["\n\tkey with an escape, long"] == 1);
    CHECK(out["A"] == 2);
    CHECK(out["B\\"]["\""] == 3);
    CHECK(same(out, Json::parse(R"({"\n\tkey with an escape, long":1,"A":2,"B\\":{"\"":3}})")));
  }

  TEST_CASE("parents as stored: the canonical list read, anything else left to the caller") {
    const std::string a(64, 'a'), b(64, 'b');
    std::vector<std::string> out = {"stale"};
    CHECK(parse_canonical_parents("[]", out));
    CHECK(out.empty());
    CHECK(parse_canonical_parents("[\"" + a + "\",\"" + b + "\"]", out));
    CHECK(out == std::vector<std::string>{a, b});
    for (const std::string& bad :
         std::vector<std::string>{"[\"" + a + "\" ]", "[ \"" + a + "\"]", "[\"" + a.substr(1) + "A\"]",
                                  "[\"" + a + "\",]", "[\"" + a + "\"", "{}", "", "[\"" + a + "\"]x"}) {
      CAPTURE(bad);
      CHECK_FALSE(parse_canonical_parents(bad, out));
    }
  }

  TEST_CASE("100,000 mutated payloads: never canonical where parse and dump say not") {
    const std::vector<std::string> seeds = {
        R"({"from":"mef-planning","phase":"listen","text":"More \"open\" data\nplease","type":"idea"})",
        R"({"addresses":["fb-3a9c01de"],"eligible":12,"outcome":"approved","votes":{"against":-2,"for":9}})",
        "{\"note\":\"Citt\xc3\xa0 \xe2\x82\xac \xf0\x9f\x98\x80\",\"size\":18446744073709551615}",
        R"({"a":{"b":[{"c":null},true,false,[]],"d":{}},"e":"\u0001\\"})",
    };
    // Bytes that make or break JSON, and some that only make UTF-8 wrong.
    static const char kAlphabet[] = "{}[]\":,\\-0123456789.eEtfnulrsabu /\x7f\xc3\xa0\xed\xf0\xff\x01";
    const std::string alphabet(kAlphabet, sizeof kAlphabet - 1);
    std::mt19937 rng(20261202);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    long canonical = 0, agreed = 0;
    const long runs = 100000;
    for (long i = 0; i < runs; ++i) {
      std::string t = seeds[pick(seeds.size())];
      const std::size_t edits = 1 + pick(3);
      for (std::size_t k = 0; k < edits && !t.empty(); ++k) {
        const std::size_t at = pick(t.size());
        switch (pick(4)) {
          case 0:
            t.insert(t.begin() + static_cast<long>(at), alphabet[pick(alphabet.size())]);
            break;
          case 1:
            t.erase(at, 1);
            break;
          case 2:
            t[at] = alphabet[pick(alphabet.size())];
            break;
          default:  // move a piece elsewhere: reorders keys and values
            const std::size_t len = 1 + pick(std::min<std::size_t>(12, t.size() - at));
            const std::string piece = t.substr(at, len);
            t.erase(at, len);
            t.insert(pick(t.size() + 1), piece);
        }
      }
      const bool fast = is_canonical_payload(t);
      const bool reference = slow(t);
      if (parses_as_nlohmann(t) != fast) {
        CAPTURE(t);
        FAIL("the parse and the check disagree");
      }
      if (fast && !reference) {
        CAPTURE(t);
        FAIL("said canonical, but parse and dump disagree");
      }
      canonical += reference ? 1 : 0;
      agreed += fast == reference ? 1 : 0;
    }
    // The mutations must reach canonical texts too (reordered keys, changed
    // digits and letters), or the test would only show refusals.
    CHECK(canonical > 1000);
    CHECK(agreed == runs);
  }
}
