// Unit tests for lib/validate/validate.cpp: the cross-file rules.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "ledger/ledger.hpp"
#include "ledger/verify.hpp"
#include "process/load.hpp"
#include "process/state.hpp"
#include "process/verified.hpp"
#include "sealed_cache.hpp"
#include "util/fs.hpp"
#include "validate/validate.hpp"

using namespace interlink;
namespace stdfs = std::filesystem;

namespace {

// A scratch project folder with a ledger, removed at the end of the test.
struct Project {
  stdfs::path root;
  explicit Project(const std::string& manifest, bool with_ledger = true) {
    root = stdfs::temp_directory_path() / ("interlink-unit-validate-" + std::to_string(::getpid()));
    stdfs::remove_all(root);
    fs::write_file_atomic(root / "interlink.yaml", manifest);
    stdfs::create_directories(root / "stakeholders");
    if (with_ledger) ledger::Ledger::create(root / "ledger.db", "tester", {{"id", "t"}}, "t");
  }
  ~Project() { stdfs::remove_all(root); }
  void stakeholder(const std::string& id, const std::string& body) {
    fs::write_file_atomic(root / "stakeholders" / (id + ".yaml"), "id: " + id + "\n" + body);
  }
  // Every finding as "path:line:col: severity: message [rule]", one per line.
  [[nodiscard]] std::string findings(bool strict = false, bool thorough = false) const {
    auto r = validate::validate_project(root, {.strict = strict, .thorough = thorough});
    std::string out;
    for (const auto& f : r.findings)
      out += f.pos.str() + ": " + model::severity_name(f.severity) + ": " + f.message + " [" + f.rule + "]\n";
    return out;
  }
};

std::string lines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& l : v) out += l + "\n";
  return out;
}

const std::string kHead = "interlink: 1\nid: t\ntitle: T\n";

}  // namespace

