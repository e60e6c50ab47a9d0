// Unit tests for lib/io/stakeholder_write: deterministic YAML that reads back
// through io::load_stakeholder as the same stakeholder.
#include <doctest/doctest.h>

#include "io/project_io.hpp"
#include "io/stakeholder_write.hpp"

using namespace interlink;

namespace {

model::Stakeholder round_trip(const model::Stakeholder& s) {
  model::Findings f;
  auto back = io::load_stakeholder(io::stakeholder_to_yaml(s), "stakeholders/x.yaml", f);
  // Text that would drive a terminal is reported by the loader (a finding,
  // not a change of value): what is tested here is that every byte survives.
  for (const auto& x : f)
    if (x.message.find("holds a control character") == std::string::npos) FAIL_CHECK(x.message);
  return back;
}

void check_same(const model::Stakeholder& a, const model::Stakeholder& b) {
  CHECK(a.id == b.id);
  CHECK(a.kind == b.kind);
  CHECK(a.name == b.name);
  CHECK(a.sector == b.sector);
  CHECK(a.role == b.role);
  CHECK(a.influence == b.influence);
  CHECK(a.interest == b.interest);
  CHECK(a.tags == b.tags);
  CHECK(a.joined == b.joined);
  CHECK(a.consent.status == b.consent.status);
  CHECK(a.consent.date == b.consent.date);
  CHECK(a.consent.scope == b.consent.scope);
  CHECK(a.bands == b.bands);
}

}  // namespace

TEST_SUITE("io.stakeholder_write") {
  TEST_CASE("an organization, in the documented key order") {
    model::Stakeholder s;
    s.id = "comune-di-roma";
    s.name = "Comune di Roma";
    s.sector = "public";
    s.role = "co-producer";
    s.influence = 4;
    s.interest = 5;
    s.tags = {"lazio", "pa"};
    s.joined = "2026-01-12";
    s.consent = {"given", "2026-01-12", "workshops and reports"};
    CHECK(io::stakeholder_to_yaml(s) ==
          "id: comune-di-roma\n"
          "kind: organization\n"
          "name: Comune di Roma\n"
          "sector: public\n"
          "role: co-producer\n"
          "influence: 4\n"
          "interest: 5\n"
          "tags: [lazio, pa]\n"
          "joined: 2026-01-12\n"
          "consent:\n"
          "  status: given\n"
          "  date: 2026-01-12\n"
          "  scope: workshops and reports\n");
    check_same(round_trip(s), s);
  }
  TEST_CASE("a person: no name, bands last, empty values left out") {
    model::Stakeholder s;
    s.id = "p-k3xq7m2a";
    s.kind = "person";
    s.sector = "citizen";
    s.bands = {{"gender", "f"}, {"age_band", "30-44"}, {"area", "rural"}};
    CHECK(io::stakeholder_to_yaml(s) ==
          "id: p-k3xq7m2a\n"
          "kind: person\n"
          "sector: citizen\n"
          "role: contributor\n"
          "consent:\n"
          "  status: pending\n"
          "age_band: \"30-44\"\n"
          "gender: f\n"
          "area: rural\n");
    check_same(round_trip(s), s);
  }
  TEST_CASE("text YAML would misread is quoted, and reads back the same") {
    for (std::string v : {"yes",
                          "No",
                          "null",
                          "~",
                          "true",
                          "3",
                          "1e5",
                          "0x1F",
                          "12:30",
                          "-x",
                          "- x",
                          "a: b",
                          "a #b",
                          "#x",
                          "[x]",
                          "{x}",
                          "*x",
                          "&x",
                          "!x",
                          "%x",
                          "@x",
                          "`x",
                          "'x'",
                          "\"x\"",
                          "x, y",
                          "a  b",
                          " lead",
                          "trail ",
                          "two\nlines",
                          "tab\there",
                          "back\\slash",
                          "C1\xC2\x85nel",
                          "ls\xE2\x80\xA8x",
                          "bom\xEF\xBB\xBFx",
                          "ctl\x01x",
                          "nonchar\xEF\xBF\xBFx",           // U+FFFF, alone: not printable in YAML
                          "\xEF\xBF\xBEx",                  // U+FFFE first
                          "\xF3\xBF\xBF\xBF&\xEF\xBF\xBF",  // plane 15 beside U+FFFF (a reader's stand-ins)
                          "?x",
                          "|x",
                          ">x",
                          "x:"}) {
      CAPTURE(v);
      model::Stakeholder s;
      s.id = "x";
      s.name = v;
      s.sector = "public";
      s.tags = {v, "plain"};
      s.consent.scope = v;
      check_same(round_trip(s), s);
    }
    CHECK(io::yaml_scalar("Comune di Roma") == "Comune di Roma");
    CHECK(io::yaml_scalar("Società Cooperativa") == "Società Cooperativa");
    CHECK(io::yaml_scalar("Citizens' Forum (Rome) & co.") == "Citizens' Forum (Rome) & co.");
    CHECK(io::yaml_scalar("yes") == "\"yes\"");
    CHECK(io::yaml_scalar("a, b") == "\"a, b\"");
    CHECK(io::yaml_scalar("2026-01-12") == "2026-01-12");
    CHECK(io::yaml_scalar("a\xEF\xBF\xBF") == "\"a\\uFFFF\"");
    CHECK(io::yaml_scalar("say \"hi\"\n") == "\"say \\\"hi\\\"\\n\"");
  }
  TEST_CASE("same stakeholder, same bytes") {
    model::Stakeholder a;
    a.id = "x";
    a.name = "X";
    a.sector = "private";
    model::Stakeholder b = a;
    CHECK(io::stakeholder_to_yaml(a) == io::stakeholder_to_yaml(b));
    CHECK(io::stakeholder_to_yaml(a).back() == '\n');
  }
}
