// See gates.hpp. Each condition of a gate becomes one Condition with its
// numbers, so that a refusal can list every unmet one and an override can
// record them (gate.overridden's "unmet").
#include "process/gates.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "process/graph.hpp"
#include "process/progress.hpp"

namespace interlink::process {

std::vector<const model::Stakeholder*> Context::current() const {
  std::vector<const model::Stakeholder*> out;
  const auto& records = state.stakeholders.all();  // every one is looked up: decoded once
  for (const auto& s : stakeholders) {
    auto it = records.find(s.id);
    if (it != records.end() && it->second.status != "current") continue;
    out.push_back(&s);
  }
  return out;
}

const char* transition_name(Transition t) {
  switch (t) {
    case Transition::start:
      return "start";
    case Transition::complete:
      return "complete";
    case Transition::reopen:
      return "reopen";
  }
  return "start";
}

bool GateCheck::allowed() const {
  return impossible.empty() &&
         std::all_of(conditions.begin(), conditions.end(), [](const Condition& c) { return c.met; });
}

std::vector<Condition> GateCheck::unmet() const {
  std::vector<Condition> out;
  for (const auto& c : conditions)
    if (!c.met) out.push_back(c);
  return out;
}

long feedback_count(const State& s, const std::string& phase, int iteration) {
  auto it = s.feedback_counts.find({phase, iteration});
  return it == s.feedback_counts.end() ? 0 : it->second;
}

long approved_decisions(const State& s, const std::string& phase, int iteration) {
  auto it = s.approved_counts.find({phase, iteration});
  return it == s.approved_counts.end() ? 0 : it->second;
}

namespace {

Condition count(std::string name, std::string what, long have, long need) {
  return {std::move(name), have >= need, have, need, fmt::format("{}: have {}, need {}", what, have, need)};
}

void add_gate(const Context& ctx, const model::Phase& ph, const model::Gate& g, int iteration,
              std::vector<Condition>& out) {
  const auto current = ctx.current();
  if (g.stakeholders_min) {
    out.push_back(count("stakeholders", "stakeholders", static_cast<long>(current.size()), *g.stakeholders_min));
  }
  // Named pairs, not structured bindings, in loops whose lambdas use them:
  // clang 14 (the fuzz build) cannot capture a structured binding.
  for (const auto& entry : g.sectors_min) {
    const auto& [sector, n] = entry;
    const std::string& want = entry.first;
    long have = std::count_if(current.begin(), current.end(), [&](const auto* s) { return s->sector == want; });
    out.push_back(count("sector " + sector, fmt::format("stakeholders of sector '{}'", sector), have, n));
  }
  for (const auto& entry : g.roles_min) {
    const auto& [role, n] = entry;
    const std::string& want = entry.first;
    long have = std::count_if(current.begin(), current.end(), [&](const auto* s) { return s->role == want; });
    out.push_back(count("role " + role, fmt::format("stakeholders with role '{}'", role), have, n));
  }
  if (g.consent_all) {
    long persons = 0, given = 0;
    for (const auto* s : current) {
      if (s->kind != "person") continue;
      ++persons;
      given += s->consent.status == "given" ? 1 : 0;
    }
    out.push_back({"consent", given == persons, given, persons,
                   fmt::format("persons who gave consent: have {}, need all {}", given, persons)});
  }
  if (g.tasks_required) {
    PhaseProgress pr = phase_progress(ph, ctx.state);
    out.push_back(count("tasks", "required tasks done", pr.done, pr.total));
  }
  if (g.decisions_min) {
    out.push_back(count("decisions", fmt::format("approved decisions in iteration {}", iteration),
                        approved_decisions(ctx.state, ph.id, iteration), *g.decisions_min));
  }
  if (g.feedback_min) {
    out.push_back(count("feedback", fmt::format("feedback items in iteration {}", iteration),
                        feedback_count(ctx.state, ph.id, iteration), *g.feedback_min));
  }
}

}  // namespace

GateCheck check_transition(const Context& ctx, const model::Phase& ph, Transition t) {
  GateCheck c;
  c.phase = ph.id;
  c.transition = t;
  const std::string status = ctx.state.phase_status(ph.id);
  const int iteration = ctx.state.phase_iteration(ph.id);
  switch (t) {
    case Transition::start:
      if (status == "active") {
        c.impossible = fmt::format("phase '{}' is already active (iteration {})", ph.id, iteration);
      } else if (status == "done") {
        c.impossible =
            fmt::format("phase '{}' is done; start a new iteration with 'run-phase {} --reopen'", ph.id, ph.id);
      }
      break;
    case Transition::complete:
      if (status != "active") {
        c.impossible =
            fmt::format("phase '{}' is {}, not active: only an active phase can be completed", ph.id, status);
      }
      break;
    case Transition::reopen:
      if (status != "done") {
        c.impossible = fmt::format("phase '{}' is {}: only a done phase can be reopened", ph.id, status);
      }
      break;
  }
  if (t == Transition::complete) {
    add_gate(ctx, ph, ph.exit, std::max(iteration, 1), c.conditions);
    return c;
  }
  for (const auto& r : prerequisites(ph, ctx.state)) {
    c.conditions.push_back({"requires " + r.id, r.met, r.met ? 1 : 0, 1,
                            r.met ? fmt::format("required phase '{}' is done", r.id)
                                  : fmt::format("required phase '{}' is {}, not done", r.id, r.status)});
  }
  add_gate(ctx, ph, ph.entry, t == Transition::reopen ? iteration + 1 : 1, c.conditions);
  return c;
}

}  // namespace interlink::process
