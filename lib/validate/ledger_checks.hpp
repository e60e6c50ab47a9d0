// validate's checks of the ledger (rule ids in man/interlink-validate.1):
// present (ledger-missing), readable (unreadable), verified (ledger-verify),
// made for this project and consistent with the files (ledger-consistency,
// unrecorded-stakeholder), no change left staged by a kill
// (interrupted-change), no kind this version does not know
// (unknown-event-kind); then the process's own checks (process_checks.hpp).
#pragma once

#include "io/project_io.hpp"

namespace interlink::validate {

// Appends the findings to w.findings; sets w.unreadable when the ledger
// cannot be read. thorough: verify every event, not the cache's mark.
void check_ledger(io::Workspace& w, bool thorough);

}  // namespace interlink::validate
