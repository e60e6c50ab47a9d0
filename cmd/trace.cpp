// interlink trace: "you said, we did" — for each feedback item (or one), the
// tasks and decisions that answered it (man/interlink-trace.1).
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "process/load.hpp"
#include "process/trace.hpp"
#include "process/views.hpp"
#include "process_cli.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace trace_cmd {
namespace {

struct Options {
  std::string id, format = "text";
  bool open = false;
};

void print(const Options& o, const Globals& g, const std::vector<process::FeedbackRow>& rows, bool any_feedback) {
  if (o.format == "json") {
    process::print_trace_json(std::cout, rows);
    std::cout << "\n";
  } else if (rows.empty()) {
    say(g, any_feedback ? "no feedback matches" : "no feedback yet");
  } else {
    process::print_trace_text(std::cout, rows);
  }
}

int run(const Options& o, const Globals& g) {
  auto h = open_project(g);
  h.refresh_caches();  // a command that shows the project: parse caches refreshed
  if (!o.id.empty() && print_one_item(h, o.id, {.open = o.open}, [&](const auto& rows) { print(o, g, rows, true); })) {
    return 0;
  }
  auto state = process::load_state(h, true);
  const process::Feedback* only = nullptr;
  if (!o.id.empty()) {
    only = state.find_feedback(o.id);
    if (!only) refuse_unknown_feedback(o.id);
  }
  auto items = process::trace(state);
  if (only) std::erase_if(items, [&](const process::TraceItem& i) { return i.feedback != only; });
  const process::FeedbackFilter filter{.open = o.open};
  auto rows = only ? rows_of_few(h, items, state.stakeholders, filter)
                   : process::feedback_rows(items, h.stakeholders(), state.stakeholders, filter);
  warn_file_errors(h.errors_warning());
  print(o, g, rows, !state.feedback.empty());
  return 0;
}

}  // namespace
}  // namespace trace_cmd

void register_trace(CLI::App& app, Globals& g) {
  using namespace trace_cmd;
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("trace", "For each feedback item, what answered it (\"you said, we did\")");
  sub->add_option("id", o->id, "Only this feedback item (fb-…; any unique prefix)")->type_name("ID");
  sub->add_flag("--open", o->open, "Only the items nothing has answered yet");
  add_format_option(sub, o->format, {"text", "json"}, "Output format");
  sub->callback([o, &g] { g.exit_code = run(*o, g); });
}

}  // namespace interlink::cli
