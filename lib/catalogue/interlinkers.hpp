// The INTERLINKERs catalogue: tools and knowledge resources recommended for
// tasks. Built in (templates/catalogue/interlinkers.yaml, written in our own
// words after the INTERLINK platform's catalogue) plus the project's own
// (`interlinkers:` in interlink.yaml).
//
// Problem profiles are the INTERLINK platform's ids for the recurring needs of
// co-production (ORG_PROBLEM_4 "team communication", UND_PROBLEM_2
// "stakeholder mapping", …): tasks and INTERLINKERs name the profiles they
// address, which is how a task finds the INTERLINKERs that may help it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/finding.hpp"
#include "model/project.hpp"

namespace interlink::catalogue {

// The built-in catalogue, parsed once from the embedded file, in file order.
const std::vector<model::Interlinker>& builtin_interlinkers();

// Built-in plus the project's own (the project's win on equal ids), by id.
std::vector<model::Interlinker> all_interlinkers(const model::Project& project);

// Their ids only, sorted: what validate needs, without parsing the built-in
// file (that parse was a quarter of `validate` on examples/pspm, issue 10).
std::vector<std::string> all_interlinker_ids(const model::Project& project);

struct ProblemProfile {
  std::string id;     // e.g. "ORG_PROBLEM_4"
  std::string label;  // a short phrase in our own words
};

// The 45 problem profiles of the INTERLINK platform, in its order.
const std::vector<ProblemProfile>& problem_profiles();

// Their ids (ORG_PROBLEM_4, …), in the same order; read without a YAML parse.
const std::vector<std::string>& known_problem_profiles();

// The ids of the built-in file's two lists, read by a line scan of its text
// ("  - id: X" under "interlinkers:" and "problem_profiles:"), in file order.
// The unit tests hold it equal to the ids of the full parse.
struct CatalogueIds {
  std::vector<std::string> interlinkers, profiles;
};
const CatalogueIds& builtin_ids();

// A catalogue file: `interlinkers:` (a list like the plan's) and
// `problem_profiles:` (a list of {id, label}). Problems are findings; exposed
// so that tests can hold the built-in file to no findings at all.
struct Catalogue {
  std::vector<model::Interlinker> interlinkers;
  std::vector<ProblemProfile> profiles;
};
Catalogue parse_catalogue(std::string_view text, const std::string& path, model::Findings& findings);

}  // namespace interlink::catalogue
