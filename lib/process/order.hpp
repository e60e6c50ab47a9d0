// The canonical order of a ledger's events, for a replay that does not
// depend on which copy merged into which (SPEC §4). A ledger that is one
// chain has one order, its insertion order; a ledger merged from two
// branches holds their events in the order the merging copy appended them,
// which differs between the two sides. The canonical order is the
// topological order (parents before children) that breaks ties by time, then
// by hash: a function of the events alone.
#pragma once

#include <functional>
#include <vector>

#include "ledger/event.hpp"
#include "process/state.hpp"

namespace interlink::ledger {
class Ledger;
}

namespace interlink::process {

// Calls fn for every event in canonical order, and appends to conflicts the
// transitions of one phase or task that two branches made without seeing
// each other and that left it in different states, and the additions of one
// stakeholder id on both branches (the later of the two in canonical order
// is `second`, the one the replay keeps). Each pair once; a transition
// conflict is left out once a later move of its phase or task descends from
// both events (someone who saw both recorded it again).
void for_each_canonical(const ledger::Ledger& led, const std::function<void(const ledger::Event&)>& fn,
                        std::vector<Conflict>& conflicts);

}  // namespace interlink::process
