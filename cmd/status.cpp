// interlink status: where the process stands, in one screen
// (man/interlink-status.1).
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "process/load.hpp"
#include "process/status.hpp"
#include "process_cli.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace status_cmd {
namespace {

struct Options {
  std::string format = "text", today;
};

int run(const Options& o, const Globals& g) {
  auto h = open_project(g);
  h.refresh_caches();  // a command that shows the project: parse caches refreshed
  h.require_readable();
  auto state = process::load_state(h, true, process::Detail::summary);
  process::Context ctx{h.plan(), h.stakeholders(), state};
  warn_file_errors(h.errors_warning());
  auto st = process::compute_status(ctx, today_or(o.today));
  if (o.format == "json") {
    std::cout << process::status_json(st).dump(2) << "\n";
  } else {
    std::cout << process::status_text(st);
  }
  return 0;
}

}  // namespace
}  // namespace status_cmd

void register_status(CLI::App& app, Globals& g) {
  using namespace status_cmd;
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("status", "Where the process stands: phases, progress, what blocks the next step");
  sub->add_option("--today", o->today, "The date that counts as today (default: today, UTC)")->type_name("DATE");
  add_format_option(sub, o->format, {"text", "json"}, "Output format");
  sub->callback([o, &g] { g.exit_code = run(*o, g); });
}

}  // namespace interlink::cli
