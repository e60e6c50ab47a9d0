// See summary_step.hpp.
#include "process/summary_step.hpp"

#include "ledger/kinds.hpp"
#include "process/ids.hpp"
#include "process/trace.hpp"

namespace interlink::process {

namespace {

namespace kinds = ledger::kinds;

// A task whose references count as answers (trace.cpp: done tasks only).
bool answers(const TaskState& t) { return t.status == "done" && !t.addresses.empty(); }

bool named_by_any(const std::vector<std::string>& refs, const std::string& hash) {
  for (const auto& r : refs) {
    if (names_feedback(r, hash)) return true;
  }
  return false;
}

std::size_t common_prefix(const std::string& a, const std::string& b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

}  // namespace

std::vector<std::string> approved_refs(const State& s) {
  std::vector<std::string> refs;
  for (const auto& d : s.decisions) {
    if (d.outcome == "approved") refs.insert(refs.end(), d.addresses.begin(), d.addresses.end());
  }
  return refs;
}

bool step_summary(State& s, ItemSummary& sum, const std::vector<std::string>& approved, const ledger::Event& e) {
  const std::string& k = e.kind;
  if (k.rfind("phase.", 0) == 0) return false;
  if (k == kinds::task_started || k == kinds::task_done || k == kinds::task_skipped || k == kinds::task_reopened) {
    auto it = s.tasks.find(e.subject);
    const bool answered_before = it != s.tasks.end() && answers(it->second);
    apply(s, e);
    return !answered_before && !answers(s.tasks.at(e.subject));
  }
  if (k == kinds::feedback_recorded) {
    apply(s, e);
    if (s.feedback.empty()) return false;  // a state replaying a digest keeps no item
    const Feedback f = std::move(s.feedback.back());
    s.feedback.pop_back();
    if (named_by_any(approved, f.hash)) return false;
    for (const auto& [id, t] : s.tasks) {
      if (t.status == "done" && named_by_any(t.addresses, f.hash)) return false;
    }
    ++sum.open;
    ++sum.open_by_from[f.from];
    auto ph = s.phases.find(f.phase);
    if (ph != s.phases.end() && ph->second.status == "active" && ph->second.iteration == f.iteration) {
      sum.heard.insert(f.from);
    }
    return true;
  }
  if (k == kinds::decision_recorded) {
    apply(s, e);
    if (s.decisions.empty()) return false;
    const Decision d = std::move(s.decisions.back());
    s.decisions.pop_back();
    if (!d.review.empty()) return false;                                // one more to review
    if (d.outcome == "approved" && !d.addresses.empty()) return false;  // items answered
    for (const auto& r : sum.reviewable) {                              // their ids would grow
      if (common_prefix(r.hash, d.hash) >= kShortIdDigits) return false;
    }
    return true;
  }
  // Stakeholders, consent, overrides, kinds this build does not know: no
  // item, answer or phase changes.
  apply(s, e);
  return true;
}

}  // namespace interlink::process
