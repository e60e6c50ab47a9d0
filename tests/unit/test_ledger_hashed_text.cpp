// Unit tests for hashed_text(): the canonical text of an event built from its
// parts (with plain ASCII strings quoted directly) is byte for byte the
// canonical JSON of the hashed object, whatever the strings hold.
#include <doctest/doctest.h>

#include "ledger/event.hpp"
#include "util/hash.hpp"

using namespace interlink;
using namespace interlink::ledger;

TEST_SUITE("ledger.hashed_text") {
  TEST_CASE("hashed_text equals canonical_json(hashed_object) for plain and escaped strings") {
    for (const char* s : {"mef-planning", "2026-03-01T10:00:00Z", "say \"hi\"", "back\\slash", "tab\there", "nl\nx",
                          "bell\x07", "del\x7f", "Città di Forlì", "", "a/b <c> & 'd'"}) {
      CAPTURE(s);
      Event e;
      e.actor = s;
      e.kind = "feedback.recorded";
      e.subject = s;
      e.time = s;
      e.parents = {std::string(64, 'b'), std::string(64, 'a')};
      e.payload = Json{{"text", s}, {"n", 3}};
      const std::string expected = canonical_json(hashed_object(e));
      CHECK(hashed_text(e.actor, e.kind, parents_json(e.parents), canonical_json(e.payload), e.subject, e.time) ==
            expected);
      CHECK(compute_hash(e) == sha256_hex(expected));
      // verify's form: the same bytes fed to SHA-256 in parts.
      CHECK(hashed_text_hash(e.actor, e.kind, parents_json(e.parents), canonical_json(e.payload), e.subject, e.time) ==
            sha256_hex(expected));
    }
  }
}
