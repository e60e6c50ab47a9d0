// How many phases, objectives and tasks a plan has: what the template and
// import tests compare against the source they were built from.
#pragma once

#include <cstddef>

#include "model/project.hpp"

namespace plan_test {

struct Counts {
  std::size_t phases = 0, objectives = 0, tasks = 0;
};

inline Counts count(const interlink::model::Project& p) {
  Counts c;
  c.phases = p.phases.size();
  for (const auto& ph : p.phases) {
    c.objectives += ph.objectives.size();
    for (const auto& o : ph.objectives) c.tasks += o.tasks.size();
  }
  return c;
}

}  // namespace plan_test
