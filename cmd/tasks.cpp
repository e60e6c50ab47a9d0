// interlink tasks: the plan's tasks with their status, due date and RACI
// (man/interlink-tasks.1).
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "model/vocab.hpp"
#include "process/load.hpp"
#include "process/views.hpp"
#include "process_cli.hpp"
#include "util/error.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace tasks_cmd {
namespace {

struct Options {
  process::TaskFilter filter;
  std::string format = "text", today;
};

int run(const Options& o, const Globals& g) {
  auto h = open_project(g);
  h.refresh_caches();  // a command that shows the project: parse caches refreshed
  auto state = process::load_state(h, true, process::Detail::core);  // tasks need no item
  auto rows = process::task_rows(h.plan(), state, today_or(o.today), o.filter);
  warn_file_errors(h.errors_warning());
  if (o.format == "json") {
    std::cout << process::tasks_json(rows).dump(2) << "\n";
  } else if (o.format == "csv") {
    std::cout << process::tasks_csv(rows);
  } else if (rows.empty()) {
    say(g, "no tasks match");
  } else {
    std::cout << process::tasks_text(rows);
  }
  return 0;
}

}  // namespace
}  // namespace tasks_cmd

void register_tasks(CLI::App& app, Globals& g) {
  using namespace tasks_cmd;
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("tasks", "List the tasks with status, due date and who is responsible");
  sub->add_option("--phase", o->filter.phase, "Only the tasks of this phase")->type_name("PHASE");
  sub->add_option("--status", o->filter.status, "Only tasks with this status")
      ->check(CLI::IsMember({"pending", "active", "done", "skipped"}))
      ->type_name("STATUS");
  sub->add_option("--responsible", o->filter.responsible,
                  "Only tasks this stakeholder is responsible or accountable for")
      ->type_name("ID");
  sub->add_flag("--overdue", o->filter.overdue, "Only tasks past their due date and not done or skipped");
  sub->add_option("--today", o->today, "The date that counts as today for --overdue (default: today, UTC)")
      ->type_name("DATE");
  add_format_option(sub, o->format, {"text", "json", "csv"}, "Output format");
  sub->callback([o, &g] { g.exit_code = run(*o, g); });
}

}  // namespace interlink::cli
