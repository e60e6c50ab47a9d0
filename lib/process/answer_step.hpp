// Carrying status's summary and the report's digest over an event that
// answers feedback items — a task done with --addresses, a decision approved
// with them — without the items (summary_step.hpp says why that matters: on
// the 1m bench project, `task done --addresses` then `report` read all
// 989,047 items again, 7 s).
//
// The items an answer names are found as `--addresses` finds them when it is
// recorded: through the ledger's hash index (Ledger::hashes_with_prefix),
// each read back by its hash. What they were answered by before is told from
// the core state, which holds every task, and from the approved references
// (summary) or the digest's decisions (report), which hold every decision.
// Internal to lib/process (summary_step.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/ledger.hpp"
#include "process/state.hpp"
#include "process/trace.hpp"

namespace interlink::process::answer_step {

// The most items an answer's references may name, and the most references
// to items it may hold, and still be carried over; past either, the caller
// computes from the items. Each reference costs a query of the hash index
// and each item a scan of every answer, so an answer without a bound (the
// ledger takes one of up to 8 MB) would cost more than the replay it saves.
// A reference that names many is rare: `--addresses` records ids of 8
// digits or more.
inline constexpr int kMaxNamed = 64;

// The feedback items the references name (trace.cpp's names_feedback): the
// rows of their feedback.recorded events, each once, in the order recorded.
// nullopt if there are more than kMaxNamed references to items or they
// name more than kMaxNamed items in all, or one names an item recorded after
// the answer (seq > upto), whose own step must then see it answered.
std::optional<std::vector<ledger::Record>> named_items(const std::vector<std::string>& refs, const ledger::Ledger& led,
                                                       long long upto);

// True if a task's answer (TaskState::answers) other than the last move of
// *except_task (none left out when null: a task's id may be any string, ""
// too), or one of the approved references, names the item of this hash: it
// was answered already.
bool answered(const State& s, const std::vector<std::string>& approved, const std::string& hash,
              const std::string* except_task);

// Applies to d (the digest before the answer, whose decisions already hold
// the answering one if it is a decision) the answer of `kind` ("task" or
// "decision") and `id` to each named item: the open count, the listed items'
// answers, and which items are listed (digest_trace's rule: answered items
// first, the oldest kTraceListed at most, then the most recent open ones).
// False when that cannot be told exactly (an item whose id would be longer
// than kShortIdDigits digits, or a digest that lists items it should not).
bool answer_in_digest(TraceDigest& d, const State& s, const std::vector<ledger::Record>& items, const std::string& kind,
                      const std::string& id, const ledger::Ledger& led);

}  // namespace interlink::process::answer_step
