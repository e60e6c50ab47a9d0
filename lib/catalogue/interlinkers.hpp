// The INTERLINKERs catalogue: tools and knowledge resources recommended for
// tasks. Built in (templates/catalogue/interlinkers.yaml, written in our own
// words) plus the project's own (`interlinkers:` in interlink.yaml).
#pragma once

#include <string>
#include <vector>

#include "model/project.hpp"

namespace interlink::catalogue {

// The built-in catalogue, parsed once from the embedded file.
const std::vector<model::Interlinker>& builtin_interlinkers();

// Built-in plus the project's own (the project's win on equal ids).
std::vector<model::Interlinker> all_interlinkers(const model::Project& project);

// Problem profile ids known to the catalogue (ORG_PROBLEM_4, …).
const std::vector<std::string>& known_problem_profiles();

}  // namespace interlink::catalogue
