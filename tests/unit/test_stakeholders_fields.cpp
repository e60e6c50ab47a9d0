// Unit tests for lib/stakeholders/fields and plan_add: every value checked,
// every problem reported with its exit status, ids drawn or derived.
#include <doctest/doctest.h>

#include "io/project_io.hpp"
#include "ledger_scratch.hpp"
#include "stakeholders/fields.hpp"
#include "stakeholders/ids.hpp"
#include "stakeholders/registry.hpp"
#include "util/fs.hpp"

using namespace interlink;
using namespace interlink::stakeholders;

namespace {

Input org(const std::string& name, const std::string& sector = "public") {
  Input in;
  in.name = name;
  in.sector = sector;
  return in;
}

std::vector<std::string> messages(const Issues& issues) {
  std::vector<std::string> out;
  for (const auto& i : issues) out.push_back(i.message);
  return out;
}

}  // namespace

TEST_SUITE("stakeholders.fields") {
  TEST_CASE("defaults") {
    setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
    Issues issues;
    auto c = check_input(org("  Comune   di\nRoma "), issues);
    REQUIRE(c);
    CHECK(issues.empty());
    CHECK(c->s.kind == "organization");
    CHECK(c->s.name == "Comune di Roma");
    CHECK(c->s.role == "contributor");
    CHECK(c->s.joined == "2026-01-01");
    CHECK(c->s.consent.status == "pending");
    CHECK(c->s.consent.date.empty());
    CHECK(c->s.influence == 0);
  }
  TEST_CASE("a person's name and contacts go to the contact, never to the stakeholder") {
    Input in = org("Ada Lovelace", "citizen");
    in.kind = "person";
    in.email = "ada@example.org";
    in.phone = "+44 20 7946 0000";
    in.consent = "given";
    in.bands = {{"age_band", "30-44"}};
    Issues issues;
    auto c = check_input(in, issues);
    REQUIRE(c);
    CHECK(c->s.name.empty());
    CHECK(c->contact == Contact{"Ada Lovelace", "ada@example.org", "+44 20 7946 0000"});
    CHECK(c->s.consent.date == "2026-01-01");
    CHECK(c->s.bands.at("age_band") == "30-44");
  }
  TEST_CASE("malformed values, closed-list values included, are usage problems") {
    Input in = org("X", "publc");
    in.kind = "organisation";
    in.role = "reviewer";
    in.influence = "high";
    in.interest = "6";
    in.email = "x@localhost";
    in.phone = "call me";
    in.consent = "yes";
    in.joined = "2026-02-30";
    in.id = "Bad Id";
    in.tags = {"ok", "a;b"};
    in.line = 7;
    Issues issues;
    CHECK_FALSE(check_input(in, issues));
    CHECK(messages(issues) ==
          std::vector<std::string>{
              "unknown kind 'organisation' (did you mean 'organization'?); expected organization, group or person",
              "malformed id 'Bad Id': an id is lowercase letters, digits and '-', starting with a letter or digit, "
              "at most 64 characters",
              "unknown sector 'publc' (did you mean 'public'?); expected public, private, nonprofit, academia or "
              "citizen",
              "unknown role 'reviewer'; expected coordinator, co-producer, contributor, evaluator or observer",
              "influence must be a whole number from 1 to 5, not 'high'",
              "interest must be a whole number from 1 to 5, not '6'",
              "malformed tag 'a;b': a tag is one line of at most 64 characters, without ';'",
              "malformed date '2026-02-30' for joined: expected YYYY-MM-DD",
              "unknown consent status 'yes'; expected given, pending, refused or withdrawn",
              "malformed email 'x@localhost': expected an address like name@example.org",
              "malformed phone number 'call me': expected 3 to 20 digits, with spaces, + ( ) - . if you like",
          });
    for (const auto& i : issues) CHECK(i.line == 7);
    // A sector or role outside its list is as malformed as a kind (SPEC §3: exit 2 in every command).
    for (const auto& i : issues) CHECK(i.status == ExitStatus::usage);
    CHECK(worst(issues) == ExitStatus::usage);
    CHECK(worst({issues[2]}) == ExitStatus::usage);
    CHECK(worst({}) == ExitStatus::refused);
  }
  TEST_CASE("organizations need a name and a sector; bands are for persons") {
    Input in;
    in.bands = {{"gender", "f"}};
    Issues issues;
    CHECK_FALSE(check_input(in, issues));
    CHECK(messages(issues) ==
          std::vector<std::string>{"a name is required for an organization",
                                   "a sector is required: public, private, nonprofit, academia or citizen",
                                   "gender applies to persons only: bands measure the inclusion of individual "
                                   "participants"});
    CHECK(issues[0].hint.find("add-stakeholder \"NAME\"") != std::string::npos);
  }
  TEST_CASE("accepted emails and phones") {
    for (std::string e : {"a@b.it", "first.last+tag@sub.example.org", "nome@comune.roma.it", "x@dömäin.de"}) {
      Issues issues;
      Checker(issues, 0).email(e);
      CHECK_MESSAGE(issues.empty(), e);
    }
    for (std::string e : {"@b.it", "a@", "a@b", "a@@b.it", "a b@c.it", "a@b..it", "a@.b.it", "a@b.it."}) {
      Issues issues;
      Checker(issues, 0).email(e);
      CHECK_MESSAGE(issues.size() == 1, e);
    }
    for (std::string p : {"+39 06 6710 1", "(06) 123-456", "112", "0039.06.1234"}) {
      Issues issues;
      Checker(issues, 0).phone(p);
      CHECK_MESSAGE(issues.empty(), p);
    }
    for (std::string p : {"12", "06 12a", "+39 +06 1234", "0000000000000000000000"}) {
      Issues issues;
      Checker(issues, 0).phone(p);
      CHECK_MESSAGE(issues.size() == 1, p);
    }
  }
}

