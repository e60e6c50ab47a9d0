// Traceability, "you said, we did" (SPEC §4): for each feedback item, the
// tasks done and the decisions approved that name it in --addresses. An item
// nothing answers is open.
#pragma once

#include <string>
#include <vector>

#include "process/state.hpp"

namespace interlink::process {

struct Answer {
  std::string kind;   // task | decision
  std::string id;     // task id, or decision id (dc-…)
  std::string title;  // task id again, or the decision's title
  std::string time, actor;
  std::string outcome;  // done, or the decision's outcome
};

struct TraceItem {
  const Feedback* feedback = nullptr;
  std::vector<Answer> answers;  // tasks done and decisions approved, oldest first
  std::vector<Answer> pending;  // decisions that named it but were not approved
  [[nodiscard]] bool open() const { return answers.empty(); }
};

// One item per feedback item, in the order they were recorded.
std::vector<TraceItem> trace(const State& state);

// What status needs of the items (state.hpp): from trace() of a state that
// holds its items and their ids.
ItemSummary summarize(const State& state);

// True if a reference as recorded in --addresses ("fb-3a9c…") names the
// feedback item whose event hash is given.
bool names_feedback(const std::string& reference, const std::string& hash);

}  // namespace interlink::process
