// interlink feedback add|import|list|show: record what stakeholders said and
// list it with what answered it (man/interlink-feedback.1).
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "model/vocab.hpp"
#include "process/actions.hpp"
#include "process/load.hpp"
#include "process/trace.hpp"
#include "process/views.hpp"
#include "process_cli.hpp"
#include "stakeholder_cli.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace feedback_cmd {
namespace {

namespace pr = process;

struct AddOptions {
  pr::FeedbackInput in;
  std::string file, format = "text";
  bool dry_run = false;
};

void print_added(const Globals& g, const std::vector<ledger::Event>& events, const AddOptions& o) {
  if (o.format == "json") {
    ledger::Json arr = ledger::Json::array();
    for (const auto& e : events) {
      ledger::Json j = o.dry_run ? ledger::Json{{"kind", e.kind}, {"subject", e.subject}, {"payload", e.payload}}
                                 : ledger::event_json(e);
      if (!o.dry_run) j["id"] = "fb-" + e.hash.substr(0, 8);
      arr.push_back(j);
    }
    std::cout << arr.dump(2) << "\n";
    return;
  }
  if (g.quiet && !o.dry_run) {  // -q: the new ids alone, one a line (context.hpp)
    for (const auto& e : events) std::cout << "fb-" << e.hash.substr(0, 8) << '\n';
    return;
  }
  if (events.size() == 1) {
    // A dry run has no id yet: the item is made by the real run's hash.
    const auto& e = events.front();
    std::cout << fmt::format(
        "{} from {} (phase '{}', {})\n",
        o.dry_run ? std::string("would record feedback") : "recorded feedback fb-" + e.hash.substr(0, 8), e.subject,
        e.payload.value("phase", ""), e.payload.value("type", ""));
  } else {
    std::cout << fmt::format("{}{} feedback item{}\n", o.dry_run ? "would record " : "recorded ", events.size(),
                             events.size() == 1 ? "" : "s");
  }
}

int run_add(const AddOptions& o, const Globals& g) {
  auto h = open_project(g);
  auto events = pr::add_feedback(h, o.dry_run ? "" : actor(g), {o.in}, "", o.dry_run);
  print_added(g, events, o);
  return 0;
}

int run_import(const AddOptions& o, const Globals& g) {
  auto h = open_project(g);
  const std::string label = input_label(o.file);
  std::string text = read_input_file(o.file);
  std::vector<ledger::Event> events;
  try {
    auto items = pr::read_feedback_csv(text, label);
    ProgressBar bar(g, "checking");
    bar.update(0, items.size());
    events = pr::add_feedback(h, o.dry_run ? "" : actor(g), items, label, o.dry_run);
    bar.update(items.size(), items.size());
  } catch (const IssuesError& e) {
    // As add-stakeholder --from-csv reports its file: every problem, then the
    // closing count (the exit status stays the issues': 2 for a malformed file).
    refuse_file(e.issues(), label, "recorded", e.status());
  }
  print_added(g, events, o);
  return 0;
}

struct ListOptions {
  pr::FeedbackFilter filter;
  std::string format = "text", id;
};

std::vector<pr::FeedbackRow> rows_of(project::Handle& h, const pr::State& state,
                                     const std::vector<pr::TraceItem>& items, const pr::FeedbackFilter& f) {
  if (!f.phase.empty() && !h.plan().find_phase(f.phase)) {
    refuse(fmt::format("unknown phase '{}'{}", text::excerpt(text::printable(f.phase)),
                       text::did_you_mean(f.phase, h.plan().phase_ids())));
  }
  return pr::feedback_rows(items, h.stakeholders(), state.stakeholders, f);
}

int run_list(const ListOptions& o, const Globals& g) {
  auto h = open_project(g);
  h.refresh_caches();  // a command that shows the project: parse caches refreshed
  auto state = pr::load_state(h, true);
  auto items = pr::trace(state);
  auto rows = rows_of(h, state, items, o.filter);
  warn_file_errors(h.errors_warning());
  if (o.format == "json") {
    pr::print_feedback_json(std::cout, rows);
    std::cout << "\n";
  } else if (o.format == "csv") {
    pr::print_feedback_csv(std::cout, rows);
  } else if (rows.empty()) {
    say(g,
        state.feedback.empty() ? "no feedback yet: record some with 'interlink feedback add'" : "no feedback matches");
  } else {
    pr::print_feedback_text(std::cout, rows);
  }
  return 0;
}

void print_one(const ListOptions& o, const pr::FeedbackRow& row) {
  if (o.format == "json") {
    std::cout << pr::feedback_item_json(row).dump(2) << "\n";
  } else {
    std::cout << pr::feedback_show_text(row);
  }
}

int run_show(const ListOptions& o, const Globals& g) {
  auto h = open_project(g);
  h.refresh_caches();  // a command that shows the project: parse caches refreshed
  if (print_one_item(h, o.id, {}, [&](const auto& rows) { print_one(o, rows.front()); })) return 0;
  auto state = pr::load_state(h, true);
  const pr::Feedback* f = state.find_feedback(o.id);
  if (!f) refuse_unknown_feedback(o.id);
  auto items = pr::trace(state);
  std::erase_if(items, [&](const pr::TraceItem& i) { return i.feedback != f; });
  auto rows = rows_of_few(h, items, state.stakeholders, {});
  warn_file_errors(h.errors_warning());
  for (const auto& row : rows) print_one(o, row);
  return 0;
}

void add_filters(CLI::App* sub, ListOptions& o) {
  sub->add_option("--phase", o.filter.phase, "Only the feedback of this phase")->type_name("PHASE");
  sub->add_option("--sector", o.filter.sector, "Only feedback from stakeholders of this sector")
      ->check(CLI::IsMember(model::vocab::sectors))
      ->type_name("SECTOR");
  sub->add_option("--type", o.filter.type, "Only feedback of this type")
      ->check(CLI::IsMember(pr::kFeedbackTypes))
      ->type_name("TYPE");
}

}  // namespace
}  // namespace feedback_cmd

