// The write side of the process (SPEC §3, §4): phase transitions, task moves,
// feedback and decisions. Each function checks its inputs, then records its
// events through Ledger::commit, re-deriving the state under the ledger's
// write lock so that two processes never both pass a check that only one may
// pass. A refused action changes nothing. With dry_run, nothing is written.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/ledger.hpp"
#include "process/gates.hpp"
#include "project/handle.hpp"

namespace interlink::process {

// ---- phases (run-phase) ----

struct TransitionRequest {
  std::string phase;
  Transition transition = Transition::start;
  bool force = false;
  std::string reason;  // required with force
  bool dry_run = false;
};

struct TransitionResult {
  GateCheck check;        // as evaluated (under the lock when not a dry run)
  bool recorded = false;  // the transition was recorded (allowed, or forced)
  bool forced = false;    // ... with a gate.overridden event
  std::vector<ledger::Event> events;
};

// Throws Error(refused) for an unknown phase or an impossible transition
// (not overridable; a dry run returns it in check.impossible instead);
// returns with recorded=false when gates are unmet and not forced.
TransitionResult run_transition(project::Handle& h, const std::string& actor, const TransitionRequest& r);

// run-phase --auto: the transitions the planned dates make due on `today`
// (YYYY-MM-DD): start each pending phase whose start date has come, complete
// each active phase whose end date has passed — when their gates hold; never
// forced. All that can be made are recorded in one commit.
struct AutoStep {
  std::string phase;
  Transition transition = Transition::start;
  std::string due;  // the day it became due: the start date, or completion_due()
  GateCheck check;
  bool made = false;
};
// The day a phase's completion is due (man interlink-run-phase.1): the day
// after its planned end date, which is the phase's last working day ("" if
// it has none). --auto completes it on that day or later, and says so.
std::string completion_due(const model::Phase& ph);
std::vector<AutoStep> run_auto(project::Handle& h, const std::string& actor, const std::string& today, bool dry_run);

// ---- tasks ----

struct TaskMove {
  std::string task;
  std::string action;                  // start | done | skip | reopen
  std::vector<std::string> evidence;   // paths inside the project, or URLs
  std::vector<std::string> addresses;  // feedback ids (any unique prefix)
  std::string note, reason;
  bool dry_run = false;
};

// Returns the recorded event (or the one that would be, with dry_run).
ledger::Event move_task(project::Handle& h, const std::string& actor, const TaskMove& m);

// ---- feedback ----

inline const std::vector<std::string> kFeedbackTypes = {"requirement", "idea", "concern", "question", "praise"};

struct FeedbackInput {
  std::string text, from, phase, type;
  std::vector<std::string> tags;
  int line = 0;  // of an imported row (0 on the command line)
};

// Records one item (or, for an import, all of them in one commit). Every
// problem of every row is collected; if any, throws IssuesError-like
// Error(refused) whose message lists them as FILE:LINE: message.
std::vector<ledger::Event> add_feedback(project::Handle& h, const std::string& actor,
                                        const std::vector<FeedbackInput>& items, const std::string& source,
                                        bool dry_run);

// Reads a survey export (CSV: from, text, type, phase, tags) into items, each
// with its line. Throws IssuesError naming source for every problem of the
// file's shape; the values are checked by add_feedback.
std::vector<FeedbackInput> read_feedback_csv(std::string_view text, const std::string& source);

// ---- decisions ----

struct DecisionInput {
  std::string title, phase, rule, review, note;
  long for_ = 0, against = 0, abstain = 0;
  std::optional<long> eligible;
  std::vector<std::string> addresses;
  bool dry_run = false;
};

ledger::Event record_decision(project::Handle& h, const std::string& actor, const DecisionInput& d);

// The eligible voters of the plan: current stakeholders whose role is in
// governance.decisions.voters (default coordinator, co-producer).
long eligible_voters(const Context& ctx);

// Resolves feedback references to the form recorded ("fb-" + 12 digits);
// throws Error(refused) for an unknown or ambiguous one.
// Looks them up in the ledger's hash index, not in the state.
std::vector<std::string> resolve_feedback(const ledger::Ledger& led, const std::vector<std::string>& refs);

}  // namespace interlink::process