TEST_SUITE("validate.rules") {
  TEST_CASE("a clean project has no findings") {
    Project p(kHead + R"(phases:
  - id: a
    name: A
    objectives:
      - id: o
        name: O
        tasks:
          - {id: t1, name: T1}
          - {id: t2, name: T2, requires: [t1]}
)");
    CHECK(p.findings() == "");
    CHECK(validate::validate_project(p.root, {}).valid());
  }

  TEST_CASE("dangling references, with suggestions") {
    Project p(kHead + R"(phases:
  - id: engage
    name: Engage
    objectives:
      - id: o
        name: O
        requires: [o2]
        tasks:
          - {id: map, name: Map, requires: [mapp-x], interlinkers: [no-such-tool], responsible: [regione-lazo]}
  - id: design
    name: Design
    requires: [engag]
)");
    p.stakeholder("regione-lazio", "kind: organization\nname: Regione Lazio\nsector: public\n");
    auto f = p.findings();
    CHECK(
        f ==
        lines({
            "interlink.yaml:10:19: error: objective 'o' requires objective (of phase 'engage') 'o2', which does not "
            "exist "
            "(did you mean 'o'?) [dangling-reference]",
            "interlink.yaml:12:44: error: task 'map' requires task 'mapp-x', which does not exist [dangling-reference]",
            "interlink.yaml:12:68: error: task 'map' recommends INTERLINKER 'no-such-tool', which does not exist; see "
            "'interlink catalogue list', or add it under 'interlinkers:' [dangling-reference]",
            "interlink.yaml:12:97: error: responsible of task 'map': stakeholder 'regione-lazo', which does not exist "
            "(did you mean 'regione-lazio'?); stakeholders are files in stakeholders/ [dangling-reference]",
            "interlink.yaml:15:15: error: phase 'design' requires phase 'engag', which does not exist (did you mean "
            "'engage'?) [dangling-reference]",
            "stakeholders/regione-lazio.yaml:1:1: warning: stakeholder 'regione-lazio' has no "
            "'stakeholder.added' event in the ledger (added by hand?) [unrecorded-stakeholder]",
        }));
  }

  TEST_CASE("cycles, duplicate ids, dates and impossible gates") {
    Project p(kHead + R"(phases:
  - id: a
    name: A
    requires: [b]
    start: 2026-03-01
    end: 2026-02-01
    entry: {tasks: required, stakeholders: {min: 2, sectors: {public: 2, citizen: 3}}}
    objectives:
      - id: o
        name: O
        tasks:
          - {id: t1, name: T1, requires: [t2], due: 2026-05-01}
          - {id: t2, name: T2, requires: [t1]}
  - id: b
    name: B
    requires: [a]
    objectives:
      - id: o2
        name: O2
        tasks:
          - {id: t1, name: dup}
)");
    auto f = p.findings();
    std::vector<std::string> want = {
        "interlink.yaml:9:10: error: phase 'a' ends (2026-02-01) before it starts (2026-03-01) [bad-dates]",
        "interlink.yaml:10:20: error: the entry gate of phase 'a' requires its tasks done, but tasks can only be done "
        "while the phase is active [gate-impossible]",
        "interlink.yaml:10:50: warning: phase 'a': stakeholders min 2 is below the sum of the per-sector minimums (5); "
        "the sector minimums decide [gate-inconsistent]",
        "interlink.yaml:15:53: error: task 't1' is due 2026-05-01, outside its phase 'a' (2026-03-01 to 2026-02-01) "
        "[date-outside-phase]",
        "interlink.yaml:16:42: error: tasks depend on each other in a cycle: t1 -> t2 -> t1 [cycle]",
        "interlink.yaml:19:15: error: phases depend on each other in a cycle: a -> b -> a [cycle]",
        "interlink.yaml:24:18: error: task id 't1' is used twice (first at line 15) [duplicate-id]",
    };
    CHECK(f == lines(want));
  }

  TEST_CASE("a task that needs a later phase's task can never start") {
    Project p(kHead + R"(phases:
  - id: a
    name: A
    objectives: [{id: o, name: O, tasks: [{id: early, name: E, requires: [late]}]}]
  - id: b
    name: B
    requires: [a]
    objectives: [{id: o2, name: O2, tasks: [{id: late, name: L}]}]
)");
    auto f = p.findings();
    CHECK(f ==
          "interlink.yaml:7:74: error: task 'early' requires task 'late' of phase 'b', which can only start "
          "after phase 'a' is done: it can never start [gate-impossible]\n");
  }

  TEST_CASE("strict turns warnings into errors; a missing ledger is an error") {
    Project p(kHead + "phases: []\nextra: 1\n", false);
    auto f = p.findings(true);
    CHECK(f == lines({
                   "interlink.yaml:5:1: error: unknown key 'extra' in interlink.yaml [unknown-key]",
                   "ledger.db: error: ledger.db is missing: every project has one, which 'interlink init' made; "
                   "restore it from git or a backup [ledger-missing]",
               }));
  }

  TEST_CASE("feedback and decisions must name phases of the plan and known stakeholders") {
    // What validate reads from the items' digest (it replays without them):
    // each phase and sender once, in the order the items first name them,
    // and each sender's first item by the id `feedback list` shows.
    Project p(kHead + "phases: []\n");
    auto l = ledger::Ledger::open(p.root / "ledger.db");
    auto feedback = [](const char* from, const char* phase, const char* text) {
      return ledger::NewEvent{"feedback.recorded", from, {{"phase", phase}, {"type", "idea"}, {"text", text}}};
    };
    l.append("tester", {{feedback("zed", "zz", "first"),
                         feedback("amy", "aa", "second"),
                         feedback("zed", "aa", "third"),
                         {"decision.recorded", "gone-too", {{"title", "D"}, {"outcome", "approved"}}}},
                        {}});
    const auto items = process::replay(l).feedback;
    REQUIRE(items.size() == 3);
    auto f = p.findings();
    CHECK(f == lines({
                   "interlink.yaml: error: the ledger records feedback of phase 'zz', which is no longer in "
                   "interlink.yaml [ledger-consistency]",
                   "interlink.yaml: error: the ledger records feedback of phase 'aa', which is no longer in "
                   "interlink.yaml [ledger-consistency]",
                   "interlink.yaml: error: the ledger records decisions of phase 'gone-too', which is no longer in "
                   "interlink.yaml [ledger-consistency]",
                   "ledger.db: error: feedback " + items[0].id +
                       " comes from stakeholder 'zed', whom neither the ledger nor stakeholders/ knows "
                       "[ledger-consistency]",
                   "ledger.db: error: feedback " + items[1].id +
                       " comes from stakeholder 'amy', whom neither the ledger nor stakeholders/ knows "
                       "[ledger-consistency]",
               }));
  }

  TEST_CASE("the ledger must agree with the files") {
    Project p(kHead + "phases: []\n");
    auto l = ledger::Ledger::open(p.root / "ledger.db");
    // Each phase and task once however many events name it, in the order
    // first named.
    l.append("tester", {{{"stakeholder.added", "gone", {{"kind", "organization"}}},
                         {"task.started", "no-such-task", ledger::Json::object()},
                         {"task.done", "no-such-task", ledger::Json::object()},
                         {"phase.started", "no-such-phase", ledger::Json::object()}},
                        {}});
    auto f = p.findings();
    CHECK(f ==
          lines({
              "interlink.yaml: error: the ledger records events of task 'no-such-task', which is no longer in "
              "interlink.yaml [ledger-consistency]",
              "interlink.yaml: error: the ledger records events of phase 'no-such-phase', which is no longer in "
              "interlink.yaml [ledger-consistency]",
              "stakeholders/gone.yaml: error: the ledger records stakeholder 'gone' but its file is missing; "
              "restore it from git, or record its removal with 'interlink stakeholder remove' [ledger-consistency]",
          }));
  }

  TEST_CASE("a ledger verify marked is read from the cache; --thorough and any change read it all") {
    Project p(kHead + "phases: []\n");
    const stdfs::path db = p.root / "ledger.db";
    {
      auto l = ledger::Ledger::open(db);
      l.append("tester", {{{"stakeholder.added", "gone", {{"kind", "organization"}}},
                           {"task.started", "no-such-task", ledger::Json::object()},
                           {"feedback.recorded", "zed", {{"phase", "zz"}, {"text", "t"}}}},
                          {}});
      (void)process::load_state(l, p.root, true);  // what status leaves: the digest cached
    }
    const std::string cold = p.findings();
    CHECK(cold.find("task 'no-such-task'") != std::string::npos);
    // verify's mark; the digest then forged (sealed, as this user's own) to
    // name a task the ledger never named: validate shows what the cache says.
    auto mark = [&] {
      auto id = process::ledger_file_id(db);
      REQUIRE(id.has_value());
      process::mark_verified(p.root, *id, ledger::verify(db));
    };
    mark();
    CHECK(p.findings() == cold);  // the same findings, from the cache
    std::string digest = cache_test::sealed_bytes(p.root, "digest.pack");
    const auto at = digest.find("no-such-task");
    REQUIRE(at != std::string::npos);
    digest.replace(at, 12, "no-such-tusk");
    cache_test::write_sealed(p.root, "digest.pack", digest);
    const std::string warm = p.findings();
    CHECK(warm.find("task 'no-such-tusk'") != std::string::npos);
    CHECK(warm.find("task 'no-such-task'") == std::string::npos);
    CHECK(p.findings(false, /*thorough=*/true) == cold);
    // Events appended: no mark for the new file, all is read again; marked
    // again, the forged cache goes on with the new events replayed onto it.
    {
      auto l = ledger::Ledger::open(db);
      l.append("tester", {{{"phase.started", "no-such-phase", ledger::Json::object()}}, {}});
    }
    const std::string grown = p.findings();
    CHECK(grown.find("task 'no-such-task'") != std::string::npos);
    CHECK(grown.find("phase 'no-such-phase'") != std::string::npos);
    mark();
    const std::string extended = p.findings();
    CHECK(extended.find("task 'no-such-tusk'") != std::string::npos);
    CHECK(extended.find("phase 'no-such-phase'") != std::string::npos);
  }
}
