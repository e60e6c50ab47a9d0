// See state.hpp. apply() folds one event; replay.cpp chooses the order in
// which a ledger's events are folded.
#include "process/state.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "process/decision.hpp"
#include "process/ids.hpp"
#include "util/error.hpp"

namespace interlink::process {

namespace kinds = ledger::kinds;
using ledger::Json;

namespace {

// Lenient readers: a verified ledger may still hold a payload written by
// hand or by a newer version; a missing or mistyped field reads as empty.
std::string str(const Json& p, const char* key) {
  auto it = p.find(key);
  return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// An integer that fits a long long: an unsigned one past it (a canonical
// payload may hold up to 2^64 - 1) reads as the fallback, never wrapped
// around to a negative number.
long long num(const Json& p, const char* key, long long fallback = 0) {
  auto it = p.find(key);
  if (it == p.end() || !it->is_number_integer()) return fallback;
  if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(LLONG_MAX)) return fallback;
  return it->get<long long>();
}

int small(const Json& p, const char* key, int fallback = 0) {
  long long v = num(p, key, fallback);
  return v < 0 || v > 1'000'000'000 ? fallback : static_cast<int>(v);
}

// A decision's count: 0 to kMaxVotes, as `decide` records them; anything
// else (validate reports it, rule out-of-range or wrong-type) reads as 0.
int votes(const Json& p, const char* key) {
  long long v = num(p, key, 0);
  return is_vote_count(v) ? static_cast<int>(v) : 0;
}

std::vector<std::string> strings(const Json& p, const char* key) {
  std::vector<std::string> out;
  auto it = p.find(key);
  if (it == p.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::vector<Evidence> evidence_of(const Json& p) {
  std::vector<Evidence> out;
  auto it = p.find("evidence");
  if (it == p.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (!v.is_object()) continue;
    out.push_back({str(v, "path"), num(v, "size"), str(v, "sha256"), str(v, "url")});
  }
  return out;
}

void apply_phase(State& s, const ledger::Event& e) {
  PhaseState& ph = s.phases[e.subject];
  ph.id = e.subject;
  const Json& p = e.payload;
  // A gate.overridden event of this phase just before marks the transition forced.
  auto forced = [&](const char* transition) {
    return !s.overrides.empty() && s.overrides.back().phase == e.subject &&
           s.overrides.back().transition == transition && s.overrides.back().iteration == ph.iteration + 1;
  };
  if (e.kind == kinds::phase_started || e.kind == kinds::phase_reopened) {
    int n = small(p, "iteration", ph.iteration + 1);
    bool was_forced = forced("start");
    ph.status = "active";
    ph.iteration = std::max(n, 1);
    ph.iterations.push_back({ph.iteration, e.time, {}, was_forced, false});
  } else if (e.kind == kinds::phase_completed) {
    // The completion of an earlier iteration, replayed after the reopening
    // of a later one: only a merge of two branches orders events so (one
    // completed iteration 1 and reopened; the other, unaware, completed
    // iteration 1 later). It closed an iteration already closed: the later
    // one stays open, as validate's conflicting-transition says.
    if (const int n = small(p, "iteration", ph.iteration); n < ph.iteration) return;
    ph.status = "done";
    if (ph.iterations.empty()) ph.iterations.push_back({std::max(ph.iteration, 1), {}, {}, false, false});
    const auto& o = s.overrides;
    ph.iterations.back().completed = e.time;
    ph.iterations.back().forced_complete = !o.empty() && o.back().phase == e.subject &&
                                           o.back().transition == "complete" && o.back().iteration == ph.iteration;
    if (ph.iteration == 0) ph.iteration = 1;
  }
}

void apply_task(State& s, const ledger::Event& e) {
  TaskState& t = s.tasks[e.subject];
  t.id = e.subject;
  const Json& p = e.payload;
  t.phase = str(p, "phase");
  const int iteration = small(p, "iteration", 1);
  // A move of another iteration leaves the answer of this one's done.
  if (iteration != t.iteration && t.status == "done" && !t.addresses.empty()) {
    t.earlier_answers.push_back({t.iteration, t.finished, t.actor, std::move(t.addresses)});
    t.addresses.clear();
  }
  t.iteration = iteration;
  t.actor = e.actor;
  t.event = e.hash;
  t.note = str(p, "note");
  if (e.kind == kinds::task_started || e.kind == kinds::task_reopened) {
    t.status = "active";
    t.started = e.time;
    t.finished.clear();
    t.reason.clear();
    t.evidence.clear();
    t.addresses.clear();
  } else if (e.kind == kinds::task_done) {
    t.status = "done";
    t.finished = e.time;
    t.evidence = evidence_of(p);
    t.addresses = strings(p, "addresses");
  } else if (e.kind == kinds::task_skipped) {
    t.status = "skipped";
    t.finished = e.time;
    t.reason = str(p, "reason");
  }
}

}  // namespace

std::vector<TaskAnswer> TaskState::answers() const {
  std::vector<TaskAnswer> out = earlier_answers;
  if (status == "done" && !addresses.empty()) out.push_back({iteration, finished, actor, addresses});
  return out;
}

std::string PhaseState::first_started() const {
  return iterations.empty() ? std::string() : iterations.front().started;
}

std::string PhaseState::last_completed() const {
  return iterations.empty() || status != "done" ? std::string() : iterations.back().completed;
}

void apply(State& s, const ledger::Event& e) {
  if (s.refs) s.refs->note(e.kind, e.subject);
  ++s.events;
  s.last_time = std::max(s.last_time, e.time);
  const Json& p = e.payload;
  const std::string& k = e.kind;
  if (k == kinds::stakeholder_added) {
    auto& r = s.stakeholders[e.subject];
    r.id = e.subject;
    r.status = kinds::stakeholder_status_after(r.status, k);
    r.consent = str(p, "consent");
    r.joined = e.time;
    r.sector = str(p, "sector");
  } else if (k == kinds::stakeholder_updated) {
    if (p.contains("sector")) {
      auto& r = s.stakeholders[e.subject];
      r.id = e.subject;
      r.sector = str(p, "sector");
    }
  } else if (k == kinds::stakeholder_removed || k == kinds::stakeholder_erased) {
    auto& r = s.stakeholders[e.subject];
    r.id = e.subject;
    // An erased person stays erased even if a later removal is recorded.
    r.status = kinds::stakeholder_status_after(r.status, k);
  } else if (k == kinds::consent_recorded) {
    auto& r = s.stakeholders[e.subject];
    r.id = e.subject;
    r.consent = str(p, "status");
  } else if (k == kinds::phase_started || k == kinds::phase_completed || k == kinds::phase_reopened) {
    apply_phase(s, e);
  } else if (k == kinds::gate_overridden) {
    Override o{e.hash, e.time,          e.actor, e.subject, str(p, "transition"), small(p, "iteration", 1),
               {},     str(p, "reason")};
    if (auto it = p.find("unmet"); it != p.end() && it->is_array()) {
      for (const auto& u : *it) {
        if (!u.is_object()) continue;
        o.unmet.push_back({str(u, "condition"), num(u, "have"), num(u, "need")});
      }
    }
    s.overrides.push_back(std::move(o));
  } else if (kinds::is_task_move(k)) {
    apply_task(s, e);
  } else if (k == kinds::feedback_recorded) {
    const std::string phase = str(p, "phase");
    ++s.feedback_counts[{phase, small(p, "iteration", 1)}];
    ++s.feedback_total;
    if (s.digest) {  // a lean replay: what validate needs, not the item
      s.digest->add_feedback(phase, e.subject, e.hash);
      return;
    }
    if (!s.keep_items) return;
    s.feedback.push_back(feedback_of(e));
  } else if (k == kinds::decision_recorded) {
    if (str(p, "outcome") == "approved") ++s.approved_counts[{e.subject, small(p, "iteration", 1)}];
    ++s.decisions_total;
    if (s.digest) {
      s.digest->add_decision(e.subject);
      return;
    }
    if (!s.keep_items) return;
    s.decisions.push_back(decision_of(e));
  }
}

Feedback feedback_of(const ledger::Event& e) {
  const Json& p = e.payload;
  Feedback f;
  f.hash = e.hash;
  f.time = e.time;
  f.actor = e.actor;
  f.from = e.subject;
  f.phase = str(p, "phase");
  f.iteration = small(p, "iteration", 1);
  f.type = str(p, "type");
  f.text = str(p, "text");
  f.tags = strings(p, "tags");
  return f;
}

Decision decision_of(const ledger::Event& e) {
  const Json& p = e.payload;
  Decision d;
  d.hash = e.hash;
  d.time = e.time;
  d.actor = e.actor;
  d.phase = e.subject;
  d.title = str(p, "title");
  d.iteration = small(p, "iteration", 1);
  d.votes_for = votes(p, "for");
  d.votes_against = votes(p, "against");
  d.votes_abstain = votes(p, "abstain");
  d.eligible = votes(p, "eligible");
  d.needed = votes(p, "needed");
  d.rule = str(p, "rule");
  d.threshold = str(p, "threshold");
  d.quorum = str(p, "quorum");
  d.outcome = str(p, "outcome");
  d.addresses = strings(p, "addresses");
  d.review = str(p, "review");
  d.note = str(p, "note");
  return d;
}

void assign_ids(State& s) {
  std::vector<std::string> fb, dc;
  for (const auto& f : s.feedback) fb.push_back(f.hash);
  for (const auto& d : s.decisions) dc.push_back(d.hash);
  auto fb_ids = short_ids(fb);
  auto dc_ids = short_ids(dc);
  for (std::size_t i = 0; i < s.feedback.size(); ++i) s.feedback[i].id = "fb-" + fb_ids[i];
  for (std::size_t i = 0; i < s.decisions.size(); ++i) s.decisions[i].id = "dc-" + dc_ids[i];
}

namespace {

template <typename T>
const T* find_by_id(const std::vector<T>& items, const std::string& id_or_prefix, const char* what) {
  const T* found = nullptr;
  std::vector<std::string> candidates;
  for (const auto& it : items) {
    // Accept the shown id, a prefix of it, or a longer prefix of the hash.
    // "fb-" alone is a prefix too (man interlink-feedback(1): any unique
    // prefix): the item when there is one, else ambiguous, like "fb-3".
    const std::string prefix = it.id.substr(0, 3);
    if (id_or_prefix.rfind(prefix, 0) != 0 || id_or_prefix.size() < 3) continue;
    const std::string digits = id_or_prefix.substr(3);
    if (it.hash.rfind(digits, 0) == 0) {
      found = &it;
      candidates.push_back(it.id);
    }
  }
  if (candidates.size() > 1) refuse_ambiguous(what, id_or_prefix, std::move(candidates));
  return found;
}

}  // namespace

const Feedback* State::find_feedback(const std::string& id) const { return find_by_id(feedback, id, "feedback"); }
const Decision* State::find_decision(const std::string& id) const { return find_by_id(decisions, id, "decision"); }

std::string State::phase_status(const std::string& id) const {
  auto it = phases.find(id);
  return it == phases.end() ? "pending" : it->second.status;
}

int State::phase_iteration(const std::string& id) const {
  auto it = phases.find(id);
  return it == phases.end() ? 0 : it->second.iteration;
}

int State::recording_iteration(const std::string& id) const {
  const int it = phase_iteration(id);
  return phase_status(id) == "active" ? std::max(it, 1) : it + 1;
}

std::string State::task_status(const std::string& id) const {
  auto it = tasks.find(id);
  if (it == tasks.end()) return "pending";
  // A task moved in an earlier iteration of its phase starts again pending
  // when the phase is reopened: tasks count per iteration.
  if (it->second.iteration < phase_iteration(it->second.phase)) return "pending";
  return it->second.status;
}

}  // namespace interlink::process
