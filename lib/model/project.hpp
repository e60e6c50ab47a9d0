// The plan: interlink.yaml as typed structs (SPEC §2). Plain data; loading and
// checking live in io/ and validate/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/source.hpp"

namespace interlink::model {

// A gate is data: every condition that is set must hold.
struct Gate {
  std::optional<int> stakeholders_min;     // stakeholders: {min: N}
  std::map<std::string, int> sectors_min;  // stakeholders: {sectors: {public: 3}}
  std::map<std::string, int> roles_min;    // stakeholders: {roles: {evaluator: 2}}
  bool consent_all = false;                // consent: all
  bool tasks_required = false;             // tasks: required
  std::optional<int> decisions_min;        // decisions: N
  std::optional<int> feedback_min;         // feedback: N
  Positions at;

  [[nodiscard]] bool empty() const {
    return !stakeholders_min && sectors_min.empty() && roles_min.empty() && !consent_all && !tasks_required &&
           !decisions_min && !feedback_min;
  }
};

struct Task {
  std::string id;
  std::string name;
  std::string description;
  std::vector<std::string> requires_;  // task ids, in any objective of the project
  std::vector<std::string> interlinkers;
  std::vector<std::string> problem_profiles;
  std::vector<std::string> responsible;  // RACI: stakeholder ids
  std::string accountable;
  std::vector<std::string> consulted;
  std::vector<std::string> informed;
  std::string due;  // YYYY-MM-DD or ""
  bool optional = false;
  Positions at;
};

struct Objective {
  std::string id;
  std::string name;
  std::string description;
  std::vector<std::string> requires_;  // objective ids of the same phase
  std::vector<Task> tasks;
  Positions at;
};

struct Phase {
  std::string id;
  std::string name;
  std::string description;
  std::string participation;           // IAP2 level; "" = the project's
  std::string start, end;              // planned dates, YYYY-MM-DD or ""
  std::vector<std::string> requires_;  // phase ids
  Gate entry;
  Gate exit;
  std::vector<Objective> objectives;
  Positions at;
};

struct DecisionRule {
  std::string rule = "majority";
  double quorum = 0.0;              // share of voters needed, 0..1
  std::optional<double> threshold;  // supermajority share, default 2/3
  // The roles whose stakeholders vote (the eligible voters of a decision,
  // unless `decide --eligible` says otherwise); empty means kDefaultVoters.
  std::vector<std::string> voters;
};

inline const std::vector<std::string> kDefaultVoters = {"coordinator", "co-producer"};

struct Governance {
  std::string model = "partnership";
  std::string participation = "consult";
  DecisionRule decisions;
  std::map<std::string, int> representation;  // minimum stakeholders per sector
  Positions at;
};

// The project's own INTERLINKERs (catalogue entries beside the built-in ones).
struct Interlinker {
  std::string id;
  std::string name;
  std::string nature;  // knowledge | software
  std::string description;
  std::string url;
  std::vector<std::string> problem_profiles;
  Positions at;
};

struct Project {
  int format = 1;
  std::string id;
  std::string title;
  std::string organization;
  std::string language = "en";
  std::string description;
  Governance governance;
  std::vector<Phase> phases;
  std::vector<Interlinker> interlinkers;
  Positions at;

  [[nodiscard]] const Phase* find_phase(const std::string& id) const;
  // The task with this id and the phase holding it, or {nullptr, nullptr}.
  [[nodiscard]] std::pair<const Phase*, const Task*> find_task(const std::string& id) const;
  [[nodiscard]] std::vector<std::string> phase_ids() const;
  [[nodiscard]] std::vector<std::string> task_ids() const;
};

}  // namespace interlink::model
