// Progress (SPEC §4): of a phase, the share of its non-optional, non-skipped
// tasks that are done in its current iteration; of the project, the same over
// all phases' tasks.
#pragma once

#include <string>
#include <vector>

#include "model/project.hpp"
#include "process/state.hpp"

namespace interlink::process {

struct PhaseProgress {
  std::string phase;
  long done = 0;   // required tasks done
  long total = 0;  // required tasks (non-optional, not skipped)
  long skipped = 0, active = 0, optional_done = 0;
  // Whole percent, rounded down; a phase with no required task is 100 when
  // done and 0 otherwise.
  int percent = 0;
};

PhaseProgress phase_progress(const model::Phase& phase, const State& state);

struct ProjectProgress {
  std::vector<PhaseProgress> phases;  // plan order
  long done = 0, total = 0;
  int percent = 0;
};

ProjectProgress project_progress(const model::Project& plan, const State& state);

}  // namespace interlink::process
