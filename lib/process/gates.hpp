// Gates (SPEC §4): whether a phase may start, complete or be reopened, as a
// list of conditions each met or not with its numbers ("have 2, need 3").
// Gates are data (interlink.yaml); this is the one place that evaluates them,
// for run-phase, run-phase --auto, status and the reports alike.
#pragma once

#include <string>
#include <vector>

#include "model/project.hpp"
#include "model/stakeholder.hpp"
#include "process/state.hpp"

namespace interlink::process {

// What a gate is evaluated against: the plan, the stakeholder files and the
// state replayed from the ledger.
struct Context {
  const model::Project& plan;
  const std::vector<model::Stakeholder>& stakeholders;
  const State& state;

  // Stakeholders that count (SPEC §4): not removed and not erased.
  [[nodiscard]] std::vector<const model::Stakeholder*> current() const;
};

struct Condition {
  std::string name;  // "requires engage", "stakeholders", "sector public", "role evaluator",
                     // "consent", "tasks", "decisions", "feedback"
  bool met = false;
  long have = 0, need = 0;
  std::string text;  // one line for people: "stakeholders of sector 'public': have 2, need 3"
};

enum class Transition { start, complete, reopen };
const char* transition_name(Transition t);  // "start", "complete", "reopen"

struct GateCheck {
  std::string phase;
  Transition transition = Transition::start;
  // Why the transition makes no sense whatever the gates say (the phase is
  // already active, not done, …): --force cannot override it. "" if none.
  std::string impossible;
  std::vector<Condition> conditions;  // every condition, met or not

  [[nodiscard]] bool allowed() const;  // possible and every condition met
  [[nodiscard]] std::vector<Condition> unmet() const;
};

// Evaluates a transition of phase (which must exist in the plan).
GateCheck check_transition(const Context& ctx, const model::Phase& phase, Transition t);

// The counts gates use, shared with status and the reports.
// Feedback items and approved decisions of a phase in one iteration.
long feedback_count(const State& s, const std::string& phase, int iteration);
long approved_decisions(const State& s, const std::string& phase, int iteration);

}  // namespace interlink::process