void register_feedback(CLI::App& app, Globals& g) {
  using namespace feedback_cmd;
  auto* sub = app.add_subcommand("feedback", "Record what stakeholders said, and list it with what answered it");
  sub->require_subcommand(1);

  auto a = std::make_shared<AddOptions>();
  auto* add = sub->add_subcommand("add", "Record one feedback item (screened for personal data)");
  add->add_option("text", a->in.text, "What was said (enters the public record)")
      ->required()
      ->type_name("TEXT")
      ->check(not_blank("text"));
  add->add_option("--from", a->in.from, "The stakeholder who said it (a person must have given consent)")
      ->required()
      ->type_name("STAKEHOLDER");
  add->add_option("--phase", a->in.phase, "The phase it belongs to (default: the only active phase)")
      ->type_name("PHASE");
  add->add_option("--type", a->in.type, "requirement, idea, concern, question or praise (default: idea)")
      ->check(CLI::IsMember(pr::kFeedbackTypes))
      ->type_name("TYPE");
  add->add_option("--tag", a->in.tags, "A tag; repeatable")->type_name("TAG");
  add->add_flag("--dry-run", a->dry_run, "Check and print what would be recorded; write nothing");
  add_format_option(add, a->format, {"text", "json"}, "Output format");
  add->callback([a, &g] { g.exit_code = run_add(*a, g); });

  auto im = std::make_shared<AddOptions>();
  auto* imp = sub->add_subcommand("import", "Record every row of a survey export (CSV), all or nothing");
  imp->add_option("file", im->file, "The CSV file (columns from, text, type, phase, tags), or - for standard input")
      ->required()
      ->type_name("FILE");
  imp->add_flag("--dry-run", im->dry_run, "Check every row and print what would be recorded; write nothing");
  add_format_option(imp, im->format, {"text", "json"}, "Output format");
  imp->callback([im, &g] { g.exit_code = run_import(*im, g); });

  auto l = std::make_shared<ListOptions>();
  auto* list = sub->add_subcommand("list", "List the feedback items, open or answered");
  list->add_flag("--open", l->filter.open, "Only items that no done task or approved decision addresses");
  add_filters(list, *l);
  add_format_option(list, l->format, {"text", "json", "csv"}, "Output format");
  list->callback([l, &g] { g.exit_code = run_list(*l, g); });

  auto s = std::make_shared<ListOptions>();
  auto* show = sub->add_subcommand("show", "Show one feedback item and what answered it");
  show->add_option("id", s->id, "Its id (fb-…; any unique prefix)")->required()->type_name("ID");
  add_format_option(show, s->format, {"text", "json"}, "Output format");
  show->callback([s, &g] { g.exit_code = run_show(*s, g); });
}

}  // namespace interlink::cli
