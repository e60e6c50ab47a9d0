// A stand-in for process::replay() while it is not on main: folds a ledger's
// events, in insertion order, into the process::State the report reads.
// TODO(process): move — delete this file and call process::replay once
// lib/process/state.cpp lands.
#pragma once

#include "ledger/ledger.hpp"
#include "process/state.hpp"

namespace interlink::report {

process::State fold_ledger(const ledger::Ledger& ledger);

}  // namespace interlink::report
