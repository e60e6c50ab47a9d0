// Unit tests of lib/ledger/event: the canonical JSON and the hash recipe of
// SPEC §5. The expected texts and hashes were produced by Python's
// json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
// and hashlib.sha256, the independent reference the spec names.
#include <doctest/doctest.h>

#include "ledger/event.hpp"
#include "util/error.hpp"

using interlink::Error;
using interlink::ExitStatus;
using namespace interlink::ledger;

TEST_SUITE("ledger.event") {
  TEST_CASE("canonical JSON sorts keys by code point and writes no spaces") {
    Json j = {{"b", 1}, {"a", {{"z", 1}, {"y", 2}}}, {"é", 0}, {"Z", nullptr}, {"arr", {true, false}}};
    CHECK(canonical_json(j) == R"({"Z":null,"a":{"y":2,"z":1},"arr":[true,false],"b":1,"é":0})");
  }

  TEST_CASE("canonical JSON escapes exactly what Python escapes") {
    CHECK(canonical_json(Json("\"\\/")) == R"("\"\\/")");
    CHECK(canonical_json(Json("\b\f\n\r\t")) == R"("\b\f\n\r\t")");
    CHECK(canonical_json(Json(std::string("\x01\x1f", 2))) == R"("\u0001\u001f")");
    CHECK(canonical_json(Json(std::string(1, '\0'))) == R"("\u0000")");
    // DEL, non-ASCII, U+2028 and astral characters are written as UTF-8.
    CHECK(canonical_json(Json("\x7f é \u2028 𝄞")) == "\"\x7f é \u2028 𝄞\"");
  }

  TEST_CASE("canonical JSON writes integers as Python does and refuses other numbers") {
    CHECK(canonical_json(Json{{"n", -42}, {"big", 9007199254740993LL}, {"u", 18446744073709551615ULL}}) ==
          R"({"big":9007199254740993,"n":-42,"u":18446744073709551615})");
    try {
      canonical_json(Json{{"x", {{"y", 1.5}}}});
      FAIL("a float was accepted");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::refused);
      CHECK(e.message().find("integers") != std::string::npos);
    }
  }

  TEST_CASE("canonical JSON refuses invalid UTF-8") {
    for (std::string bad :
         {std::string("\xff"), std::string("\xc3"), std::string("\xed\xa0\x80"), std::string("\xc0\xaf")}) {
      CAPTURE(bad.size());
      CHECK_THROWS_AS(canonical_json(Json{{"text", bad}}), Error);
    }
  }

  TEST_CASE("the hash of a known event matches Python's") {
    Event e;
    e.time = "2026-01-01T00:00:00Z";
    e.actor = "tester";
    e.kind = "project.created";
    e.subject = "pspm";
    e.payload = {{"title", "Participatory Strategic Planning Module"}};
    CHECK(
        canonical_json(hashed_object(e)) ==
        R"({"actor":"tester","kind":"project.created","parents":[],"payload":{"title":"Participatory Strategic Planning Module"},"subject":"pspm","time":"2026-01-01T00:00:00Z"})");
    CHECK(compute_hash(e) == "9a004a404b71c7ff97ce8392eec6941f8bd6bd892602f942505cfc889b1293e4");
  }

  TEST_CASE("the hash sorts parents and covers escapes and unicode") {
    Event e;
    e.parents = {std::string(64, 'b'), std::string(64, 'a')};
    e.time = "2026-01-01T00:00:00Z";
    e.actor = "Società Ünïcode ☃";
    e.kind = "feedback.recorded";
    e.subject = "x";
    e.payload = {{"text", "line\nnext\t\"q\" \\ \x01 \x7f é 𝄞"},
                 {"n", -42},
                 {"z", {true, nullptr, {{"b", 1}, {"a", 2}}}},
                 {"é", 0},
                 {"Z", 1}};
    CHECK(compute_hash(e) == "69258958195f2b5b9d0aef087e4303edce99f132f2c4cd28c44cf77504bced90");
    CHECK(hashed_text(e.actor, e.kind, parents_json(e.parents), canonical_json(e.payload), e.subject, e.time) ==
          canonical_json(hashed_object(e)));
    CHECK(event_json(e).contains("hash"));
  }

  TEST_CASE("a payload must be an object") {
    Event e;
    e.payload = Json::array();
    CHECK_THROWS_AS(compute_hash(e), Error);
  }

  TEST_CASE("hash and id helpers") {
    CHECK(is_hash(std::string(64, 'a')));
    CHECK_FALSE(is_hash(std::string(64, 'A')));
    CHECK_FALSE(is_hash(std::string(63, 'a')));
    CHECK(short_id(std::string(64, 'c')) == std::string(10, 'c'));
    CHECK(parents_json({"b", "a"}) == R"(["a","b"])");
    CHECK(parents_json({}) == "[]");
  }
}
