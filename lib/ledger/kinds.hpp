// Every event kind interlink writes (SPEC §5), named once. Code compares and
// records kinds through these constants, never through string literals, so
// that a typo is a compile error and `grep kinds::` finds every use.
// man/interlink-ledger.5 documents each kind's payload.
#pragma once

#include <string_view>

namespace interlink::ledger::kinds {

inline constexpr std::string_view project_created = "project.created";
inline constexpr std::string_view stakeholder_added = "stakeholder.added";
inline constexpr std::string_view stakeholder_updated = "stakeholder.updated";
inline constexpr std::string_view stakeholder_removed = "stakeholder.removed";
inline constexpr std::string_view stakeholder_erased = "stakeholder.erased";
inline constexpr std::string_view consent_recorded = "consent.recorded";
inline constexpr std::string_view phase_started = "phase.started";
inline constexpr std::string_view phase_completed = "phase.completed";
inline constexpr std::string_view phase_reopened = "phase.reopened";
inline constexpr std::string_view gate_overridden = "gate.overridden";
inline constexpr std::string_view task_started = "task.started";
inline constexpr std::string_view task_done = "task.done";
inline constexpr std::string_view task_skipped = "task.skipped";
inline constexpr std::string_view task_reopened = "task.reopened";
inline constexpr std::string_view feedback_recorded = "feedback.recorded";
inline constexpr std::string_view decision_recorded = "decision.recorded";

// The four moves of a task (a transition, as phase.* are).
inline bool is_task_move(std::string_view k) {
  return k == task_started || k == task_done || k == task_skipped || k == task_reopened;
}

// A stakeholder's status after an event of kind k about them: "current"
// once added, "removed" once removed, "erased" once erased, which no later
// removal undoes; other kinds leave it as it was. The one fold of what the
// ledger says became of a stakeholder: the state's replay
// (process/state.cpp) and a stakeholder command given the id of a file that
// is gone (stakeholders/registry_change.cpp) both use it.
inline std::string_view stakeholder_status_after(std::string_view status, std::string_view k) {
  if (k == stakeholder_added) return "current";
  if (k == stakeholder_erased) return "erased";
  if (k == stakeholder_removed && status != "erased") return "removed";
  return status;
}

// In the order of the table in interlink-ledger(5).
inline constexpr std::string_view all[] = {
    project_created, stakeholder_added, stakeholder_updated, stakeholder_removed, stakeholder_erased, consent_recorded,
    phase_started,   phase_completed,   phase_reopened,      gate_overridden,     task_started,       task_done,
    task_skipped,    task_reopened,     feedback_recorded,   decision_recorded,
};

}  // namespace interlink::ledger::kinds
