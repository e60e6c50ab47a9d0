// Unit tests of privacy/screen: the one screen for personal data in free text.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "privacy/screen.hpp"
#include "util/error.hpp"
#include "util/unicode.hpp"

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

  TEST_CASE("names of registered persons, surname first") {
    const std::vector<std::string> names = {"Giuseppina Rossi", "Anna Maria Bianchi", "Li"};
    CHECK(personal_data_in("present: ROSSI GIUSEPPINA, the mayor", names) == "the name of a registered person");
    CHECK(personal_data_in("signed by Rossi,  Giuseppina", names) == "the name of a registered person");
    CHECK(personal_data_in("Bianchi Anna Maria spoke", names) == "the name of a registered person");
    CHECK(personal_data_in("Bianchi, Anna Maria", names) == "the name of a registered person");
    // One part alone, or the parts apart, is no name.
    CHECK_FALSE(personal_data_in("the Rossi report", names));
    CHECK_FALSE(personal_data_in("Giuseppina and Rossi", names));
    CHECK_FALSE(personal_data_in("Maria Bianchi Anna", names));
    CHECK(interlink::privacy::name_forms("Giuseppina  Rossi") ==
          std::vector<std::string>{"giuseppina rossi", "rossi giuseppina", "rossi, giuseppina"});
    CHECK(interlink::privacy::name_forms("Li") == std::vector<std::string>{"li"});
    // Registered surname first, with a comma (as interlink-csv(5) shows it):
    // found in every order.
    const std::vector<std::string> comma = {"Rossi, Mario", "Verdi , Anna Maria"};
    CHECK(personal_data_in("Mario Rossi asked for evening meetings", comma) == "the name of a registered person");
    CHECK(personal_data_in("Rossi Mario asked", comma) == "the name of a registered person");
    CHECK(personal_data_in("ROSSI, MARIO asked", comma) == "the name of a registered person");
    CHECK(personal_data_in("thanks to Anna Maria Verdi", comma) == "the name of a registered person");
    CHECK_FALSE(personal_data_in("Mario and the Rossi report", comma));
    CHECK(interlink::privacy::name_forms("Rossi, Mario") ==
          std::vector<std::string>{"rossi, mario", "mario rossi", "rossi mario"});
    CHECK(interlink::privacy::name_forms(", Mario") == std::vector<std::string>{", mario"});
  }

  TEST_CASE("the name index finds what a search for every name finds") {
    // The index looks names up by the word where they start; the reference
    // here searches every name everywhere. Random names and texts over a
    // small alphabet with blanks and punctuation (a name may start with one),
    // so that near misses, prefixes and repeated words are common.
    std::mt19937 rng(20261202);
    const std::string alphabet = "ab '-.";
    auto random_text = [&](std::size_t max) {
      std::string t;
      std::size_t n = 1 + rng() % max;
      for (std::size_t k = 0; k < n; ++k) t.push_back(alphabet[rng() % alphabet.size()]);
      return t;
    };
    auto reference = [](const std::string& text, const std::vector<std::string>& names) {
      // Each form of each name (as given, surname first: name_forms,
      // already trimmed and with blanks as one space).
      std::vector<std::string> forms;
      for (const auto& n : names)
        for (auto& f : interlink::privacy::name_forms(n)) forms.push_back(std::move(f));
      for (const auto& collapsed : forms) {
        if (collapsed.empty()) continue;
        std::string t;
        for (char c : text)
          if (c != ' ' || t.empty() || t.back() != ' ') t.push_back(c);
        for (auto at = t.find(collapsed); at != std::string::npos; at = t.find(collapsed, at + 1)) {
          bool left = at == 0 || !interlink::text::is_word_char(static_cast<unsigned char>(t[at - 1]));
          auto end = at + collapsed.size();
          bool right = end == t.size() || !interlink::text::is_word_char(static_cast<unsigned char>(t[end]));
          if (left && right) return true;
        }
      }
      return false;
    };
    int found = 0;
    for (int round = 0; round < 3000; ++round) {
      std::vector<std::string> names;
      for (int k = 0, n = 1 + static_cast<int>(rng() % 4); k < n; ++k) names.push_back(random_text(5));
      std::string text = random_text(14);
      bool want = reference(text, names);
      found += want;
      CAPTURE(text);
      CAPTURE(names.size());
      CHECK(personal_data_in(text, names).has_value() == want);
    }
    CHECK(found > 300);  // the rounds test both answers
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
