// Unit tests for lib/io/project_io: the manifest and stakeholder loaders.
#include <doctest/doctest.h>

#include <string>

#include "io/project_io.hpp"
#include "util/error.hpp"

using namespace interlink;

namespace {

const char* kManifest = R"(interlink: 1
id: pspm
title: Participatory Strategic Planning Module
organization: Ministry of Economy and Finance
governance:
  model: partnership
  participation: collaborate
  decisions: {rule: majority, quorum: 0.5}
  representation: {public: 3, citizen: 5}
phases:
  - id: engage
    name: Engage
    participation: consult
    start: 2026-01-12
    end: 2026-02-27
    entry: {stakeholders: {min: 10, sectors: {public: 3}}, consent: all}
    exit: {tasks: required, decisions: 1, feedback: 20}
    objectives:
      - id: identify-stakeholders
        name: Identify stakeholders
        tasks:
          - id: map-stakeholders
            name: Map stakeholders
            requires: [understand-types]
            interlinkers: [stakeholders-mapping-canvas]
            problem_profiles: [UND_PROBLEM_2]
            responsible: [mef-planning]
            accountable: mef-planning
            due: 2026-01-30
          - id: understand-types
            name: Understand the types of stakeholders
            optional: true
)";

model::Findings errors_only(const model::Findings& f) {
  model::Findings out;
  for (const auto& x : f)
    if (x.severity == model::Severity::error) out.push_back(x);
  return out;
}

}  // namespace

TEST_SUITE("io.project") {
  TEST_CASE("a full manifest loads into typed structs with positions") {
    model::Findings f;
    auto p = io::load_manifest(kManifest, "interlink.yaml", f);
    CHECK(f.empty());
    CHECK(p.id == "pspm");
    CHECK(p.governance.model == "partnership");
    CHECK(p.governance.decisions.quorum == doctest::Approx(0.5));
    CHECK(p.governance.representation.at("citizen") == 5);
    REQUIRE(p.phases.size() == 1);
    const auto& ph = p.phases[0];
    CHECK(ph.participation == "consult");
    CHECK(ph.entry.stakeholders_min == 10);
    CHECK(ph.entry.sectors_min.at("public") == 3);
    CHECK(ph.entry.consent_all);
    CHECK(ph.exit.tasks_required);
    CHECK(ph.exit.feedback_min == 20);
    const auto& t = ph.objectives[0].tasks[0];
    CHECK(t.requires_ == std::vector<std::string>{"understand-types"});
    CHECK(t.accountable == "mef-planning");
    CHECK(t.at.at("due").str() == "interlink.yaml:29:18");
    CHECK(ph.objectives[0].tasks[1].optional);
    CHECK(p.find_task("understand-types").first == &ph);
  }

  TEST_CASE("unsupported or missing versions are refused as unreadable") {
    model::Findings f;
    CHECK_THROWS_WITH(io::load_manifest("interlink: 2\nid: x\n", "interlink.yaml", f),
                      "interlink.yaml:1:12: unsupported format version '2': this interlink reads version 1");
    CHECK_THROWS_WITH(io::load_manifest("id: x\n", "interlink.yaml", f),
                      "interlink.yaml:1:1: 'interlink' (the format version) is missing");
    CHECK_THROWS_WITH(io::load_manifest("", "interlink.yaml", f), doctest::Contains("is empty"));
    try {
      io::load_manifest("- a\n", "interlink.yaml", f);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::unreadable);
    }
  }

  TEST_CASE("schema problems are findings with suggestions, all in one pass") {
    model::Findings f;
    auto p = io::load_manifest(R"(interlink: 1
id: Bad_Id
title: T
governance: {model: partnershp, participation: colaborate, decisions: {rule: majority, quorum: 2}}
phases:
  - id: a
    name: A
    start: 2026-02-30
    entry: {stakeholders: {min: many, sectors: {publc: 3}}, consent: some}
    objectives:
      - id: o
        name: O
        tasks:
          - {id: t, name: T, optionl: true, due: tomorrow}
  - name: no id
)",
                               "interlink.yaml", f);
    std::vector<std::string> got;
    for (const auto& x : f) got.push_back(x.pos.str() + ": " + x.rule + ": " + x.message);
    std::vector<std::string> want = {
        "interlink.yaml:2:5: bad-id: 'Bad_Id' is not a valid id: use lowercase letters, digits and '-', starting with "
        "a letter or digit, at most 64 characters (for example 'bad-id')",
        "interlink.yaml:4:21: bad-value: 'partnershp' is not a valid model (did you mean 'partnership'?); expected "
        "one of: citizen-sourcing, partnership, platform, citizen-to-citizen",
        "interlink.yaml:4:48: bad-value: 'colaborate' is not a valid participation (did you mean 'collaborate'?); "
        "expected one of: inform, consult, involve, collaborate, empower",
        "interlink.yaml:4:96: out-of-range: 'quorum' must be between 0 and 1, not 2",
        "interlink.yaml:8:12: bad-date: '2026-02-30' is not a valid date for 'start' (expected YYYY-MM-DD)",
        "interlink.yaml:9:33: wrong-type: 'min' must be a whole number, not 'many'",
        "interlink.yaml:9:49: bad-value: 'publc' is not a valid name under 'sectors' (did you mean 'public'?); "
        "expected one of: public, private, nonprofit, academia, citizen",
        "interlink.yaml:9:70: bad-value: 'some' is not a valid consent; expected one of: all",
        "interlink.yaml:14:50: bad-date: 'tomorrow' is not a valid date for 'due' (expected YYYY-MM-DD)",
        "interlink.yaml:14:30: unknown-key: unknown key 'optionl' in task 't' (did you mean 'optional'?)",
        "interlink.yaml:15:5: missing-key: phase: 'id' is required",
    };
    CHECK(got == want);
    CHECK(p.phases.size() == 2);
  }

  TEST_CASE("stakeholder files: persons carry no name; vocabularies are checked") {
    model::Findings f;
    auto s = io::load_stakeholder(R"(id: p-3f9a2c1d
kind: person
name: Maria Rossi
sector: citizen
role: contributr
influence: 7
consent: {status: given, date: 2026-01-10, scope: workshops}
age_band: 30-44
)",
                                  "stakeholders/p-3f9a2c1d.yaml", f);
    CHECK(s.kind == "person");
    CHECK(s.consent.status == "given");
    CHECK(s.bands.at("age_band") == "30-44");
    auto e = errors_only(f);
    REQUIRE(e.size() == 3);
    CHECK(e[0].message ==
          "'contributr' is not a valid role (did you mean 'contributor'?); expected one of: "
          "coordinator, co-producer, contributor, evaluator, observer");
    CHECK(e[1].message == "'influence' must be between 1 and 5, not 7");
    CHECK(e[2].rule == "personal-data");
    CHECK(e[2].pos.str() == "stakeholders/p-3f9a2c1d.yaml:3:7");
  }
}
