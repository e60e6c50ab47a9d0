// One feedback item and what answered it, or the decisions, read from the
// ledger and the core state without the items. `feedback show ID` and `trace ID` loaded
// every item to show one: on the 1m bench project (989,064 items) 8.3 s and
// 0.9 GiB for one item, against milliseconds on examples/pspm (issue 10: a
// command whose work does not grow with the project must not grow either).
//
// What it reads: the item's event, found by its id through the hash index
// (Ledger::hashes_with_prefix); the items whose hashes share its first
// kShortIdDigits digits, which alone can lengthen its short id (ids.hpp);
// every decision.recorded event (their ids are prefixes unique among all of
// them); and the core state's tasks (their answers).
//
// It gives exactly what trace() gives for that item, or says it cannot
// (Found::unsure, and the caller loads every item as before):
// - an id that names several items, or none but "fb-" (the ambiguity is
//   refused with the candidates' ids, which the full path lists);
// - on a ledger that is not one chain (State::chain: a merged ledger), two
//   decisions that name the item recorded at the same second: trace()
//   orders answers by time and keeps the replay order on a tie, and a
//   merged ledger's replay order (canonical, process/order.hpp) is not the
//   order the ledger stores them in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/ledger.hpp"
#include "process/state.hpp"
#include "process/trace.hpp"

namespace interlink::process {

struct OneItem {
  enum class Found { one, none, unsure };
  Found found = Found::unsure;
  Feedback feedback;  // with its id (Found::one)
  std::vector<Answer> answers, pending;
};

// core: load_state(..., Detail::core) or a fuller state of the same ledger.
OneItem trace_one(const ledger::Ledger& led, const State& core, const std::string& id_or_prefix);

// The decisions as State::decisions holds them (replay order, with ids),
// read without the items: on a ledger of one chain (core.chain), whose
// replay order is its seq order; nullopt otherwise (the caller loads the
// state with its items). `decisions` on the 1m bench project loaded
// 989,064 items to list 107 decisions: 2.1-3.1 s and 0.8 GiB.
std::optional<std::vector<Decision>> decisions_alone(const ledger::Ledger& led, const State& core);

}  // namespace interlink::process