TEST_SUITE("stakeholders.plan_add") {
  struct Project {
    ledger_test::Scratch scratch;
    std::filesystem::path root;
    Project() {
      // plan_add refuses a project whose interlink.yaml it cannot read, so give it a minimal one.
      fs::write_file_atomic(scratch / "interlink.yaml", "interlink: 1\nid: t\ntitle: T\nphases: []\n");
      fs::write_file_atomic(scratch / "stakeholders/comune-di-roma.yaml",
                            "id: comune-di-roma\nsector: public\nname: Comune di Roma\n");
      fs::write_file_atomic(scratch / "stakeholders/p-aaaaaaaa.yaml",
                            "id: p-aaaaaaaa\nkind: person\nsector: citizen\n");
      fs::write_file_atomic(scratch / "stakeholders/broken.yaml", "id: [\n");
      fs::write_file_atomic(scratch / "stakeholders/shared-inbox.yaml", "id: shared-inbox\nsector: public\nname: S\n");
      root = scratch.dir;
    }
  };

  TEST_CASE("ids: derived for organizations, drawn for persons, given ones kept") {
    Project p;
    Input person = org("Ada", "citizen");
    person.kind = "person";
    Input given = org("Regione Lazio");
    given.id = "lazio";
    auto plan = plan_add(p.root, {}, {org("Università di Bologna", "academia"), person, given});
    CHECK(plan.issues.empty());
    REQUIRE(plan.candidates.size() == 3);
    CHECK(plan.candidates[0].s.id == "universita-di-bologna");
    CHECK(is_pseudonym(plan.candidates[1].s.id));
    CHECK(plan.candidates[2].s.id == "lazio");
  }
  TEST_CASE("duplicates: in the project, in the batch, by email; ids that show a name") {
    Project p;
    auto line = [](Input in, int l) {
      in.line = l;
      return in;
    };
    Input ada = org("Ada", "citizen");
    ada.kind = "person";
    ada.email = "Ada@Example.org";
    Input ada2 = ada;
    ada2.email = "ada@example.ORG";
    Input again = ada;
    again.email = "known@example.org";
    Input named = org("Mario Rossi", "citizen");
    named.kind = "person";
    named.id = "mario-rossi";
    Input broken = org("Broken");
    // An organization may share a person's email: only persons count as duplicates.
    std::map<std::string, Contact> contacts = {{"p-aaaaaaaa", {"", "known@example.org", ""}},
                                               {"shared-inbox", {"", "ada@example.org", ""}}};
    auto plan = plan_add(
        p.root, contacts,
        {line(org("Comune di Roma"), 2), line(org("Comune  di  ROMA!"), 3), line(org("Foo"), 4), line(org("Foo!"), 5),
         line(ada, 6), line(ada2, 7), line(again, 8), line(named, 9), line(broken, 10), line(org("FOO "), 11)});
    CHECK(messages(plan.issues) ==
          std::vector<std::string>{
              "'Comune di Roma' is already registered, as 'comune-di-roma'",
              "'Comune di ROMA!' is already registered, as 'comune-di-roma'",
              "'Foo!' gives the id 'foo', as line 4 does", "the email ada@example.ORG is already given on line 6",
              "a person with the email known@example.org is already registered, as 'p-aaaaaaaa'",
              "the id 'mario-rossi' shows part of the person's name or email: ids of persons must be pseudonymous",
              "'Broken' is already registered, as 'broken'",
              "'FOO' is already given on line 4",  // the same name, whatever the id it would get
          });
    std::vector<int> lines;
    for (const auto& i : plan.issues) lines.push_back(i.line);
    CHECK(lines == std::vector<int>{2, 3, 5, 7, 8, 9, 10, 11});
    CHECK(plan.issues[0].hint ==
          "if it is another organization, give it its own id in an 'id' column; to change the one registered: "
          "interlink stakeholder update comune-di-roma");
    CHECK(plan.candidates.size() == 2);  // Foo and the first Ada
  }
  TEST_CASE("a name with no letter that reads as ASCII needs an id") {
    Project p;
    auto plan = plan_add(p.root, {}, {org("東京都庁")});
    REQUIRE(plan.issues.size() == 1);
    CHECK(plan.issues[0].status == ExitStatus::usage);
    CHECK(plan.issues[0].message ==
          "cannot derive an id from the name '東京都庁': it has no letter or digit that reads as ASCII");
    CHECK(plan.issues[0].hint == "give the organization its own id with --id");
  }
  TEST_CASE("progress is reported for every input") {
    Project p;
    std::vector<std::size_t> seen;
    plan_add(p.root, {}, {org("A"), org("B"), org("C")}, [&](std::size_t d, std::size_t t) {
      CHECK(t == 3);
      seen.push_back(d);
    });
    CHECK(seen == std::vector<std::size_t>{1, 2, 3});
  }
}
