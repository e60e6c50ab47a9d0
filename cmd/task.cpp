// interlink task start|done|skip|reopen: move one task of an active phase,
// with its evidence and the feedback it addresses (man/interlink-task.1).
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "process/actions.hpp"
#include "process_cli.hpp"
#include "util/error.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace task_cmd {
namespace {

struct Options {
  std::string task, note, reason, format = "text";
  std::vector<std::string> evidence, addresses;
  bool dry_run = false;
};

int run(const std::string& action, const Options& o, const Globals& g) {
  auto h = open_project(g);
  process::TaskMove m{o.task, action, o.evidence, o.addresses, o.note, o.reason, o.dry_run};
  auto e = process::move_task(h, o.dry_run ? "" : actor(g), m);
  if (o.format == "json") {
    std::cout << (o.dry_run ? ledger::Json{{"kind", e.kind}, {"subject", e.subject}, {"payload", e.payload}}
                            : ledger::event_json(e))
                     .dump(2)
              << "\n";
  } else if (!g.quiet || o.dry_run) {  // a dry run's report is what was asked for, -q or not
    const char* verb = action == "start"  ? "started"
                       : action == "done" ? "done"
                       : action == "skip" ? "skipped"
                                          : "reopened";
    std::cout << fmt::format("{}task '{}' {} (phase '{}', iteration {})", o.dry_run ? "would record: " : "", o.task,
                             verb, e.payload.value("phase", ""), e.payload.value("iteration", 1));
    if (auto ev = e.payload.find("evidence"); ev != e.payload.end())
      std::cout << fmt::format(", {} piece{} of evidence", ev->size(), ev->size() == 1 ? "" : "s");
    if (auto ad = e.payload.find("addresses"); ad != e.payload.end())
      std::cout << fmt::format(", addressing {} feedback item{}", ad->size(), ad->size() == 1 ? "" : "s");
    std::cout << "\n";
  }
  return 0;
}

void add_move(CLI::App* parent, Globals& g, const std::string& action, const std::string& help) {
  auto o = std::make_shared<Options>();
  auto* sub = parent->add_subcommand(action, help);
  sub->add_option("task", o->task, "The task (its id in interlink.yaml)")->required()->type_name("TASK");
  sub->add_option("--note", o->note, "A note recorded with the move (enters the public record)")->type_name("TEXT");
  if (action == "skip") {
    sub->add_option("--reason", o->reason, "Why the task is skipped (required)")
        ->required()
        ->type_name("TEXT")
        ->check(not_blank("reason"));
  }
  if (action != "skip") {
    sub->add_option("--evidence", o->evidence,
                    "A file inside the project (hashed into the ledger) or a URL; repeatable")
        ->type_name("PATH|URL");
  }
  if (action == "done") {
    sub->add_option("--addresses", o->addresses, "A feedback item this task answers (fb-…); repeatable")
        ->type_name("ID");
  }
  sub->add_flag("--dry-run", o->dry_run, "Check and print what would be recorded; write nothing");
  add_format_option(sub, o->format, {"text", "json"}, "Output format");
  sub->callback([o, &g, action] { g.exit_code = run(action, *o, g); });
}

}  // namespace
}  // namespace task_cmd

void register_task(CLI::App& app, Globals& g) {
  using namespace task_cmd;
  auto* sub = app.add_subcommand("task", "Start, finish, skip or reopen a task of an active phase");
  sub->require_subcommand(1);
  add_move(sub, g, "start", "Start a task (its phase active, the tasks it requires done or skipped)");
  add_move(sub, g, "done", "Record a task done, with its evidence and the feedback it answers");
  add_move(sub, g, "skip", "Skip a task, saying why (--reason)");
  add_move(sub, g, "reopen", "Reopen a done or skipped task");
}

}  // namespace interlink::cli
