// What every command's front end shares: the global options (SPEC §3), the
// output streams, and small helpers to find the project and the actor.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
class Validator;
}  // namespace CLI

namespace interlink::cli {

struct Globals {
  std::string dir;           // -C DIR
  std::string actor;         // --actor NAME
  bool actor_given = false;  // --actor was given, even as "" (refused then, not replaced)
  std::string color = "auto";
  bool quiet = false;
  int exit_code = 0;  // set by the command that ran
};

// The project root: -C DIR if given (it must hold interlink.yaml), else the
// nearest folder upward from the working directory holding interlink.yaml.
// Throws Error(unreadable) with a hint when there is none.
std::filesystem::path project_root(const Globals& g);

// --actor, else $INTERLINK_ACTOR, else git's user.name, else $USER, else "unknown";
// refused (exit 2) if ledger::check_actor refuses it. A command that will
// record an event (records: not a --dry-run) is also reminded, once a run,
// when this clone has no merge driver for ledger.db (ledger::merge_driver_missing).
std::string actor(const Globals& g, bool records = true);

// True when colour should be used on stream fd (--color, NO_COLOR, TERM=dumb, isatty).
bool use_color(const Globals& g, int fd);

// A check for an option whose value is one of a closed list (an enum): any
// other value is a usage error (exit 2, SPEC §3) worded the same in every
// command: "unknown <what> 'xx'; did you mean 'x'?; expected one of: a, b".
// Use it for every enum-valued option, so that a malformed value is never
// left to the library (which would refuse it with exit 1):
//   sub->add_option("--type", o->type, "...")->check(choice_check("type", vocab::feedback_types));
CLI::Validator choice_check(const std::string& what, std::vector<std::string> choices);

// Refuses (exit 2) a text value that is empty or only blanks, e.g.
// "--title: the title is empty": an option given must say something, not
// fall back silently on its default (or be written as "  ").
CLI::Validator not_blank(const std::string& what);

// Adds an enum-valued option (flags such as "--sector") storing into target,
// checked by choice_check(what, choices); the help text ends with the choices.
CLI::Option* add_choice_option(CLI::App* sub, const std::string& flags, std::string& target, const std::string& what,
                               const std::vector<std::string>& choices, const std::string& help,
                               const std::string& type_name);

// The values an option takes, for the completion scripts (cmd/completion.cpp,
// man interlink-completion(1)): add_choice_option remembers them; an option
// whose value the library checks (add-stakeholder --sector, whose CSV column
// is checked the same way) is given them with remember_choices. nullptr for
// an option given none.
void remember_choices(const CLI::Option* option, std::vector<std::string> choices);
const std::vector<std::string>* remembered_choices(const CLI::Option* option);

// Adds --format FORMAT: add_choice_option for the output format.
CLI::Option* add_format_option(CLI::App* sub, std::string& target, const std::vector<std::string>& choices,
                               const std::string& help);

// The whole text of an input file named on the command line: "-" is standard
// input; any readable file will do (a regular file, /dev/stdin, a shell's
// <(...)). Refused (exit 2) when missing, a folder, or larger than 64 MiB.
std::string read_input_file(const std::string& from);
// How messages name that input: "<stdin>" for "-", else the path as given.
std::string input_label(const std::string& from);

// Prints "interlink: warning: msg" to stderr unless -q.
void warn(const Globals& g, const std::string& msg);
// Prints "interlink: note: msg" to stderr unless -q: something the command
// left aside on purpose (not a problem, nothing to fix).
void note(const Globals& g, const std::string& msg);
// Prints a line to stdout unless -q.
void say(const Globals& g, const std::string& msg);
// Prints "interlink: warning: line" to stderr when line is not empty: what
// the commands that show the project call with io::errors_warning() of the
// files they read (io/invalid.hpp). Even with -q: it does not confirm work
// done, it says that what is shown may be wrong.
void warn_file_errors(const std::string& line);

// What -q keeps (interlink(1)): only what was asked for. A command's report
// of a change it made is a confirmation (dropped); the report of a dry run is
// what was asked for (printed, -q or not); and the ids of items the command
// just recorded under ids interlink chose (add-stakeholder, feedback add and
// import, decide) are what a script needs: under -q the command prints them
// alone, one a line, instead of its report.
// Prints msg unless -q and not a dry run.
void say_change(const Globals& g, bool dry_run, const std::string& msg);

}  // namespace interlink::cli
