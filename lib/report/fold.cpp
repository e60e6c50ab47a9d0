// See fold.hpp. TODO(process): move — process::replay replaces this.
#include "report/fold.hpp"

#include "ledger/kinds.hpp"

namespace interlink::report {

namespace {

namespace k = ledger::kinds;
using Json = ledger::Json;

std::string str(const Json& p, const char* key) {
  auto it = p.find(key);
  return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}
int num(const Json& p, const char* key, int dflt = 0) {
  auto it = p.find(key);
  return it != p.end() && it->is_number_integer() ? it->get<int>() : dflt;
}
std::vector<std::string> strs(const Json& p, const char* key) {
  std::vector<std::string> out;
  auto it = p.find(key);
  if (it == p.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

void apply_event(process::State& st, const ledger::Event& e) {
  const auto& p = e.payload;
  ++st.events;
  st.last_time = e.time;
  if (e.kind == k::phase_started || e.kind == k::phase_reopened) {
    auto& ph = st.phases[e.subject];
    ph.id = e.subject;
    ph.status = "active";
    ph.iteration = num(p, "iteration", ph.iteration + 1);
    ph.iterations.push_back({ph.iteration, e.time, "", false, false});
  } else if (e.kind == k::phase_completed) {
    auto& ph = st.phases[e.subject];
    ph.id = e.subject;
    ph.status = "done";
    if (!ph.iterations.empty()) ph.iterations.back().completed = e.time;
  } else if (e.kind == k::task_started || e.kind == k::task_done || e.kind == k::task_skipped ||
             e.kind == k::task_reopened) {
    auto& t = st.tasks[e.subject];
    t.id = e.subject;
    t.phase = str(p, "phase");
    t.iteration = num(p, "iteration", 1);
    t.actor = e.actor;
    t.event = e.hash;
    t.status = e.kind == k::task_done ? "done" : e.kind == k::task_skipped ? "skipped" : "active";
    if (e.kind == k::task_reopened) t.status = "active";
    if (e.kind == k::task_started) t.started = e.time;
    if (e.kind == k::task_done || e.kind == k::task_skipped) t.finished = e.time;
    t.note = str(p, "note");
    t.reason = str(p, "reason");
    t.addresses = strs(p, "addresses");
    t.evidence.clear();
    if (auto ev = p.find("evidence"); ev != p.end() && ev->is_array()) {
      for (const auto& x : *ev) {
        if (x.is_object()) t.evidence.push_back({str(x, "path"), num(x, "size"), str(x, "sha256"), str(x, "url")});
      }
    }
  } else if (e.kind == k::feedback_recorded) {
    st.feedback.push_back({"fb-" + e.hash.substr(0, 8), e.hash, e.time, e.actor, e.subject, str(p, "phase"),
                           num(p, "iteration", 1), str(p, "type"), str(p, "text"), strs(p, "tags")});
  } else if (e.kind == k::decision_recorded) {
    process::Decision d;
    d.id = "dc-" + e.hash.substr(0, 8);
    d.hash = e.hash;
    d.time = e.time;
    d.actor = e.actor;
    d.phase = e.subject;
    d.title = str(p, "title");
    d.iteration = num(p, "iteration", 1);
    d.votes_for = num(p, "for");
    d.votes_against = num(p, "against");
    d.votes_abstain = num(p, "abstain");
    d.eligible = num(p, "eligible");
    d.rule = str(p, "rule");
    d.threshold = str(p, "threshold");
    d.quorum = str(p, "quorum");
    d.outcome = str(p, "outcome");
    d.addresses = strs(p, "addresses");
    d.review = str(p, "review");
    d.note = str(p, "note");
    st.decisions.push_back(std::move(d));
  } else if (e.kind == k::gate_overridden) {
    process::Override o{e.hash, e.time, e.actor, e.subject, str(p, "transition"), num(p, "iteration", 1), {},
                        str(p, "reason")};
    if (auto u = p.find("unmet"); u != p.end() && u->is_array()) {
      for (const auto& x : *u) {
        if (x.is_object()) o.unmet.push_back({str(x, "condition"), std::to_string(num(x, "have")), std::to_string(num(x, "need"))});
      }
    }
    st.overrides.push_back(std::move(o));
  } else if (e.kind == k::stakeholder_added) {
    st.stakeholders[e.subject] = {e.subject, "current", str(p, "consent"), e.time};
  } else if (e.kind == k::stakeholder_removed || e.kind == k::stakeholder_erased) {
    auto& s = st.stakeholders[e.subject];
    s.id = e.subject;
    s.status = e.kind == k::stakeholder_removed ? "removed" : "erased";
  } else if (e.kind == k::consent_recorded) {
    auto& s = st.stakeholders[e.subject];
    s.id = e.subject;
    s.consent = str(p, "status");
  }
}

}  // namespace

process::State fold_ledger(const ledger::Ledger& ledger) {
  process::State st;
  ledger.for_each([&](const ledger::Event& e) { apply_event(st, e); });
  return st;
}

}  // namespace interlink::report
