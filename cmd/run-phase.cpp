// interlink run-phase: move a phase through its life — start, complete,
// reopen — when its gates hold, or forced with a recorded reason; --auto
// makes the transitions the planned dates make due (man/interlink-run-phase.1).
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "process/actions.hpp"
#include "process/status.hpp"
#include "process_cli.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace run_phase_cmd {
namespace {

namespace pr = process;

struct Options {
  std::string phase;
  bool check = false, complete = false, reopen = false, force = false, automatic = false;
  std::string reason, today, format = "text";
};

const char* past(pr::Transition t) {
  return t == pr::Transition::start ? "started" : t == pr::Transition::complete ? "completed" : "reopened";
}

int run_one(const Options& o, const Globals& g) {
  if (o.phase.empty()) bad_usage("name the phase to move, or give --auto");
  if (!o.today.empty()) bad_usage("--today goes with --auto");
  if (o.complete && o.reopen) bad_usage("--complete and --reopen exclude each other");
  if (o.force && o.reason.empty()) bad_usage("--force needs --reason TEXT: the override and its reason are recorded");
  if (!o.force && !o.reason.empty()) bad_usage("--reason goes with --force");
  if (o.check && o.force) bad_usage("--check only evaluates; it cannot --force");
  auto h = open_project(g);
  pr::TransitionRequest r{o.phase,
                          o.complete ? pr::Transition::complete
                          : o.reopen ? pr::Transition::reopen
                                     : pr::Transition::start,
                          o.force, o.reason, o.check};
  pr::TransitionResult res = pr::run_transition(h, o.check ? "" : actor(g), r);
  const auto& c = res.check;
  // Only --check gets here with an impossible transition: JSON says so
  // ("allowed": false, "impossible"); text refuses it as a real run does.
  if (!c.impossible.empty() && o.format != "json") refuse(c.impossible);
  if (o.format == "json") {
    ledger::Json j = pr::gate_json(c);
    j["recorded"] = res.recorded;
    j["forced"] = res.forced;
    j["events"] = ledger::Json::array();
    for (const auto& e : res.events) j["events"].push_back(ledger::event_json(e));
    std::cout << j.dump(2) << "\n";
  } else if (o.check) {
    std::cout << fmt::format("{} {}: {}\n", pr::transition_name(c.transition), c.phase,
                             c.allowed() ? "allowed" : "not allowed");
    print_gate(g, c);
  } else if (res.recorded) {
    if (!g.quiet) {
      std::cout << fmt::format("{} phase '{}' (iteration {})", past(c.transition), c.phase,
                               res.events.back().payload.value("iteration", 1));
      std::cout << (res.forced ? fmt::format(", overriding {} unmet condition{}:\n", c.unmet().size(),
                                             c.unmet().size() == 1 ? "" : "s")
                               : "\n");
      if (res.forced) print_gate(g, c);
    }
  } else {
    std::cerr << fmt::format("interlink: error: phase '{}' cannot {}: {} condition{} not met\n", c.phase,
                             pr::transition_name(c.transition), c.unmet().size(), c.unmet().size() == 1 ? "" : "s");
    std::cout << fmt::format("{} {}: not allowed\n", pr::transition_name(c.transition), c.phase);
    print_gate(g, c);
    std::cerr << "hint: to go ahead anyway, record the override and why: --force --reason TEXT\n";
    return 1;
  }
  return c.allowed() || res.recorded ? 0 : 1;
}

int run_auto(const Options& o, const Globals& g) {
  if (!o.phase.empty()) bad_usage("--auto moves every phase that is due; do not name a phase");
  if (o.force || o.complete || o.reopen)
    bad_usage("--auto never forces, completes or reopens on request: it follows the planned dates");
  auto h = open_project(g);
  const std::string today = today_or(o.today);
  auto steps = pr::run_auto(h, o.check ? "" : actor(g), today, o.check);
  bool blocked = false;
  ledger::Json arr = ledger::Json::array();
  std::string text;
  for (const auto& s : steps) {
    blocked |= !s.made;
    ledger::Json j = pr::gate_json(s.check);
    j["due"] = s.due;
    j["made"] = s.made && !o.check;
    arr.push_back(j);
    if (s.made) {
      text += fmt::format(
          "{} {} (due {})\n",
          o.check ? std::string("would ") + pr::transition_name(s.transition) : std::string(past(s.transition)),
          s.phase, s.due);
    } else {
      text += fmt::format("blocked: {} {} (due {})\n", pr::transition_name(s.transition), s.phase, s.due);
      text += pr::gate_lines(s.check);
    }
  }
  if (o.format == "json") {
    std::cout << ledger::Json{{"today", today}, {"steps", arr}, {"blocked", blocked}}.dump(2) << "\n";
  } else if (steps.empty()) {
    if (!g.quiet) std::cout << "nothing is due on " << today << "\n";
  } else if (!g.quiet || blocked) {
    std::cout << text;
  }
  return blocked ? 1 : 0;
}

}  // namespace
}  // namespace run_phase_cmd

void register_run_phase(CLI::App& app, Globals& g) {
  using namespace run_phase_cmd;
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("run-phase", "Start, complete or reopen a phase when its gates hold (or --auto)");
  sub->add_option("phase", o->phase, "The phase to move (its id in interlink.yaml)")->type_name("PHASE");
  sub->add_flag("--check", o->check,
                "Only evaluate the gates: exit 0 if the transition is allowed, 1 if not; write nothing");
  sub->add_flag("--complete", o->complete, "Complete the active phase (its exit gate must hold)");
  sub->add_flag("--reopen", o->reopen, "Start a new iteration of a done phase");
  sub->add_flag("--force", o->force, "Override unmet conditions; needs --reason, both recorded as gate.overridden");
  sub->add_option("--reason", o->reason, "Why the gates are overridden (enters the public record)")
      ->type_name("TEXT")
      ->check(not_blank("reason"));
  sub->add_flag("--auto", o->automatic,
                "Make every transition the planned dates make due and the gates allow; never force (for cron and CI)");
  sub->add_option("--today", o->today, "With --auto: the date that counts as today (default: today, UTC)")
      ->type_name("DATE");
  add_format_option(sub, o->format, {"text", "json"}, "Output format");
  sub->callback([o, &g] { g.exit_code = o->automatic ? run_auto(*o, g) : run_one(*o, g); });
}

}  // namespace interlink::cli
