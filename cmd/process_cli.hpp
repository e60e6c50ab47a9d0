// What the process commands' front ends share (run-phase, task, tasks,
// feedback, decide, decisions, trace, status): opening the project, the
// date that counts as today, and printing gate conditions.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "context.hpp"
#include "process/gates.hpp"
#include "process/views.hpp"
#include "project/handle.hpp"

namespace interlink::cli {

// The project found by -C or upward from the working directory.
project::Handle open_project(const Globals& g);

// --today DATE when given (checked: exit 2 if not a date), else the clock's
// date (SOURCE_DATE_EPOCH or now, UTC).
std::string today_or(const std::string& given);

// Refuses (exit 1) an id that names no feedback item, saying where ids are listed.
[[noreturn]] void refuse_unknown_feedback(const std::string& id);

// `feedback show ID` and `trace ID`: the item read alone when that gives what
// the whole trace would (process/trace_one.hpp), its rows under filter
// passed to print (none when the filter leaves it out); refuses an id that
// names no item. False when the caller must load every item (an ambiguous
// id, a tie on a merged ledger).
bool print_one_item(project::Handle& h, const std::string& id, const process::FeedbackFilter& filter,
                    const std::function<void(const std::vector<process::FeedbackRow>&)>& print);

// The rows of a few items (one item's trace, read alone or picked out of
// every item's), their senders' sectors from those senders' files alone
// (Handle::stakeholders_named): reading every stakeholder file for them was
// 86% of `feedback show ID` on a 10,000-stakeholder project (issue 10). The
// rows point into items.
std::vector<process::FeedbackRow> rows_of_few(project::Handle& h, const std::vector<process::TraceItem>& items,
                                              const process::StakeholderRecords& records,
                                              const process::FeedbackFilter& filter);

// Prints a gate check's lines to stdout (coloured when allowed).
void print_gate(const Globals& g, const process::GateCheck& c);

}  // namespace interlink::cli
