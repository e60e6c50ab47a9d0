// Validation of the process record against the plan and the files (SPEC §8,
// issue "running the process"): events naming phases or stakeholders the
// plan no longer has, conflicting transitions of merged branches, evidence
// files changed or gone since they were recorded, phases past their end.
#pragma once

#include "io/project_io.hpp"
#include "ledger/ledger.hpp"
#include "process/state.hpp"

namespace interlink::validate {

// Adds the findings to w.findings. Reads only; s is led replayed, `today`
// is YYYY-MM-DD.
void check_process(io::Workspace& w, const ledger::Ledger& led, const process::State& s, const std::string& today);

}  // namespace interlink::validate
