// The one list of the binary's commands, in help order. Each command lives in
// cmd/<name>.cpp and exposes register_<name>(), which adds its subcommand,
// options and callback to the app. The callback sets Globals::exit_code.
#pragma once

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

// Help order: the design card's commands first.
inline constexpr Register kCommands[] = {
    register_init,      register_templates,    register_add_stakeholder, register_run_phase,
    register_status,    register_task,         register_tasks,           register_feedback,
    register_decide,    register_decisions,    register_trace,           register_report,
    register_portfolio, register_stakeholders, register_stakeholder,     register_forget,
    register_validate,  register_log,          register_verify,          register_catalogue,
    register_ledger,    register_git_setup,    register_completion,
};

// Builds the whole command-line interface (used by main and by completion).
void build_app(CLI::App& app, Globals& g);

}  // namespace interlink::cli
