// Finding INTERLINKERs: text search over the catalogue, and recommendations
// for a task — those it names, then those that address its problem profiles.
#pragma once

#include <string>
#include <vector>

#include "model/project.hpp"

namespace interlink::catalogue {

// Entries whose id, name or description contains every word of text
// (case-insensitive, ASCII folding); all entries for an empty text.
std::vector<model::Interlinker> search(const std::vector<model::Interlinker>& all, const std::string& text);

struct Recommendation {
  model::Interlinker interlinker;
  std::string reason;  // "named by the task" or "addresses UND_PROBLEM_2, ORG_PROBLEM_4"
  int score = 0;       // named: 1000; else the number of shared problem profiles
};

// Recommendations for a task, best first (ties by id).
std::vector<Recommendation> recommend(const std::vector<model::Interlinker>& all, const model::Task& task);

}  // namespace interlink::catalogue
