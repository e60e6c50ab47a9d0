// interlink completion bash|zsh|fish: print a completion script made from the
// CLI11 app itself (man/interlink-completion.1), so that every command and
// option the binary has is completed and none it lacks.
#include <iostream>
#include <memory>

#include "catalogue/templates.hpp"
#include "commands.hpp"
#include "completion_scripts.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace completion_cmd {
namespace {

namespace cp = completion;

// "WHEN:{auto,always,never}" -> {auto, always, never}: CLI11 appends an
// IsMember check's set to the type name.
std::vector<std::string> choices_of(const std::string& type_name) {
  std::vector<std::string> out;
  auto open = type_name.find('{');
  auto close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return out;
  for (std::string_view item : text::split(std::string_view(type_name).substr(open + 1, close - open - 1), ',')) {
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

cp::ValueKind kind_of(const CLI::Option& o, const std::vector<std::string>& choices) {
  if (o.get_expected_max() == 0) return cp::ValueKind::none;  // a flag
  if (!choices.empty()) return cp::ValueKind::choice;
  std::string t = o.get_type_name();
  if (t.find("NAME|PATH") != std::string::npos) return cp::ValueKind::template_;
  if (t.find("DIR") != std::string::npos) return cp::ValueKind::dir;
  if (t.find("FILE") != std::string::npos || t.find("PATH") != std::string::npos ||
      t.find("LEDGER") != std::string::npos) {
    return cp::ValueKind::file;
  }
  return cp::ValueKind::text;
}

cp::Command describe(const CLI::App& app) {
  cp::Command c;
  c.name = app.get_name();
  c.description = app.get_description();
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_group().empty()) continue;  // hidden
    std::vector<std::string> choices = choices_of(o->get_type_name());
    if (const auto* remembered = remembered_choices(o); choices.empty() && remembered) choices = *remembered;
    if (o->get_positional()) {
      c.positionals.push_back({o->get_name(true), kind_of(*o, choices), o->get_items_expected_max() > 1, choices});
      continue;
    }
    cp::Opt opt;
    for (const auto& s : o->get_snames()) opt.names.push_back("-" + s);
    for (const auto& l : o->get_lnames()) opt.names.push_back("--" + l);
    opt.description = o->get_description();
    opt.kind = kind_of(*o, choices);
    std::string t = o->get_type_name();
    opt.value_name = t.substr(0, t.find(':'));
    opt.choices = choices;
    if (opt.kind == cp::ValueKind::template_) {
      for (const auto& tpl : catalogue::list_templates()) opt.choices.push_back(tpl.name);
    }
    c.opts.push_back(std::move(opt));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    c.subcommands.push_back(describe(*sub));
  }
  return c;
}

int run_completion(const std::string& shell, const CLI::App& root) {
  cp::Command program = describe(root);
  program.name.clear();
  if (shell == "bash") std::cout << cp::bash_script(program);
  if (shell == "zsh") std::cout << cp::zsh_script(program);
  if (shell == "fish") std::cout << cp::fish_script(program);
  return 0;
}

}  // namespace
}  // namespace completion_cmd

void register_completion(CLI::App& app, Globals& g) {
  using namespace completion_cmd;
  auto shell = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("completion", "Print a shell completion script for bash, zsh or fish");
  sub->add_option("SHELL", *shell, "The shell: bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}))
      ->type_name("SHELL");
  sub->callback([shell, sub, &g] { g.exit_code = run_completion(*shell, *sub->get_parent()); });
}

}  // namespace interlink::cli
