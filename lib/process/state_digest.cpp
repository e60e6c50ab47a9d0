// See state.hpp: the digests a state keeps beside its events (ItemDigest,
// what the cache stores of the items when it does not store them;
// LedgerRefs, the ids the ledger names, for validate). Apart from state.cpp,
// which folds the events.
#include <algorithm>
#include <string>
#include <string_view>

#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "process/state.hpp"

namespace interlink::process {

namespace kinds = ledger::kinds;

void ItemDigest::add_feedback(const std::string& phase, const std::string& from, const std::string& hash) {
  if (feedback_phase_seen_.insert(phase).second) feedback_phases.push_back(phase);
  if (from_seen_.insert(from).second) first_from.emplace_back(from, hash);
}

void ItemDigest::add_decision(const std::string& phase) {
  if (decision_phase_seen_.insert(phase).second) decision_phases.push_back(phase);
}

void ItemDigest::reindex() {
  feedback_phase_seen_ = {feedback_phases.begin(), feedback_phases.end()};
  decision_phase_seen_ = {decision_phases.begin(), decision_phases.end()};
  from_seen_.clear();
  for (const auto& [from, hash] : first_from) from_seen_.insert(from);
}

void LedgerRefs::note(std::string_view kind, std::string_view subject) {
  const auto& known = ledger::known_kinds();
  if (std::find(known.begin(), known.end(), kind) == known.end()) unknown_kinds.emplace(kind);
  if (kind == kinds::stakeholder_added) stakeholders[std::string(subject)] = true;
  if (kind == kinds::stakeholder_removed) stakeholders[std::string(subject)] = false;
  const bool phase = kind.rfind("phase.", 0) == 0;
  if (!phase && kind.rfind("task.", 0) != 0) return;
  auto& seen = phase ? phase_seen_ : task_seen_;
  if (seen.find(subject) != seen.end()) return;
  seen.emplace(subject);
  plan_refs.emplace_back(phase, std::string(subject));
}

void LedgerRefs::reindex() {
  phase_seen_.clear();
  task_seen_.clear();
  for (const auto& [phase, id] : plan_refs) (phase ? phase_seen_ : task_seen_).insert(id);
}

ItemDigest digest_items(const State& s) {
  if (s.digest) return *s.digest;
  ItemDigest d;
  for (const auto& f : s.feedback) d.add_feedback(f.phase, f.from, f.hash);
  for (const auto& dc : s.decisions) d.add_decision(dc.phase);
  return d;
}

}  // namespace interlink::process
