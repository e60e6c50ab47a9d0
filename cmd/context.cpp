// See context.hpp.
#include "context.hpp"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string_view>

#include <CLI/CLI.hpp>

#include "ledger/git.hpp"
#include "ledger/ledger.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/git_config.hpp"
#include "util/text.hpp"

namespace interlink::cli {

namespace stdfs = std::filesystem;

stdfs::path project_root(const Globals& g) {
  std::error_code ec;
  if (!g.dir.empty()) {
    stdfs::path d = g.dir;
    if (!stdfs::is_directory(d, ec)) {
      unreadable((stdfs::exists(d, ec) ? "not a folder: " : "no such folder: ") + g.dir);
    }
    if (!stdfs::exists(d / "interlink.yaml", ec)) {
      unreadable("not an interlink project (no interlink.yaml): " + g.dir, {},
                 "create one with 'interlink init " + g.dir + "'");
    }
    // -C LINK works as `cd LINK` does: the private store and the ledger are
    // opened by SQLite, which refuses a link anywhere on their path.
    return fs::physical(d);
  }
  stdfs::path cwd = stdfs::current_path(ec);
  for (stdfs::path d = cwd; !d.empty(); d = d.parent_path()) {
    if (stdfs::exists(d / "interlink.yaml", ec)) {
      // Print relative paths when the project is the working directory.
      return d == cwd ? stdfs::path(".") : d;
    }
    if (d == d.parent_path()) break;
  }
  unreadable("not an interlink project (no interlink.yaml here or in any parent folder)", {},
             "create one with 'interlink init', or name one with -C DIR");
}

namespace {

std::string git_user_name() {
  std::error_code ec;
  if (auto name = gitconfig::user_name(stdfs::current_path(ec))) return *name;
  std::unique_ptr<FILE, decltype(&pclose)> p(popen("git config user.name 2>/dev/null", "r"), &pclose);
  if (!p) return {};
  std::array<char, 256> buf{};
  std::string out;
  while (fgets(buf.data(), buf.size(), p.get())) out += buf.data();
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace

std::string actor(const Globals& g, bool records) {
  std::string a = "unknown";
  // An empty --actor or INTERLINK_ACTOR is a mistake to refuse (interlink(1)),
  // not a reason to fall back to git's user.name.
  if (g.actor_given) {
    a = g.actor;
  } else if (const char* e = std::getenv("INTERLINK_ACTOR")) {
    a = e;
  } else if (auto n = git_user_name(); !n.empty()) {
    a = n;
  } else if (const char* u = std::getenv("USER"); u && *u) {
    a = u;
  }
  ledger::check_actor(a);  // refused before any work, not at the commit
  // Every command that records an event asks who acts: the moment to say
  // that this clone cannot merge the ledger yet (once per run). A dry run
  // records nothing, so it is not the moment.
  static bool reminded = false;
  if (records && !reminded) {
    reminded = true;
    try {
      if (ledger::merge_driver_missing(project_root(g))) {
        warn(g,
             "this clone has no merge driver for ledger.db: run 'interlink git-setup' once, or git's next merge of "
             "ledger.db will conflict (and keeping one side drops the other's events)");
      }
    } catch (const Error&) {  // NOLINT(bugprone-empty-catch): no project yet (init)
    }
  }
  return a;
}

bool use_color(const Globals& g, int fd) {
  if (g.color == "always") return true;
  if (g.color == "never") return false;
  if (const char* nc = std::getenv("NO_COLOR"); nc && *nc) return false;
  // A terminal that says it cannot show escapes (Emacs' shell, a serial
  // console) gets none, as git and ls do.
  if (const char* term = std::getenv("TERM"); term && std::string_view(term) == "dumb") return false;
  return ::isatty(fd) != 0;
}

namespace {

// Reads a whole stream (standard input, a pipe) up to 64 MiB.
std::string read_stream(std::istream& in, const std::string& what) {
  std::string text;
  std::array<char, 65536> buf{};
  while (in.read(buf.data(), buf.size()) || in.gcount() > 0) {
    text.append(buf.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > (64u << 20)) bad_usage(what + " is larger than 64 MiB");
  }
  return text;
}

}  // namespace

std::string read_input_file(const std::string& from) {
  if (from == "-") return read_stream(std::cin, "standard input");
  std::error_code ec;
  if (!stdfs::exists(from, ec)) bad_usage("no such file: " + from);
  if (stdfs::is_directory(from, ec)) bad_usage(from + " is a folder, not a file");
  std::ifstream in(from, std::ios::binary);
  if (!in) bad_usage("cannot read " + from);
  return read_stream(in, from);
}

std::string input_label(const std::string& from) { return from == "-" ? "<stdin>" : from; }

void warn(const Globals& g, const std::string& msg) {
  if (!g.quiet) std::cerr << "interlink: warning: " << msg << '\n';
}

void note(const Globals& g, const std::string& msg) {
  if (!g.quiet) std::cerr << "interlink: note: " << msg << '\n';
}

void say(const Globals& g, const std::string& msg) {
  if (!g.quiet) std::cout << msg << '\n';
}

void say_change(const Globals& g, bool dry_run, const std::string& msg) {
  if (!g.quiet || dry_run) std::cout << msg << '\n';
}

void warn_file_errors(const std::string& line) {
  if (!line.empty()) std::cerr << "interlink: warning: " << line << '\n';
}

CLI::Validator choice_check(const std::string& what, std::vector<std::string> choices) {
  return CLI::Validator(
      [what, choices = std::move(choices)](std::string& value) -> std::string {
        for (const auto& c : choices)
          if (c == value) return {};
        return "unknown " + what + " '" + value + "'" + text::did_you_mean(value, choices) +
               "; expected one of: " + text::join(choices, ", ");
      },
      "");
}

CLI::Validator not_blank(const std::string& what) {
  return CLI::Validator(
      [what](std::string& value) -> std::string {
        return text::is_blank(value) ? "the " + what + " is empty" : std::string();
      },
      "");
}

namespace {
// One per process: the command line is built once, before it is parsed.
std::map<const CLI::Option*, std::vector<std::string>>& choices_registry() {
  static std::map<const CLI::Option*, std::vector<std::string>> registry;
  return registry;
}
}  // namespace

void remember_choices(const CLI::Option* option, std::vector<std::string> choices) {
  choices_registry()[option] = std::move(choices);
}

const std::vector<std::string>* remembered_choices(const CLI::Option* option) {
  auto it = choices_registry().find(option);
  return it == choices_registry().end() ? nullptr : &it->second;
}

CLI::Option* add_choice_option(CLI::App* sub, const std::string& flags, std::string& target, const std::string& what,
                               const std::vector<std::string>& choices, const std::string& help,
                               const std::string& type_name) {
  auto* option = sub->add_option(flags, target, help + " (" + text::join(choices, ", ") + ")")
                     ->check(choice_check(what, choices))
                     ->type_name(type_name);
  remember_choices(option, choices);
  return option;
}

CLI::Option* add_format_option(CLI::App* sub, std::string& target, const std::vector<std::string>& choices,
                               const std::string& help) {
  return add_choice_option(sub, "--format", target, "format", choices, help, "FORMAT");
}

}  // namespace interlink::cli
