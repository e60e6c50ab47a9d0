// Unit tests for lib/stakeholders/ids: readable ids of organizations,
// random pseudonyms of persons.
#include <doctest/doctest.h>

#include <set>

#include "stakeholders/ids.hpp"
#include "util/text.hpp"

using namespace interlink::stakeholders;

TEST_SUITE("stakeholders.ids") {
  TEST_CASE("organizations: a transliterated slug of the name") {
    CHECK(organization_id("Comune di Roma") == "comune-di-roma");
    CHECK(organization_id("Società Cooperativa «Il Ponte»") == "societa-cooperativa-il-ponte");
    CHECK(organization_id("Université Côte d’Azur") == "universite-cote-dazur");
    CHECK(organization_id("Łódź Urząd Miasta") == "lodz-urzad-miasta");
    CHECK(organization_id("Ελληνική Δημοκρατία") == "elliniki-dimokratia");
    CHECK(organization_id("東京都庁") == "");  // no Latin letter: the caller asks for --id
  }
  TEST_CASE("persons: p- and 8 base32 characters, never the same twice, never one taken") {
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {
      auto id = random_person_id([&](const std::string& c) { return seen.count(c) > 0; });
      CHECK(id.size() == 10);
      CHECK(id.starts_with("p-"));
      CHECK(interlink::text::is_slug(id));
      CHECK(is_pseudonym(id));
      CHECK(seen.insert(id).second);
    }
    int calls = 0;
    auto id = random_person_id([&](const std::string&) { return ++calls < 3; });
    CHECK(calls == 3);
    CHECK(is_pseudonym(id));
  }
  TEST_CASE("an id that shows the name or the email is not pseudonymous") {
    CHECK(id_reveals("mario-rossi", "Mario Rossi", ""));
    CHECK(id_reveals("p-rossi", "Mario Rossi", ""));
    CHECK(id_reveals("mrossi77", "", "mrossi77@example.org"));
    CHECK(id_reveals("p-garcia", "José García", ""));
    CHECK_FALSE(id_reveals("resp-0042", "Mario Rossi", "mario@example.org"));
    CHECK_FALSE(id_reveals("p-ada", "Al Bo", ""));  // words under 3 letters are not matched
    // A drawn pseudonym may hold three letters of a name by chance.
    CHECK_FALSE(id_reveals("p-adakq2m7", "Ada", ""));
  }
}
