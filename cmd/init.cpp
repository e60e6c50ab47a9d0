// interlink init: create a project from a built-in template, a template
// folder or an INTERLINK platform schema folder (man/interlink-init.1).
#include <memory>
#include <regex>

#include <fmt/format.h>

#include "catalogue/init_project.hpp"
#include "commands.hpp"
#include "ledger/git.hpp"
#include "process/graph.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace init_cmd {
namespace {

struct InitOptions {
  std::string dir = ".";
  std::string source = catalogue::kDefaultTemplate;
  std::string title, id, organization, lang = "en";
};

std::string summary(const model::Project& p) {
  std::size_t objectives = 0, tasks = 0;
  for (const auto& ph : p.phases) {
    objectives += ph.objectives.size();
    for (const auto& o : ph.objectives) tasks += o.tasks.size();
  }
  return fmt::format("{} phases, {} objectives, {} tasks", p.phases.size(), objectives, tasks);
}

// A schema of the INTERLINK platform may hold prerequisites in a cycle (the
// platform never checked them): the plan is written as it is, its ids being
// the platform's, and each cycle is said, since none of its phases, objectives
// or tasks could ever start until the plan's authors break it.
void warn_cycles(const model::Project& p, const Globals& g) {
  auto each = [&](const process::Graph& graph, const char* what) {
    for (const auto& loop : graph.cycles()) {
      warn(g, fmt::format("{}s depend on each other in a cycle: {}; none of them can start until the cycle is "
                          "broken in interlink.yaml ('interlink validate' shows where)",
                          what, text::join(loop, " -> ")));
    }
  };
  each(process::phase_graph(p), "phase");
  for (const auto& ph : p.phases) each(process::objective_graph(ph), "objective");
  each(process::task_graph(p), "task");
}

int run_init(const InitOptions& o, const Globals& g) {
  catalogue::InitRequest req;
  std::filesystem::path dir = o.dir;
  if (!g.dir.empty() && dir.is_relative()) dir = std::filesystem::path(g.dir) / dir;
  req.dir = dir;
  req.source = o.source;
  req.params.id = o.id;
  req.params.title = o.title;
  req.params.organization = o.organization;
  req.params.language = o.lang;
  req.actor = actor(g);
  req.exe = ledger::self_exe();
  catalogue::InitResult res = catalogue::init_project(req);
  for (const auto& w : res.warnings) warn(g, w);
  const auto& r = res.rendered;
  if (r.origin == "schema") warn_cycles(r.project, g);
  std::string from = r.origin == "builtin"  ? fmt::format("the template '{}'", r.template_name)
                     : r.origin == "schema" ? fmt::format("the INTERLINK schema '{}'", r.template_name)
                                            : fmt::format("the template folder '{}'", r.template_name);
  say(g, fmt::format("Created project '{}' in {} from {}: {}.", r.id, dir.string(), from, summary(r.project)));
  if (res.git_configured) say(g, "Registered the ledger's diff and merge drivers in the git repository.");
  std::string cd = dir == "." ? "" : fmt::format("-C {} ", text::shell_quote(dir.string()));
  // Commands on lines of their own, so that they can be pasted as they are.
  say(g, fmt::format("Next, register the stakeholders and check the plan:\n  interlink {}add-stakeholder NAME "
                     "--sector SECTOR     (or --from-csv FILE)\n  interlink {}validate",
                     cd, cd));
  return 0;
}

}  // namespace
}  // namespace init_cmd

void register_init(CLI::App& app, Globals& g) {
  using namespace init_cmd;
  auto opts = std::make_shared<InitOptions>();
  auto* sub = app.add_subcommand(
      "init", "Create a project from a template: the plan, the folders and the ledger's first event");
  sub->add_option("DIR", opts->dir, "The project folder, created if missing (default: the current folder)")
      ->check(CLI::Validator(
          [](std::string& v) { return v.empty() ? std::string("the folder name is empty") : std::string(); }, ""))
      ->type_name("DIR");
  sub->add_option("-t,--template", opts->source,
                  "A built-in template (see 'interlink templates'), a template folder, or an INTERLINK platform "
                  "schema folder (default: interlink-default)")
      ->type_name("NAME|PATH");
  sub->add_option("--title", opts->title, "The project's title (default: the template's)")
      ->type_name("TITLE")
      ->check(not_blank("title"));
  sub->add_option("--id", opts->id, "The project's id (default: from the title if given, else the folder's name)")
      ->type_name("ID")
      ->check(not_blank("id"));
  sub->add_option("--organization", opts->organization, "The organisation that runs the project")
      ->type_name("NAME")
      ->check(not_blank("organization"));
  sub->add_option("--lang", opts->lang,
                  "The project's language; for a schema folder, the language of the names: it, es, lv or en "
                  "(default: en)")
      ->type_name("LANG")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            static const std::regex code("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
            return std::regex_match(v, code) ? std::string() : "'" + v + "' is not a language code such as en or it";
          },
          ""));
  sub->callback([opts, &g] { g.exit_code = run_init(*opts, g); });
}

}  // namespace interlink::cli
