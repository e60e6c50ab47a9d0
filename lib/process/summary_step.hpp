// Carrying status's summary of the items (state.hpp's ItemSummary), and the
// report's digest of them (step_digest below), over events appended since
// they were cached, without the items.
//
// Why: the summary is cached for the ledger exactly as it was (summary.pack,
// process/cache_store.hpp). After one `feedback add` on the 1m bench project the
// next `status` found it one event behind, read all 989,047 items, traced
// and summarised them again: 6.1 s and 1.09 GB, where status is 0.37 s
// (issue 10). Most appended events change the summary in a way that can be
// told from the event alone; step_summary() applies those, and refuses the
// others, for which the caller computes the summary from the items.
//
// An event is taken when its effect is exact without the items:
//   - a feedback item that no done task and no approved decision names
//     (the references are in the core and in approved_refs): one more open
//     item, from its sender, heard if its phase is active in that iteration;
//   - a task move that leaves the task's answers (TaskState::answers, its
//     earlier iterations' included) as they were; one that adds one, a done
//     with references, answers the items it names (answer_step.hpp: found
//     through the ledger's hash index, as `--addresses` finds them; the
//     report's digest only for a task with no earlier answer);
//   - a decision without a review date, whose hash shares fewer than
//     kShortIdDigits digits with every decision to review (whose ids would
//     otherwise grow); approved with references, it answers those items;
//   - a stakeholder, consent or override event, or one of an unknown kind.
// Refused: phase events (who is heard depends on the active iterations), a
// task move that changes or takes back an answer (its items may be open
// again: a done task with references reopened), an
// answer naming an item recorded after it, or more than kMaxNamed items or
// with more than kMaxNamed references to items, and everything else above.
#pragma once

#include <string>
#include <vector>

#include "ledger/event.hpp"
#include "ledger/ledger.hpp"
#include "process/state.hpp"
#include "process/trace.hpp"

namespace interlink::process {

// The references ("fb-…") of every approved decision of s, which holds its
// items: what a new item must not match for step_summary to count it open.
std::vector<std::string> approved_refs(const State& s);
// The same of a list of decisions (a trace digest's: step_digest).
std::vector<std::string> approved_refs(const std::vector<Decision>& decisions);

// Applies e to s (a core state: without its items) and to sum, the summary
// of the items of s before e; returns false, with s and sum no longer of
// use, when the summary after e cannot be told without the items. approved
// gains the references of an approved decision taken; led is the ledger e
// comes from, whose hash index finds the items an answer names.
bool step_summary(State& s, ItemSummary& sum, std::vector<std::string>& approved, const ledger::Event& e,
                  const ledger::Ledger& led);

// The same for the report's trace digest (trace.hpp's TraceDigest: what
// `report --format html|md` shows of the items), so that a report right
// after a write reads the events appended since the digest was cached, not
// the whole ledger (1m bench project: 7 s). Taken, besides what
// step_summary takes, phase events (the digest does not depend on which
// phases are active); refused, as there, a done task with references
// reopened, and an item or decision whose id would make another's grow: for an item, when another feedback item's hash
// shares its first kShortIdDigits digits, which led (the ledger the events come from) answers from its hash index. A
// new open item joins the listed items as digest_trace() would list it: at the end, and past kTraceListed items in
// place of the oldest open one listed (if any is).
bool step_digest(State& s, TraceDigest& d, std::vector<std::string>& approved, const ledger::Event& e,
                 const ledger::Ledger& led);

}  // namespace interlink::process
