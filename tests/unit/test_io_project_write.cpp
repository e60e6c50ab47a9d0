// Unit tests for lib/io/project_write: deterministic, readable interlink.yaml
// that reads back into the same project.
#include <doctest/doctest.h>

#include <string>

#include "io/project_io.hpp"
#include "io/project_write.hpp"

using namespace interlink;

namespace {

model::Project load(const std::string& text) {
  model::Findings findings;
  model::Project p = io::load_manifest(text, "interlink.yaml", findings);
  // The loader reports text that would drive a terminal (a finding, not a
  // change of value): what is tested here is that the writer keeps every byte.
  for (const auto& f : findings) {
    if (f.message.find("holds a control character") == std::string::npos)
      CHECK_MESSAGE(false, f.pos.str() << ": " << f.message << "\n" << text);
  }
  return p;
}

model::Project sample() {
  model::Project p;
  p.id = "bp26";
  p.title = "Bilancio partecipativo: 2026";
  p.organization = "Comune di Esempio";
  p.language = "it";
  p.description = "First line.\nSecond line, with: a colon.\n";
  p.governance.model = "citizen-sourcing";
  p.governance.participation = "involve";
  p.governance.decisions.rule = "supermajority";
  p.governance.decisions.quorum = 0.4;
  p.governance.decisions.threshold = 0.75;
  p.governance.representation = {{"citizen", 10}, {"public", 2}};
  model::Phase ph;
  ph.id = "engage";
  ph.name = "Engage";
  ph.participation = "consult";
  ph.start = "2026-01-12";
  ph.end = "2026-02-27";
  ph.entry.stakeholders_min = 10;
  ph.entry.sectors_min = {{"public", 3}};
  ph.entry.roles_min = {{"evaluator", 1}};
  ph.entry.consent_all = true;
  ph.exit.tasks_required = true;
  ph.exit.decisions_min = 1;
  ph.exit.feedback_min = 20;
  model::Objective o;
  o.id = "identify";
  o.name = "Identify stakeholders";
  model::Task t;
  t.id = "map";
  t.name = "yes";
  t.description = "# not a comment";
  t.requires_ = {"other"};
  t.interlinkers = {"stakeholders-mapping-canvas"};
  t.problem_profiles = {"UND_PROBLEM_2", "ORG_PROBLEM_6.2"};
  t.responsible = {"a", "b"};
  t.accountable = "a";
  t.consulted = {"c"};
  t.informed = {"d"};
  t.due = "2026-01-30";
  t.optional = true;
  o.tasks.push_back(t);
  t = {};
  t.id = "other";
  t.name = "2026";
  o.tasks.push_back(t);
  ph.objectives.push_back(o);
  p.phases.push_back(ph);
  model::Phase second;
  second.id = "design";
  second.name = "Design";
  second.requires_ = {"engage"};
  p.phases.push_back(second);
  model::Interlinker il;
  il.id = "city-forum";
  il.name = "City forum";
  il.nature = "software";
  il.url = "https://forum.example.org/";
  il.problem_profiles = {"ORG_PROBLEM_6.3"};
  p.interlinkers.push_back(il);
  return p;
}

}  // namespace

TEST_SUITE("io project_write") {
  TEST_CASE("a written plan reads back as the same project, and writes again to the same bytes") {
    model::Project p = sample();
    std::string text = io::write_project(p);
    model::Project back = load(text);
    CHECK(io::write_project(back) == text);
    CHECK(back.title == p.title);
    CHECK(back.description == p.description);
    CHECK(back.governance.decisions.threshold == doctest::Approx(0.75));
    CHECK(back.governance.decisions.quorum == doctest::Approx(0.4));
    CHECK(back.governance.representation == p.governance.representation);
    const auto& ph = back.phases.at(0);
    CHECK(ph.entry.stakeholders_min == 10);
    CHECK(ph.entry.sectors_min == p.phases[0].entry.sectors_min);
    CHECK(ph.entry.roles_min == p.phases[0].entry.roles_min);
    CHECK(ph.entry.consent_all);
    CHECK(ph.exit.tasks_required);
    CHECK(ph.exit.feedback_min == 20);
    const auto& t = ph.objectives.at(0).tasks.at(0);
    CHECK(t.name == "yes");
    CHECK(t.description == "# not a comment");
    CHECK(t.problem_profiles == p.phases[0].objectives[0].tasks[0].problem_profiles);
    CHECK(t.consulted == std::vector<std::string>{"c"});
    CHECK(t.due == "2026-01-30");
    CHECK(t.optional);
    CHECK(ph.objectives[0].tasks.at(1).name == "2026");
    CHECK(back.phases.at(1).requires_ == std::vector<std::string>{"engage"});
    CHECK(back.interlinkers.at(0).url == "https://forum.example.org/");
  }

  TEST_CASE("the layout is stable and readable") {
    std::string text = io::write_project(sample(), {"Made by a test.\n\nSecond paragraph."});
    CHECK(text.rfind("# Made by a test.\n#\n# Second paragraph.\ninterlink: 1\nid: bp26\n", 0) == 0);
    CHECK(text.find("title: \"Bilancio partecipativo: 2026\"\n") != std::string::npos);
    CHECK(text.find("description: |\n  First line.\n  Second line, with: a colon.\n") != std::string::npos);
    CHECK(text.find("  representation:\n    public: 2\n    citizen: 10\n") != std::string::npos);
    CHECK(text.find("    start: 2026-01-12\n") != std::string::npos);
    CHECK(text.find("            problem_profiles: [UND_PROBLEM_2, ORG_PROBLEM_6.2]\n") != std::string::npos);
    CHECK(text.find("            name: \"yes\"\n") != std::string::npos);
    CHECK(text.find("\n\n  - id: design\n") != std::string::npos);
    CHECK(text.back() == '\n');
    CHECK(text.find("\n\n\n") == std::string::npos);
  }

  TEST_CASE("awkward text survives: control characters, trailing blanks, quotes, Unicode") {
    for (std::string s : {"tab\there", "trailing \nline", "  leading", "\"quoted\"", "a: b", "- dash", "line\n\n\n",
                          "Società – “curly”", "x\u2028y", "null", "~", "0x1F", "@at"}) {
      CAPTURE(s);
      model::Project p;
      p.id = "x";
      p.title = s;
      p.description = s;
      model::Project back = load(io::write_project(p));
      CHECK(back.title == s);
      CHECK(back.description == s);
    }
  }

  TEST_CASE("an empty plan is still a valid file") {
    model::Project p;
    p.id = "empty";
    p.title = "Empty";
    std::string text = io::write_project(p);
    CHECK(text.find("phases: []\n") != std::string::npos);
    CHECK(load(text).phases.empty());
  }
}
