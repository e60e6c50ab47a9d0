// Unit tests for lib/catalogue/import_schema: the four reference schemas of
// the INTERLINK platform, ids, languages, and malformed folders.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "catalogue/import_schema.hpp"
#include "io/project_io.hpp"
#include "io/project_write.hpp"
#include "util/error.hpp"

using namespace interlink;
namespace stdfs = std::filesystem;

namespace {

std::string schema_dir(const std::string& name) { return std::string(INTERLINK_REFERENCE_DIR) + "/schemas/" + name; }

struct Counts {
  std::size_t phases = 0, objectives = 0, tasks = 0;
};

Counts count(const model::Project& p) {
  Counts c{p.phases.size()};
  for (const auto& ph : p.phases) {
    c.objectives += ph.objectives.size();
    for (const auto& o : ph.objectives) c.tasks += o.tasks.size();
  }
  return c;
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
    std::string cut = catalogue::import_id(
        "task-identify_all_the_actors_engaged_in_the_codelivery_their_role_and_responsability");
    CHECK(cut == "identify-all-the-actors-engaged-in-the-codelivery-their-role-and");
    CHECK(cut.size() <= 64);
    CHECK(catalogue::import_id("task-Società_Nuova") == "societa-nuova");
  }

  TEST_CASE("the default schema: 4 phases, 17 objectives, 51 tasks, in prerequisite order") {
    auto s = catalogue::import_schema(schema_dir("default"), "en");
    CHECK(s.schema_id == "default");
    CHECK(s.warnings.empty());
    Counts c = count(s.project);
    CHECK(c.phases == 4);
    CHECK(c.objectives == 17);
    CHECK(c.tasks == 51);
    CHECK(phase_ids(s.project) == std::vector<std::string>{"engage", "design", "build", "sustain"});
    CHECK(s.project.phases[1].requires_ == std::vector<std::string>{"engage"});
    const auto& first = s.project.phases[0].objectives[0];
    CHECK(first.id == "identify-stakeholders");
    CHECK(first.name == "Identify stakeholders");
    CHECK(first.tasks[1].id == "map-stakeholders-analyse-motivation-skills-expectations");
    CHECK(first.tasks[1].requires_ == std::vector<std::string>{"understand-the-different-types-of-stakeholders"});
    CHECK(first.tasks[1].problem_profiles == std::vector<std::string>{"UND_PROBLEM_2"});
    CHECK(s.project.phases[0].objectives[1].requires_ == std::vector<std::string>{"identify-stakeholders"});
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

  TEST_CASE("the other three reference schemas") {
    struct Case {
      const char* name;
      Counts counts;
      std::vector<std::string> phases;
    };
    const Case cases[] = {
        {"hackathon", {4, 10, 30}, {"engage", "design", "run", "exploit"}},
        {"servicedescriptionenhancement", {4, 9, 16}, {"engage", "design", "run", "refine"}},
        {"solutioncorefinementprocess", {2, 4, 12}, {"co-reflection-of-solution", "re-design-of-solution"}},
    };
    for (const auto& k : cases) {
      CAPTURE(k.name);
      auto s = catalogue::import_schema(schema_dir(k.name), "en");
      Counts c = count(s.project);
      CHECK(c.phases == k.counts.phases);
      CHECK(c.objectives == k.counts.objectives);
      CHECK(c.tasks == k.counts.tasks);
      CHECK(phase_ids(s.project) == k.phases);
      round_trip(s.project);
    }
  }

  TEST_CASE("names come in the chosen language") {
    auto it = catalogue::import_schema(schema_dir("default"), "it");
    CHECK(it.project.language == "it");
    CHECK(it.project.phases[0].name == "Coinvolgimento");
    CHECK(it.project.phases[0].objectives[0].name == "Identifica gli attori chiave");
    CHECK(it.project.phases[0].id == "engage");  // ids do not depend on the language
    auto lv = catalogue::import_schema(schema_dir("default"), "lv");
    CHECK(lv.project.phases[3].name == "Uzturēt");
    auto xx = catalogue::import_schema(schema_dir("default"), "fr");
    CHECK(xx.project.phases[0].name == "Engage");
    REQUIRE(xx.warnings.size() == 1);
    CHECK(xx.warnings[0] == "some names have no 'fr' translation: they are in English");
    round_trip(it.project);
  }

  TEST_CASE("a hand-made schema: unique ids, unknown prerequisites dropped, cycles kept in file order") {
    Scratch s;
    s.write("metadata.json", R"({"id": "mini", "name_translations": {"en": "Mini"}})");
    s.write("phases/a.json", R"({"id": "phase-b", "prerequisites": [{"item": "phase-a"}],
      "name_translations": {"en": "B"},
      "objectives": [{"id": "objective-x", "name_translations": {"en": "X"}, "prerequisites": [],
        "tasks": [{"id": "task-same", "name_translations": {"en": "One"}, "prerequisites": [{"item": "task-nope"}]},
                  {"id": "task-same_", "name_translations": {"en": "Two"}, "prerequisites": [{"item": "task-same"}]}]}]})");
    s.write("phases/b.json", R"({"id": "phase-a", "prerequisites": [], "name_translations": {"en": "A"}, "objectives": []})");
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
  }
}
