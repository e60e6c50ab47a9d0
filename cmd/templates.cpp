// interlink templates: list the built-in project templates
// (man/interlink-templates.1).
#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "catalogue/templates.hpp"
#include "commands.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace templates_cmd {
namespace {

int run_templates(const std::string& format) {
  auto list = catalogue::list_templates();
  if (format == "json") {
    nlohmann::json out = {{"templates", nlohmann::json::array()}};
    for (const auto& t : list) {
      out["templates"].push_back({{"name", t.name}, {"description", t.description}, {"title", t.title}});
    }
    std::cout << out.dump(2) << '\n';
    return 0;
  }
  std::size_t width = 0;
  for (const auto& t : list) width = std::max(width, t.name.size());
  for (const auto& t : list) std::cout << fmt::format("{:<{}}  {}\n", t.name, width, t.description);
  return 0;
}

}  // namespace
}  // namespace templates_cmd

void register_templates(CLI::App& app, Globals& g) {
  using namespace templates_cmd;
  auto format = std::make_shared<std::string>("text");
  auto* sub = app.add_subcommand("templates", "List the built-in project templates");
  add_format_option(sub, *format, {"text", "json"}, "Output format: name and description, or JSON");
  sub->callback([format, &g] { g.exit_code = run_templates(*format); });
}

}  // namespace interlink::cli
