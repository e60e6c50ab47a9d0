// Unit tests for catalogue::builtin_ids(): the line scan that gives validate
// the built-in catalogue's ids without a YAML parse must agree with the parse.
#include <doctest/doctest.h>

#include <algorithm>

#include "catalogue/interlinkers.hpp"
#include "catalogue/templates.hpp"

using namespace interlink;

TEST_SUITE("catalogue ids") {
  TEST_CASE("the scanned ids of the built-in catalogue are those of its parse, in file order") {
    model::Findings findings;
    auto cat = catalogue::parse_catalogue(catalogue::builtin_file("catalogue/interlinkers.yaml"),
                                          "catalogue/interlinkers.yaml", findings);
    std::vector<std::string> interlinkers, profiles;
    for (const auto& il : cat.interlinkers) interlinkers.push_back(il.id);
    for (const auto& p : cat.profiles) profiles.push_back(p.id);
    CHECK(catalogue::builtin_ids().interlinkers == interlinkers);
    CHECK(catalogue::builtin_ids().profiles == profiles);
    CHECK(catalogue::known_problem_profiles() == profiles);
  }

  TEST_CASE("all_interlinker_ids: the ids of all_interlinkers, the project's own included") {
    model::Project p;
    model::Interlinker own;
    own.id = "our-own-tool";
    p.interlinkers.push_back(own);
    p.interlinkers.push_back(catalogue::builtin_interlinkers().front());  // the same id overrides
    std::vector<std::string> expected;
    for (const auto& il : catalogue::all_interlinkers(p)) expected.push_back(il.id);
    CHECK(catalogue::all_interlinker_ids(p) == expected);
    CHECK(std::find(expected.begin(), expected.end(), "our-own-tool") != expected.end());
  }
}
