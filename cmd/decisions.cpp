// interlink decisions: the decisions recorded, with votes, rule and outcome
// (man/interlink-decisions.1).
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "process/load.hpp"
#include "process/trace_one.hpp"
#include "process/views.hpp"
#include "process_cli.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace decisions_cmd {
namespace {

struct Options {
  std::string phase, format = "text";
};

int run(const Options& o, const Globals& g) {
  auto h = open_project(g);
  h.refresh_caches();  // a command that shows the project: parse caches refreshed
  if (!o.phase.empty() && !h.plan().find_phase(o.phase)) {
    refuse(fmt::format("unknown phase '{}'{}", text::excerpt(text::printable(o.phase)),
                       text::did_you_mean(o.phase, h.plan().phase_ids())));
  }
  // The decisions alone when that gives them as the state does (process/trace_one.hpp).
  auto state = process::load_state(h, true, process::Detail::core);
  if (auto alone = process::decisions_alone(h.ledger(), state)) {
    state.decisions = std::move(*alone);
  } else {
    state = process::load_state(h, true);
  }
  auto rows = process::decision_rows(state, o.phase);
  warn_file_errors(h.errors_warning());  // the plan's, when --phase read it; the rows are the ledger's
  if (o.format == "json") {
    std::cout << process::decisions_json(rows).dump(2) << "\n";
  } else if (o.format == "csv") {
    std::cout << process::decisions_csv(rows);
  } else if (rows.empty()) {
    say(g, "no decisions recorded");
  } else {
    std::cout << process::decisions_text(rows);
  }
  return 0;
}

}  // namespace
}  // namespace decisions_cmd

void register_decisions(CLI::App& app, Globals& g) {
  using namespace decisions_cmd;
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("decisions", "List the decisions with their votes, rule and outcome");
  sub->add_option("--phase", o->phase, "Only the decisions of this phase")->type_name("PHASE");
  add_format_option(sub, o->format, {"text", "json", "csv"}, "Output format");
  sub->callback([o, &g] { g.exit_code = run(*o, g); });
}

}  // namespace interlink::cli
