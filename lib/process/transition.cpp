// See actions.hpp: phase transitions (run-phase) and run-phase --auto.
#include <fmt/format.h>

#include "ledger/kinds.hpp"
#include "privacy/screen.hpp"
#include "process/actions.hpp"
#include "process/load.hpp"
#include "process/plan_check.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::process {

namespace kinds = ledger::kinds;
using ledger::Json;

namespace {

const model::Phase& find_phase(const model::Project& plan, const std::string& id) {
  if (const model::Phase* p = plan.find_phase(id)) return *p;
  refuse(
      fmt::format("unknown phase '{}'{}", text::excerpt(text::printable(id)), text::did_you_mean(id, plan.phase_ids())),
      "the phases are listed by 'interlink status'");
}

// The event a transition records, and the override before it when forced.
std::vector<ledger::NewEvent> transition_events(const GateCheck& c, const State& s, bool forced,
                                                const std::string& reason) {
  std::vector<ledger::NewEvent> out;
  const int it = s.phase_iteration(c.phase);
  const int next = c.transition == Transition::complete ? std::max(it, 1) : it + 1;
  if (forced) {
    Json unmet = Json::array();
    for (const auto& u : c.unmet()) unmet.push_back({{"condition", u.name}, {"have", u.have}, {"need", u.need}});
    out.push_back({std::string(kinds::gate_overridden),
                   c.phase,
                   {{"transition", c.transition == Transition::complete ? "complete" : "start"},
                    {"iteration", next},
                    {"unmet", unmet},
                    {"reason", reason}}});
  }
  std::string_view kind = c.transition == Transition::start      ? kinds::phase_started
                          : c.transition == Transition::complete ? kinds::phase_completed
                                                                 : kinds::phase_reopened;
  out.push_back({std::string(kind), c.phase, {{"iteration", next}}});
  return out;
}

// Applies recorded-to-be events to a state, so that --auto sees the effect
// of one transition on the next (a phase completed lets the next one start).
void simulate(State& s, const std::vector<ledger::NewEvent>& events) {
  for (const auto& ne : events) apply(s, ledger::Event{{}, {}, clock::now_iso(), {}, ne.kind, ne.subject, ne.payload});
}

}  // namespace

TransitionResult run_transition(project::Handle& h, const std::string& actor, const TransitionRequest& r) {
  // A gate is evaluated as the plan and the stakeholder files say: one with
  // an error would be read without the condition or the stakeholder that is
  // wrong (io/invalid.hpp), so it is refused, --check and --force included.
  const model::Project& plan = plan_to_move(h);
  const model::Phase& ph = find_phase(plan, r.phase);
  if (r.force) {
    if (text::has_control(r.reason)) bad_usage("--reason holds a control character");
    privacy::check_free_text("--reason", r.reason, h.person_names_in(r.reason));
  }
  TransitionResult res;
  // A dry run returns an impossible transition as its answer (check.impossible
  // set, not allowed): `run-phase --check --format json` prints it for a
  // script's `jq .allowed`; a real one refuses it.
  auto evaluate = [&](const State& s, const std::vector<model::Stakeholder>& people) {
    Context ctx{plan, people, s};
    res.check = check_transition(ctx, ph, r.transition);
    if (!res.check.impossible.empty() && !r.dry_run) refuse(res.check.impossible);
    return ctx;
  };
  if (r.dry_run) {
    State s = load_state(h, false, Detail::core);
    evaluate(s, h.require_valid_stakeholders());
    return res;
  }
  res.events = h.ledger_rw().commit(actor, [&](const ledger::Ledger& led) {
    State s = load_for_write(led, h.root());
    auto people = h.reread_valid_stakeholders();
    evaluate(s, people);
    ledger::Change change;
    if (!res.check.allowed() && !r.force) return change;
    res.forced = !res.check.allowed();
    change.events = transition_events(res.check, s, res.forced, r.reason);
    return change;
  });
  res.recorded = !res.events.empty();
  return res;
}

std::string completion_due(const model::Phase& ph) {
  // The plan's reader keeps only valid dates (io/yaml.cpp: an invalid one is
  // a finding and reads as ""), so the end parses whenever it is set. The
  // day after 9999-12-31 has no YYYY-MM-DD and no today reaches it.
  auto end = clock::parse_date(ph.end);
  if (!end || *end == clock::Date{9999, 12, 31}) return {};
  return end->next_day().str();
}

std::vector<AutoStep> run_auto(project::Handle& h, const std::string& actor, const std::string& today, bool dry_run) {
  if (!clock::parse_date(today)) bad_usage(fmt::format("'{}' is not a date (YYYY-MM-DD)", text::excerpt(today)));
  const model::Project& plan = plan_to_move(h);  // as run_transition
  std::vector<AutoStep> steps;
  auto plan_steps = [&](State s, const std::vector<model::Stakeholder>& people) {
    steps.clear();
    std::vector<ledger::NewEvent> events;
    // Each transition may enable another (a completion lets a later phase
    // start): repeat until a pass makes none, at most twice per phase.
    for (std::size_t pass = 0; pass <= 2 * plan.phases.size(); ++pass) {
      bool moved = false;
      for (const auto& ph : plan.phases) {
        const std::string st = s.phase_status(ph.id);
        Transition t;
        std::string due;
        // Due on its day or later, and the message names that day.
        if (st == "pending" && !ph.start.empty() && ph.start <= today) {
          t = Transition::start;
          due = ph.start;
        } else if (std::string end = completion_due(ph); st == "active" && !end.empty() && end <= today) {
          t = Transition::complete;
          due = std::move(end);
        } else {
          continue;
        }
        Context ctx{plan, people, s};
        GateCheck c = check_transition(ctx, ph, t);
        AutoStep step{ph.id, t, due, c, c.allowed()};
        // Keep one step per phase and transition: the latest evaluation.
        std::erase_if(steps, [&](const AutoStep& x) { return x.phase == ph.id && x.transition == t; });
        steps.push_back(step);
        if (!c.allowed()) continue;
        auto evs = transition_events(c, s, false, {});
        simulate(s, evs);
        events.insert(events.end(), evs.begin(), evs.end());
        moved = true;
      }
      if (!moved) break;
    }
    return events;
  };
  if (dry_run) {
    plan_steps(load_state(h, false, Detail::core), h.require_valid_stakeholders());
    return steps;
  }
  h.ledger_rw().commit(actor, [&](const ledger::Ledger& led) {
    ledger::Change change;
    change.events = plan_steps(load_for_write(led, h.root()), h.reread_valid_stakeholders());
    return change;
  });
  return steps;
}

}  // namespace interlink::process
