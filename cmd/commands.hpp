// The one list of the binary's commands, in help order. Each command lives in
// cmd/<name>.cpp and exposes register_<name>(), which adds its subcommand,
// options and callback to the app. The callback sets Globals::exit_code.
#pragma once

#include <string_view>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace interlink::cli {

using Register = void (*)(CLI::App& app, Globals& g);

void register_init(CLI::App&, Globals&);
void register_templates(CLI::App&, Globals&);
void register_add_stakeholder(CLI::App&, Globals&);
void register_stakeholders(CLI::App&, Globals&);
void register_stakeholder(CLI::App&, Globals&);
void register_forget(CLI::App&, Globals&);
void register_report(CLI::App&, Globals&);
void register_portfolio(CLI::App&, Globals&);
void register_validate(CLI::App&, Globals&);
void register_log(CLI::App&, Globals&);
void register_verify(CLI::App&, Globals&);
void register_ledger(CLI::App&, Globals&);
void register_git_setup(CLI::App&, Globals&);
void register_catalogue(CLI::App&, Globals&);
void register_completion(CLI::App&, Globals&);
void register_run_phase(CLI::App&, Globals&);
void register_status(CLI::App&, Globals&);
void register_task(CLI::App&, Globals&);
void register_tasks(CLI::App&, Globals&);
void register_feedback(CLI::App&, Globals&);
void register_decide(CLI::App&, Globals&);
void register_decisions(CLI::App&, Globals&);
void register_trace(CLI::App&, Globals&);

// One command: its name as typed, and its register function. `whole`: it
// needs every other command registered beside it (completion walks them all).
struct Command {
  const char* name;
  Register add;
  bool whole = false;
};

// Help order: the design card's commands first. cli.test_docs holds each name
// to the subcommand its function registers.
inline constexpr Command kCommands[] = {
    {"init", register_init},
    {"templates", register_templates},
    {"add-stakeholder", register_add_stakeholder},
    {"run-phase", register_run_phase},
    {"status", register_status},
    {"task", register_task},
    {"tasks", register_tasks},
    {"feedback", register_feedback},
    {"decide", register_decide},
    {"decisions", register_decisions},
    {"trace", register_trace},
    {"report", register_report},
    {"portfolio", register_portfolio},
    {"stakeholders", register_stakeholders},
    {"stakeholder", register_stakeholder},
    {"forget", register_forget},
    {"validate", register_validate},
    {"log", register_log},
    {"verify", register_verify},
    {"catalogue", register_catalogue},
    {"ledger", register_ledger},
    {"git-setup", register_git_setup},
    {"completion", register_completion, true},
};

// Builds the command-line interface: every command, or only the one named
// `only` (see named_command in app.cpp).
void build_app(CLI::App& app, Globals& g, std::string_view only = {});

}  // namespace interlink::cli
