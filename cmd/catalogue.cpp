// interlink catalogue — the INTERLINKERs catalogue: list (and search), show
// one, recommend for a task. Built-in entries everywhere; inside a project
// also the project's own (`interlinkers:` in interlink.yaml).
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "catalogue/interlinkers.hpp"
#include "catalogue/recommend.hpp"
#include "commands.hpp"
#include "io/project_io.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace catalogue_cmd {
namespace {

struct CatalogueOptions {
  std::string search;
  std::string id;
  std::string task;
  std::string format = "text";
};

// The project, if the command runs inside one (or -C names one).
std::optional<model::Project> current_project(const Globals& g) {
  try {
    auto root = project_root(g);
    model::Findings ignored;
    return io::read_manifest(root, ignored);
  } catch (const Error& e) {
    if (!g.dir.empty()) throw;  // -C named a folder: it must be a project
    return std::nullopt;
  }
}

std::vector<model::Interlinker> entries(const Globals& g) {
  auto p = current_project(g);
  return p ? catalogue::all_interlinkers(*p) : catalogue::builtin_interlinkers();
}

nlohmann::ordered_json to_json(const model::Interlinker& il) {
  return {{"id", il.id},         {"name", il.name},
          {"nature", il.nature}, {"description", il.description},
          {"url", il.url},       {"problem_profiles", il.problem_profiles}};
}

void print_list(const std::vector<model::Interlinker>& list, const std::string& format) {
  if (format == "json") {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& il : list) arr.push_back(to_json(il));
    std::cout << arr.dump(2) << '\n';
    return;
  }
  std::size_t w = 0;
  for (const auto& il : list) w = std::max(w, il.id.size());
  // interlink.yaml's own INTERLINKERs are project input: escaped, never obeyed.
  for (const auto& il : list) {
    std::cout << fmt::format("{:<{}}  {:<9}  {}\n", text::printable(il.id), w, text::printable(il.nature),
                             text::printable(il.name));
  }
}

int run_list(const CatalogueOptions& o, const Globals& g) {
  print_list(catalogue::search(entries(g), o.search), o.format);
  return 0;
}

int run_show(const CatalogueOptions& o, const Globals& g) {
  auto all = entries(g);
  for (const auto& il : all) {
    if (il.id != o.id) continue;
    if (o.format == "json") {
      std::cout << to_json(il).dump(2) << '\n';
      return 0;
    }
    const std::string name = text::printable(il.name);
    std::cout << fmt::format("{}\n{}\n\nid:               {}\nnature:           {}\n", name,
                             std::string(name.size(), '='), text::printable(il.id), text::printable(il.nature));
    if (!il.problem_profiles.empty())
      std::cout << fmt::format("problem profiles: {}\n", text::printable(text::join(il.problem_profiles, ", ")));
    if (!il.url.empty()) std::cout << fmt::format("url:              {}\n", text::printable(il.url));
    if (!il.description.empty()) std::cout << '\n' << text::printable(il.description, true) << '\n';
    return 0;
  }
  std::vector<std::string> ids;
  for (const auto& il : all) ids.push_back(il.id);
  refuse(fmt::format("no INTERLINKER '{}'{}", o.id, text::did_you_mean(o.id, ids)),
         "run 'interlink catalogue list' to see them all");
}

int run_recommend(const CatalogueOptions& o, const Globals& g) {
  model::Findings ignored;
  auto p = io::read_manifest(project_root(g), ignored);
  auto [phase, task] = p.find_task(o.task);
  if (!task) {
    refuse(fmt::format("no task '{}' in this project{}", o.task, text::did_you_mean(o.task, p.task_ids())));
  }
  auto recs = catalogue::recommend(catalogue::all_interlinkers(p), *task);
  if (o.format == "json") {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& r : recs) {
      auto j = to_json(r.interlinker);
      j["reason"] = r.reason;
      arr.push_back(j);
    }
    std::cout << arr.dump(2) << '\n';
    return 0;
  }
  if (recs.empty()) {
    std::cout << fmt::format(
        "No INTERLINKER is recommended for task '{}': it names none and addresses no problem "
        "profile of the catalogue.\n",
        task->id);
    return 0;
  }
  std::size_t w = 0;
  for (const auto& r : recs) w = std::max(w, r.interlinker.id.size());
  for (const auto& r : recs)
    std::cout << fmt::format("{:<{}}  {}  ({})\n", text::printable(r.interlinker.id), w,
                             text::printable(r.interlinker.name), text::printable(r.reason));
  return 0;
}

}  // namespace
}  // namespace catalogue_cmd

void register_catalogue(CLI::App& app, Globals& g) {
  using namespace catalogue_cmd;
  auto o = std::make_shared<CatalogueOptions>();
  auto* cat = app.add_subcommand("catalogue", "The INTERLINKERs catalogue: list, show, recommend for a task");
  cat->require_subcommand(0, 1);
  auto add_format = [&](CLI::App* sub) { add_format_option(sub, o->format, {"text", "json"}, "Output format"); };
  auto* list = cat->add_subcommand("list", "List INTERLINKERs (the default), optionally matching --search");
  list->add_option("--search", o->search, "Only entries containing every word of TEXT")->type_name("TEXT");
  add_format(list);
  auto* show = cat->add_subcommand("show", "Show one INTERLINKER");
  show->add_option("id", o->id, "The INTERLINKER's id")->required();
  add_format(show);
  auto* rec = cat->add_subcommand("recommend", "INTERLINKERs for a task: those it names, then by problem profile");
  rec->add_option("task", o->task, "The task's id")->required();
  add_format(rec);
  cat->add_option("--search", o->search, "With no subcommand: list entries containing every word of TEXT")
      ->type_name("TEXT");
  add_format(cat);
  cat->callback([o, &g, cat, list, show, rec] {
    if (show->parsed())
      g.exit_code = run_show(*o, g);
    else if (rec->parsed())
      g.exit_code = run_recommend(*o, g);
    else
      g.exit_code = run_list(*o, g);
    (void)cat;
    (void)list;
  });
}

}  // namespace interlink::cli
