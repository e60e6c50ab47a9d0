// The plan as the commands that move the process (run-phase, task, decide)
// read it. Refused (Error(unreadable), exit 3, nothing written) at its first
// error finding (io/invalid.hpp), and at a `requires` that names no phase,
// objective or task of the plan (validate's dangling-reference), which the
// loader cannot see: such a requirement could never be met, and was shown
// as "requires 'x' (pending)" of a task that does not exist, while a forced
// phase start went past it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/project.hpp"
#include "project/handle.hpp"

namespace interlink::process {

// Calls found(pos, what, id, candidates) for every `requires` entry of the
// plan that names no phase, objective (of the same phase) or task, in plan
// order, e.g. ("task 'b' requires task", "x", every task id). A phase or a
// task that requires itself is a cycle, not this (process/graph.hpp). One
// walk for validate (every finding) and for plan_to_move (the first).
using UnknownRequirement = std::function<void(const SourcePos& pos, const std::string& what, const std::string& id,
                                              const std::vector<std::string>& candidates)>;
void each_unknown_requirement(const model::Project& plan, const UnknownRequirement& found);

const model::Project& plan_to_move(project::Handle& h);

// The check alone, for a plan already loaded: throws at the first `requires`
// (in file order) that names nothing.
void require_known_requirements(const model::Project& plan);

}  // namespace interlink::process
