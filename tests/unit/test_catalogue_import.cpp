// Unit tests for lib/catalogue/import_schema: schemas in the INTERLINK
// platform's format written for these tests (tests/data/interlink-schemas/),
// ids, languages, and malformed folders.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "catalogue/import_schema.hpp"
#include "io/project_io.hpp"
#include "io/project_write.hpp"
#include "plan_counts.hpp"
#include "util/error.hpp"

using namespace interlink;
namespace stdfs = std::filesystem;

namespace {

// The schemas written for these tests (tests/data/interlink-schemas/README.md).
std::string fixture(const std::string& name) {
  return std::string(INTERLINK_SOURCE_DIR) + "/tests/data/interlink-schemas/" + name;
}

std::vector<std::string> phase_ids(const model::Project& p) {
  std::vector<std::string> out;
  for (const auto& ph : p.phases) out.push_back(ph.id);
  return out;
}

// The imported plan, written and loaded back, has no error findings.
model::Project round_trip(const model::Project& p) {
  std::string text = io::write_project(p);
  model::Findings findings;
  model::Project back = io::load_manifest(text, "interlink.yaml", findings);
  for (const auto& f : findings) CHECK_MESSAGE(false, f.pos.str() << ": " << f.message);
  CHECK(io::write_project(back) == text);
  return back;
}

// A scratch folder removed at the end of the test.
struct Scratch {
  stdfs::path dir;
  Scratch() {
    dir = stdfs::temp_directory_path() / ("interlink-unit-" + std::to_string(::getpid()) + "-" +
                                          std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    stdfs::create_directories(dir / "phases");
  }
  ~Scratch() { stdfs::remove_all(dir); }
  void write(const std::string& rel, const std::string& text) const { std::ofstream(dir / rel) << text; }
};

}  // namespace

TEST_SUITE("catalogue import_schema") {
  TEST_CASE("import ids drop the prefix, use dashes and stay within 64 characters") {
    CHECK(catalogue::import_id("task-map_stakeholders_analyse_motivation_skills_expectations") ==
          "map-stakeholders-analyse-motivation-skills-expectations");
    CHECK(catalogue::import_id("phase-engage") == "engage");
    CHECK(catalogue::import_id("objective-co_reflect_on_new_features_for_solution") ==
          "co-reflect-on-new-features-for-solution");
    std::string cut =
        catalogue::import_id("task-identify_all_the_actors_engaged_in_the_codelivery_their_role_and_responsability");
    CHECK(cut == "identify-all-the-actors-engaged-in-the-codelivery-their-role-and");
    CHECK(cut.size() <= 64);
    CHECK(catalogue::import_id("task-Società_Nuova") == "societa-nuova");
  }

  TEST_CASE("a clean schema: phases in prerequisite order, prerequisites at every level, no warnings") {
    auto s = catalogue::import_schema(fixture("library"), "en");
    CHECK(s.schema_id == "neighbourhood_library");
    CHECK(s.project.id == "neighbourhood-library");
    CHECK(s.project.title == "Neighbourhood library");
    CHECK(s.project.language == "en");
    CHECK(s.warnings.empty());
    plan_test::Counts c = plan_test::count(s.project);
    CHECK(c.phases == 3);
    CHECK(c.objectives == 5);
    CHECK(c.tasks == 11);
    // The files sort deliver, explore, prototype; the prerequisites decide.
    CHECK(phase_ids(s.project) == std::vector<std::string>{"explore-needs", "prototype", "deliver"});
    CHECK(s.project.phases[0].requires_.empty());
    CHECK(s.project.phases[1].requires_ == std::vector<std::string>{"explore-needs"});
    CHECK(s.project.phases[2].requires_ == std::vector<std::string>{"prototype"});
    const auto& meet = s.project.phases[0].objectives[0];
    CHECK(meet.id == "meet-the-neighbourhood");
    CHECK(meet.name == "Meet the neighbourhood");
    CHECK(meet.requires_.empty());
    REQUIRE(meet.tasks.size() == 3);
    CHECK(meet.tasks[0].id == "list-local-groups");
    CHECK(meet.tasks[0].name == "List local groups and associations");
    CHECK(meet.tasks[0].problem_profiles == std::vector<std::string>{"UND_PROBLEM_2"});
    CHECK(meet.tasks[1].requires_ == std::vector<std::string>{"list-local-groups"});
    CHECK(meet.tasks[2].requires_.empty());
    const auto& use = s.project.phases[0].objectives[1];
    CHECK(use.requires_ == std::vector<std::string>{"meet-the-neighbourhood"});
    CHECK(use.tasks[0].problem_profiles == std::vector<std::string>{"UND_PROBLEM_1", "ORG_PROBLEM_6.2"});
    // Across phases: on a task of an earlier file, and of a later one.
    const auto& sketch = s.project.phases[1].objectives[0];
    CHECK(sketch.tasks[0].id == "draft-new-opening-hours");
    CHECK(sketch.tasks[0].requires_ == std::vector<std::string>{"interview-people-who-never-come"});
    const auto& trial = s.project.phases[1].objectives[1];
    CHECK(trial.requires_ == std::vector<std::string>{"sketch-the-new-service"});
    CHECK(trial.tasks[0].requires_ ==
          std::vector<std::string>{"draft-new-opening-hours", "design-a-corner-for-teenagers"});
    const auto& launch = s.project.phases[2].objectives[0];
    CHECK(launch.tasks[0].id == "train-the-staff");
    CHECK(launch.tasks[0].requires_ == std::vector<std::string>{"gather-what-visitors-said"});
    CHECK(launch.tasks[1].requires_ == std::vector<std::string>{"train-the-staff"});
    // Descriptions are the plan authors' to write.
    for (const auto& ph : s.project.phases) {
      CHECK(ph.description.empty());
      for (const auto& o : ph.objectives) {
        CHECK(o.description.empty());
        for (const auto& t : o.tasks) CHECK(t.description.empty());
      }
    }
    round_trip(s.project);
  }

  TEST_CASE("names come in the chosen language; ids do not depend on it") {
    auto it = catalogue::import_schema(fixture("library"), "it");
    CHECK(it.warnings.empty());
    CHECK(it.project.language == "it");
    CHECK(it.project.title == "Biblioteca di quartiere");
    CHECK(it.project.phases[0].name == "Esplorare i bisogni");
    CHECK(it.project.phases[0].objectives[0].name == "Incontrare il quartiere");
    CHECK(it.project.phases[2].objectives[0].tasks[1].name == "Annunciare l'avvio");
    CHECK(it.project.phases[0].id == "explore-needs");
    auto es = catalogue::import_schema(fixture("library"), "es");
    CHECK(es.project.phases[1].objectives[0].tasks[1].name == "Diseñar un rincón para adolescentes");
    auto lv = catalogue::import_schema(fixture("library"), "lv");
    CHECK(lv.warnings.empty());
    CHECK(lv.project.phases[2].name == "Ieviest");
    CHECK(phase_ids(lv.project) == phase_ids(it.project));
    auto fr = catalogue::import_schema(fixture("library"), "fr");
    CHECK(fr.project.language == "fr");
    CHECK(fr.project.phases[0].name == "Explore needs");
    REQUIRE(fr.warnings.size() == 1);
    CHECK(fr.warnings[0] == "some names have no 'fr' translation: they are taken in 'en' instead");
    // No language means English.
    CHECK(catalogue::import_schema(fixture("library"), "").project.language == "en");
    round_trip(it.project);
    round_trip(lv.project);
  }

  TEST_CASE("odd shapes: ids from file and folder names, clashes, long ids, prerequisites in every form") {
    auto s = catalogue::import_schema(fixture("odd_shapes"), "en");
    CHECK(s.schema_id.empty());
    CHECK(s.project.id == "odd-shapes");       // no schema id: the folder names the project
    CHECK(s.project.title == "Formas raras");  // the only language there is
    // A cycle keeps file order; the hidden draft and notes.txt are not read.
    CHECK(phase_ids(s.project) == std::vector<std::string>{"second", "1-first", "loop-a", "loop-b"});
    const auto& first = s.project.phases[1];
    CHECK(first.name == "First, named without translations");
    CHECK(first.requires_ == std::vector<std::string>{"second"});  // repeated and unknown ones dropped
    CHECK(s.project.phases[2].requires_ == std::vector<std::string>{"loop-b"});
    CHECK(s.project.phases[3].requires_ == std::vector<std::string>{"loop-a"});
    CHECK(s.project.phases[2].objectives.empty());
    CHECK(s.project.phases[3].objectives.empty());
    REQUIRE(first.objectives.size() == 2);
    CHECK(first.objectives[0].id == "ask-around");  // no id: from its name
    CHECK(first.objectives[1].id == "ask-around-2");
    CHECK(first.objectives[1].name == "Ask around again");
    CHECK(first.objectives[1].requires_.empty());
    CHECK(first.objectives[1].tasks.empty());
    const auto& tasks = first.objectives[0].tasks;
    REQUIRE(tasks.size() == 5);
    CHECK(tasks[0].id == "task");  // neither id nor name
    CHECK(tasks[0].name == "task");
    CHECK(tasks[0].requires_.empty());
    CHECK(tasks[0].problem_profiles.empty());
    CHECK(tasks[1].id == "a-very-long-platform-identifier-that-goes-on-and-on-well-past");  // cut at a dash
    CHECK(tasks[2].id == "a-very-long-platform-identifier-that-goes-on-and-on-well-past-2");
    CHECK(tasks[1].id.size() <= 64);
    CHECK(tasks[2].id.size() <= 64);
    CHECK(tasks[3].id == "societa-nuova");
    CHECK(tasks[3].name == "Società nuova");
    CHECK(tasks[3].problem_profiles == std::vector<std::string>{"ORG_PROBLEM_1", "UND_PROBLEM_3"});
    CHECK(tasks[4].requires_ == std::vector<std::string>{"later"});
    CHECK(s.project.phases[0].objectives[0].tasks[0].id == "later");
    CHECK(s.warnings ==
          std::vector<std::string>{
              "phase '1-first': dropped the prerequisite 'phase-ghost', which names nothing in the schema",
              "task 'waits-for-a-later-file': dropped the prerequisite 'task-nowhere', which names "
              "nothing in the schema",
              "objective 'ask-around-2': dropped the prerequisite 'objective-elsewhere', which names "
              "nothing in the schema",
              "some names have no 'en' translation: they are taken in 'es', 'it' instead",
          });
  }

  TEST_CASE("a hand-made schema: unique ids, unknown prerequisites dropped, cycles kept in file order") {
    Scratch s;
    s.write("metadata.json", R"({"id": "mini", "name_translations": {"en": "Mini"}})");
    s.write("phases/a.json", R"({"id": "phase-b", "prerequisites": [{"item": "phase-a"}],
      "name_translations": {"en": "B"},
      "objectives": [{"id": "objective-x", "name_translations": {"en": "X"}, "prerequisites": [],
        "tasks": [{"id": "task-same", "name_translations": {"en": "One"}, "prerequisites": [{"item": "task-nope"}]},
                  {"id": "task-same_", "name_translations": {"en": "Two"}, "prerequisites": [{"item": "task-same"}]}]}]})");
    s.write("phases/b.json",
            R"({"id": "phase-a", "prerequisites": [], "name_translations": {"en": "A"}, "objectives": []})");
    auto r = catalogue::import_schema(s.dir, "en");
    CHECK(phase_ids(r.project) == std::vector<std::string>{"a", "b"});
    const auto& tasks = r.project.phases[1].objectives[0].tasks;
    CHECK(tasks[0].id == "same");
    CHECK(tasks[1].id == "same-2");
    CHECK(tasks[0].requires_.empty());
    CHECK(tasks[1].requires_ == std::vector<std::string>{"same"});
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0] == "task 'same': dropped the prerequisite 'task-nope', which names nothing in the schema");
  }

  TEST_CASE("wrong shapes are unreadable, naming the file and the item") {
    Scratch s;
    auto message = [&]() -> std::string {
      try {
        catalogue::import_schema(s.dir, "en");
      } catch (const Error& e) {
        CHECK(e.status() == ExitStatus::unreadable);
        return e.message();
      }
      return "no error";
    };
    CHECK_FALSE(catalogue::is_schema_folder(s.dir));  // no metadata.json yet
    CHECK(message() == "no such file");
    s.write("metadata.json", "[1, 2]");
    CHECK(catalogue::is_schema_folder(s.dir));
    CHECK(message() == "metadata.json: must be a JSON object");
    s.write("metadata.json", R"({"id": 7})");
    CHECK(message() == "metadata.json: 'id' must be text");
    s.write("metadata.json", R"({"id": "x"})");
    s.write("phases/p.json", R"({"id": "phase-p", "prerequisites": [{"status": "finished"}]})");
    CHECK(message() == "phases/p.json: each prerequisite must name an 'item'");
    s.write("phases/p.json", R"({"id": "phase-p", "prerequisites": {"item": "phase-q"}})");
    CHECK(message() == "phases/p.json: 'prerequisites' must be a list");
    s.write("phases/p.json", R"({"objectives": ["just text"]})");
    CHECK(message() == "phases/p.json: objectives[0]: must be a JSON object");
    s.write("phases/p.json", R"({"objectives": [{"tasks": [{}, {"problemprofiles": ["A", 2]}]}]})");
    CHECK(message() == "phases/p.json: objectives[0].tasks[1]: items of 'problemprofiles' must be text");
    s.write("phases/p.json", R"({"objectives": [{"id": ["objective-x"]}]})");
    CHECK(message() == "phases/p.json: objectives[0]: 'id' must be text");
    s.write("phases/p.json", R"({"objectives": [{"tasks": 3}]})");
    CHECK(message() == "phases/p.json: objectives[0]: 'tasks' must be a list");
    stdfs::remove(s.dir / "phases" / "p.json");
    auto empty = catalogue::import_schema(s.dir, "en");  // no phase at all is a plan to write, not an error
    CHECK(empty.project.phases.empty());
    CHECK(empty.project.id == "x");
    CHECK(empty.project.title == "x");
  }

  TEST_CASE("malformed schema files are unreadable, with the place") {
    Scratch s;
    s.write("metadata.json", "{\"id\": \"x\",\n  \"name_translations\": [}");
    try {
      catalogue::import_schema(s.dir, "en");
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::unreadable);
      CHECK(e.pos().line == 2);
      CHECK(e.message().rfind("JSON syntax error", 0) == 0);
    }
    s.write("metadata.json", R"({"id": "x"})");
    s.write("phases/p.json", R"({"id": "phase-p", "objectives": {"not": "a list"}})");
    try {
      catalogue::import_schema(s.dir, "en");
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::unreadable);
      CHECK(e.message() == "phases/p.json: 'objectives' must be a list");
    }
    s.write("phases/p.json", std::string(100, '[') + std::string(100, ']'));
    try {
      catalogue::import_schema(s.dir, "en");
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.message() == "nesting is deeper than 64 levels");
    }
    // A number too large for a double: nlohmann throws out_of_range, not
    // parse_error; it once escaped as an internal error (found by
    // fuzz_schema_import).
    s.write("phases/p.json", "{\"id\": \"phase-p\",\n \"weight\": -8888.8E3844}");
    try {
      catalogue::import_schema(s.dir, "en");
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::unreadable);
      CHECK(e.message() == "JSON number overflow parsing '-8888.8E3844'");
      CHECK(e.pos().line == 2);
      CHECK(e.pos().column == 12);
    }
  }
}
