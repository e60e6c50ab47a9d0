// Unit tests for lib/report/model.cpp: every figure of the report model on
// the fixture of report_fixture.hpp, against numbers worked out by hand.
#include <doctest/doctest.h>

#include "report/model.hpp"
#include "report_fixture.hpp"
#include "util/error.hpp"

using namespace interlink;
using report_test::Fixture;

TEST_SUITE("report.model") {
  TEST_CASE("overview: progress counts required, non-skipped tasks; active phases; overdue tasks") {
    auto r = Fixture().build();
    // engage: map done, invite skipped -> 1/1; design: blueprint, mockup (extra optional) -> 0/2; deliver 0/1.
    CHECK(r.phases[0].progress.done == 1);
    CHECK(r.phases[0].progress.total == 1);
    CHECK(r.phases[0].progress.percent == 100);
    CHECK(r.phases[1].progress.total == 2);
    CHECK(r.overview.progress.done == 1);
    CHECK(r.overview.progress.total == 4);
    CHECK(r.overview.progress.percent == 25);
    CHECK(r.overview.active_phases == std::vector<std::string>{"design"});
    CHECK(r.overview.levels == std::vector<std::string>{"consult", "collaborate"});
    // Today 2026-03-15: blueprint (due 03-01, active) is overdue; map done, invite skipped are not.
    CHECK(r.overview.overdue == 1);
    CHECK(r.phases[1].tasks[0].overdue);
    CHECK_FALSE(r.phases[0].tasks[1].overdue);
    CHECK(r.overview.stakeholders == 5);  // 'gone' was removed
    CHECK(r.overview.unanswered == 1);    // fb-2
    CHECK(r.phases[0].actual_start == "2026-01-12T09:00:00Z");
    CHECK(r.phases[0].actual_end == "2026-02-20T17:00:00Z");
    CHECK(r.phases[1].actual_end.empty());
    CHECK(r.phases[2].status == "pending");
  }

  TEST_CASE("a reopened phase's tasks are pending again: what the earlier iteration recorded is not shown") {
    // man interlink-task.1: when a phase is reopened, each of its tasks is
    // pending again. engage reopened (iteration 2): map (done with evidence
    // and an answer in iteration 1) and invite (skipped) are pending, as
    // `tasks` and `status` say, and map (due 2026-01-30) is overdue again.
    Fixture f;
    auto& engage = f.state.phases["engage"];
    engage.status = "active";
    engage.iteration = 2;
    engage.iterations.push_back({2, "2026-03-02T09:00:00Z", "", false, false});
    auto r = f.build();
    const auto& tasks = r.phases[0].tasks;
    REQUIRE(tasks.size() == 2);
    for (const auto& t : tasks) {
      CHECK(t.status == f.state.task_status(t.id));
      CHECK(t.status == "pending");
      CHECK(t.finished.empty());
      CHECK(t.evidence == 0);
      CHECK(t.addresses.empty());
    }
    CHECK(tasks[0].overdue);
    CHECK(r.phases[0].progress.done == 0);
    CHECK(r.phases[0].progress.total == 2);
    CHECK(r.overview.overdue == 3);  // map, invite (due 02-06) and blueprint
    // A task moved in the new iteration shows that move.
    f.state.tasks["map"].status = "active";
    f.state.tasks["map"].iteration = 2;
    f.state.tasks["map"].evidence.clear();
    f.state.tasks["map"].addresses.clear();
    CHECK(f.build().phases[0].tasks[0].status == "active");
  }

  TEST_CASE("Mendelow quadrants: 3 and above is high") {
    CHECK(report::quadrant(5, 5) == "manage-closely");
    CHECK(report::quadrant(3, 3) == "manage-closely");
    CHECK(report::quadrant(3, 2) == "keep-satisfied");
    CHECK(report::quadrant(2, 3) == "keep-informed");
    CHECK(report::quadrant(2, 2) == "monitor");
    auto r = Fixture().build();
    const auto& s = r.stakeholders;
    REQUIRE(s.grid.size() == 4);  // panel unrated, gone removed
    REQUIRE(s.unrated.size() == 1);
    CHECK(s.unrated[0].id == "panel");
    CHECK(s.unrated[0].quadrant.empty());
    CHECK(s.unrated[0].influence == 0);
    CHECK(s.quadrants[0].key == "manage-closely");
    CHECK(s.quadrants[0].count == 1);
    CHECK(s.quadrants[1].count == 1);  // lazio keeps satisfied
    CHECK(s.quadrants[2].count == 1);  // uni keeps informed
    CHECK(s.quadrants[3].count == 1);  // the person: monitor
  }

  TEST_CASE("persons carry no label unless with names") {
    auto plain = Fixture().build();
    auto named = Fixture().build({}, true);
    auto find = [](const report::Report& r, const std::string& id) {
      for (const auto& g : r.stakeholders.grid)
        if (g.id == id) return g.label;
      return std::string("?");
    };
    CHECK(find(plain, "p-7f3a").empty());
    CHECK(find(named, "p-7f3a") == "Maria Rossi");
    CHECK(find(plain, "mef") == "MEF");
  }

  TEST_CASE("representation per sector against targets, in vocabulary order") {
    auto r = Fixture().build();
    const auto& s = r.stakeholders.sectors;
    REQUIRE(s.size() == 3);
    CHECK(s[0].sector == "public");
    CHECK(s[0].count == 2);
    CHECK(s[0].met);
    CHECK(s[1].sector == "academia");
    CHECK(s[2].sector == "citizen");
    CHECK(s[2].count == 2);
    CHECK(s[2].target == 2);
  }

  TEST_CASE("participation: by sector, phase, type; the matrix; who was not heard") {
    auto r = Fixture().build();
    const auto& p = r.participation;
    CHECK(p.total == 3);
    REQUIRE(p.by_sector.size() == 3);
    CHECK(p.by_sector[0].key == "public");
    CHECK(p.by_phase.size() == 3);  // every phase, even without feedback
    CHECK(p.by_phase[2].count == 0);
    CHECK(p.matrix_phases == std::vector<std::string>{"engage", "design", "deliver"});
    CHECK(p.cells[0] == std::vector<int>{1, 0, 0});  // public
    CHECK(p.sectors_not_heard.empty());
    CHECK(p.stakeholders_not_heard == std::vector<std::string>{"lazio", "panel"});
  }

  TEST_CASE("traceability: each feedback with what answered it") {
    auto r = Fixture().build();
    REQUIRE(r.trace.size() == 3);
    REQUIRE(r.trace[0].answers.size() == 1);
    CHECK(r.trace[0].answers[0].kind == "task");
    CHECK(r.trace[0].answers[0].id == "map");
    CHECK(r.trace[1].answers.empty());
    CHECK(r.trace[2].answers[0].kind == "decision");
    CHECK(r.trace[2].sector == "academia");
  }

  TEST_CASE("sections: the ones asked for, in report order; an unknown one is a usage error") {
    auto r = Fixture().build({report::Section::record, report::Section::overview});
    CHECK(r.sections == std::vector<report::Section>{report::Section::overview, report::Section::record});
    CHECK(report::parse_section("decisions") == report::Section::decisions);
    try {
      report::parse_section("decision");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::usage);
      CHECK(e.message() ==
            "unknown section 'decision' (did you mean 'decisions'?); expected one of: overview, phases, timeline, "
            "stakeholders, participation, decisions, traceability, record");
    }
  }
}
