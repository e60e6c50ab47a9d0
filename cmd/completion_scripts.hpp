// Shell completion scripts, generated from a plain description of the
// command-line interface that cmd/completion.cpp reads off the CLI11 app: the
// scripts list exactly the commands and options the binary has, so they never
// go stale.
#pragma once

#include <string>
#include <vector>

namespace interlink::cli::completion {

// What a value is, for completing it.
enum class ValueKind {
  none,      // a flag: takes no value
  text,      // free text: nothing to propose
  choice,    // one of `choices`
  file,      // a path
  dir,       // a folder
  template_  // a built-in template name (listed in `choices`) or a folder
};

struct Opt {
  std::vector<std::string> names;  // "-q", "--quiet"
  std::string description;
  ValueKind kind = ValueKind::none;
  std::string value_name;  // "DIR"
  std::vector<std::string> choices;
};

struct Positional {
  std::string name;  // "DIR"
  ValueKind kind = ValueKind::file;
  bool many = false;
  std::vector<std::string> choices;  // for ValueKind::choice
};

struct Command {
  std::string name;  // "" for the program itself
  std::string description;
  std::vector<Opt> opts;
  std::vector<Positional> positionals;
  std::vector<Command> subcommands;
};

// `program` holds the global options and the commands.
std::string bash_script(const Command& program);
std::string zsh_script(const Command& program);
std::string fish_script(const Command& program);

}  // namespace interlink::cli::completion
