// Unit tests of privacy/screen: the one screen for personal data in free text.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "privacy/screen.hpp"
#include "util/error.hpp"

using interlink::privacy::check_free_text;
using interlink::privacy::personal_data_in;

TEST_SUITE("privacy.screen") {
  TEST_CASE("e-mail addresses are found wherever they are") {
    CHECK(personal_data_in("write to giuseppina@mail.example please", {}) == "an e-mail address");
    CHECK(personal_data_in("(a.b-c+d@sub.example.org)", {}) == "an e-mail address");
    CHECK_FALSE(personal_data_in("meet @ the town hall", {}));
    CHECK_FALSE(personal_data_in("user@localhost", {}));
    CHECK_FALSE(personal_data_in("@handle", {}));
  }

  TEST_CASE("phone numbers are found; dates, years and counts are not") {
    CHECK(personal_data_in("call +39 333 1234567", {}) == "a phone number");
    CHECK(personal_data_in("tel. 06 1234 5678", {}) == "a phone number");
    CHECK(personal_data_in("(+44) 20-7946-0958", {}) == "a phone number");
    CHECK_FALSE(personal_data_in("workshops 2026-01-12 to 2026-02-27", {}));
    CHECK_FALSE(personal_data_in("for 12 months from 2026, 300 people", {}));
    CHECK_FALSE(personal_data_in("budget 1 000 000 EUR", {}));
  }

  TEST_CASE("names of registered persons: NFC, any case, whole words only") {
    const std::vector<std::string> names = {"Giuseppina Rossi", "Ana\xCC\x81 L\xC3\xB3pez", "Li"};
    CHECK(personal_data_in("as agreed with GIUSEPPINA  ROSSI", names) == "the name of a registered person");
    // NFD in the store, NFC in the text (and the other way round).
    CHECK(personal_data_in("consent by AN\xC3\x81 lo\xCC\x81pez", names) == "the name of a registered person");
    CHECK_FALSE(personal_data_in("Giuseppina Rossini's report", names));
    CHECK_FALSE(personal_data_in("the public library", names));  // "Li" inside a word
    CHECK(personal_data_in("asked Li", names) == "the name of a registered person");
    CHECK_FALSE(personal_data_in("newsletters and workshops", {}));
  }

  TEST_CASE("check_free_text refuses with the field and the reason, and lets clean text through") {
    CHECK_NOTHROW(check_free_text("the consent scope", "newsletters and workshops", {"Maria"}));
    try {
      check_free_text("the consent scope", "newsletters to maria@example.org", {});
      FAIL("an e-mail address was let through");
    } catch (const interlink::Error& e) {
      CHECK(e.status() == interlink::ExitStatus::refused);
      CHECK(e.message() == "the consent scope holds an e-mail address; it would enter the public record");
      CHECK(e.hint().find("stakeholder id") != std::string::npos);
    }
  }
}
