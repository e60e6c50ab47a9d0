// util/pack: the length-prefixed form of every cache file ("<digits>:<bytes>").
// The reader takes exactly what the writer wrote, and refuses any damage
// with std::runtime_error: a cache that cannot be read is a miss, never a
// wrong answer. Its hand-written length parser is held to the
// std::from_chars reference it replaced, on random bytes.
#include <doctest/doctest.h>

#include <charconv>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>

#include "util/pack.hpp"

using interlink::pack::Reader;
using interlink::pack::Writer;

namespace {

// The reference: the length as std::from_chars reads it, up to a ':' within
// the first 11 bytes; nullopt where the reader must throw.
std::optional<std::string_view> reference_view(std::string_view in) {
  const std::size_t colon = in.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 10) return std::nullopt;
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(in.data(), in.data() + colon, n);
  if (ec != std::errc() || end != in.data() + colon) return std::nullopt;
  if (n > in.size() - colon - 1) return std::nullopt;
  return in.substr(colon + 1, n);
}

std::optional<std::string_view> actual_view(std::string_view in) {
  try {
    Reader r(in);
    return r.view();
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

}  // namespace

TEST_SUITE("util pack") {
  TEST_CASE("what the writer wrote is read back, in order") {
    Writer w;
    w.str("");
    w.str("a:b:c");
    w.str(std::string(1234, 'x'));
    w.num(-42);
    w.strs({"one", "", "three"});
    Reader r(w.bytes());
    CHECK(r.str().empty());
    CHECK(r.view() == "a:b:c");
    CHECK(r.str() == std::string(1234, 'x'));
    CHECK(r.num() == -42);
    CHECK(r.strs() == std::vector<std::string>{"one", "", "three"});
    CHECK(r.done());
  }

  TEST_CASE("every kind of damaged length is refused") {
    for (std::string_view bad : {"", ":", ":x", "a:", "1", "12", "5:abc", "-1:", "+1:a", " 1:a", "1 :a", "0x1:a",
                                 "12345678901:x", "99999999999:", "2:a"}) {
      CAPTURE(bad);
      Reader r(bad);
      CHECK_THROWS_AS((void)r.view(), std::runtime_error);
    }
    CHECK(actual_view("0:") == std::string_view());
    CHECK(actual_view("01:ab") == "a");  // leading zeros, as from_chars reads them
    CHECK(actual_view("10:0123456789rest") == "0123456789");
  }

  TEST_CASE("the length parser agrees with std::from_chars on random bytes") {
    std::mt19937 rng(20261203);
    const std::string alphabet = "0123456789:0123456789::-+ xa";
    for (int i = 0; i < 20000; ++i) {
      std::string in(rng() % 16, '0');
      for (auto& c : in) c = alphabet[rng() % alphabet.size()];
      if (rng() % 4 == 0) in += std::string(rng() % 40, 'y');
      CAPTURE(in);
      CHECK(actual_view(in) == reference_view(in));
    }
  }
}
