// The binary's one place that turns failures into exit codes (SPEC §3):
// CLI11 parse errors -> 2, interlink::Error -> its status, anything else -> 4.
#include "app.hpp"

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string_view>

#include <fmt/format.h>

#include "commands.hpp"
#include "ledger/ledger.hpp"
#include "process/verified.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Defined in the generated git_revision.cpp (cmake/GitRevisionRun.cmake).
extern const char* const kGitRevision;

namespace {

void print_error(const Error& e) {
  std::string where = e.pos().str();
  std::cerr << "interlink: error: " << (where.empty() ? "" : where + ": ") << e.message() << '\n';
  if (!e.hint().empty()) std::cerr << "hint: " << e.hint() << '\n';
}

// The command the command line names, when that is plain to see: the first
// word after global options written in full (-C DIR, --actor NAME, --color
// WHEN, their --x=VALUE forms, -q, --quiet) is one of ours, and not one that
// needs the others. Anything else ("" here) builds every command, so that
// help, completion and the messages for a mistyped command see them all.
std::string_view named_command(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-C" || a == "--actor" || a == "--color") {
      ++i;
      continue;
    }
    if (a == "-q" || a == "--quiet" || a.rfind("--actor=", 0) == 0 || a.rfind("--color=", 0) == 0) continue;
    for (const Command& c : kCommands)
      if (a == c.name) return c.whole ? std::string_view() : a;
    return {};
  }
  return {};
}

}  // namespace

void build_app(CLI::App& app, Globals& g, std::string_view only) {
  app.name("interlink");
  app.description(
      "Run the co-design and co-delivery of public services with citizens, businesses and civil society,\n"
      "as plain files in a git repository: a YAML plan, a hash-linked SQLite ledger, reports.");
  app.footer("Run 'interlink COMMAND --help' for a command's options; 'man interlink' for the manual.");
  app.set_version_flag("--version", fmt::format("interlink {} (git {})", INTERLINK_VERSION, kGitRevision));
  app.option_defaults()->always_capture_default(false);
  app.add_option("-C", g.dir, "The project folder (default: found upward from here); other paths stay relative to here")
      ->type_name("DIR");
  app.add_option_function<std::string>(
         "--actor",
         [&g](const std::string& v) {
           // Checked as given, by every command: a dry run, which resolves no
           // actor, said OK to a name the real run then refused.
           ledger::check_actor(v);
           g.actor = v;
           g.actor_given = true;
         },
         "Who acts, as recorded in the ledger (default: $INTERLINK_ACTOR, git user.name, $USER)")
      ->type_name("NAME");
  app.add_option("--color", g.color, "Colour output: auto, always or never (NO_COLOR is honoured)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  app.add_flag("-q,--quiet", g.quiet, "Print only what was asked for: no progress or confirmations");
  app.require_subcommand(1);
  app.fallthrough();  // global options are accepted after the command name too
  for (const Command& c : kCommands)
    if (only.empty() || only == c.name) c.add(app, g);
}

int run(int argc, char** argv) {
  // Building every command's options was a third of the instructions of
  // `interlink --version` (callgrind, issue 10), which needs none of them.
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    std::cout << "interlink " << INTERLINK_VERSION << " (git " << kGitRevision << ")\n";
    return 0;
  }
  // Every write keeps verify's mark of the ledger (process/verified.hpp).
  ledger::set_commit_watch(&process::mark_keeper());
  Globals g;
  CLI::App app;
  try {
    // Only the command named: building all 23 was a third of the
    // instructions of `log -n 20` (callgrind, issue 10).
    build_app(app, g, named_command(argc, argv));
    app.parse(argc, argv);
    return g.exit_code;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    // CLI11 reports a mistyped command as "A subcommand is required"; name it instead.
    if (app.get_subcommands().empty()) {
      if (msg == "A subcommand is required") msg = "no command given";
      for (const auto& word : app.remaining()) {
        if (word.empty() || word[0] == '-') continue;
        std::vector<std::string> names;
        for (const CLI::App* c : app.get_subcommands({})) names.push_back(c->get_name());
        msg = fmt::format("unknown command '{}'{}", word, text::did_you_mean(word, names));
        break;
      }
    }
    // Point at the help of the command the mistake is in, when parsing got that far.
    std::string where = "interlink";
    const CLI::App* deepest = &app;
    while (!deepest->get_subcommands().empty()) {
      deepest = deepest->get_subcommands().front();
      where += " " + deepest->get_name();
    }
    // The same for a command's own commands (stakeholder update|remove, ledger dump|merge).
    if (deepest != &app && msg == "A subcommand is required") {
      std::vector<std::string> names;
      for (const CLI::App* c : deepest->get_subcommands({})) names.push_back(c->get_name());
      msg = fmt::format("'{}' needs one of its commands: {}", where, text::join(names, ", "));
      std::vector<std::string> words = deepest->remaining();
      for (const auto& w : app.remaining()) words.push_back(w);  // fallthrough hands them upward
      for (const auto& word : words) {
        if (word.empty() || word[0] == '-') continue;
        msg = fmt::format("unknown command '{} {}'{}", where, word, text::did_you_mean(word, names));
        break;
      }
    }
    // A global option's mistake belongs to the global options' help.
    bool global = false;
    for (const char* name : {"--color", "--actor", "-C"}) global = global || msg.rfind(std::string(name) + ":", 0) == 0;
    std::cerr << "interlink: error: " << msg << '\n';
    if (global) {
      std::cerr << "hint: run 'interlink --help': it lists the global options\n";
    } else if (where == "interlink") {
      std::cerr << "hint: run 'interlink --help' or 'interlink COMMAND --help'\n";
    } else {
      std::cerr << "hint: run '" << where << " --help'\n";
    }
    return static_cast<int>(ExitStatus::usage);
  } catch (const IssuesError& e) {
    // Every problem, one per line: a bulk import reports all its bad rows.
    for (const auto& i : e.issues()) {
      std::string where = i.line ? fmt::format("{}:{}: ", e.source().empty() ? "-" : e.source(), i.line) : "";
      std::cerr << "interlink: error: " << where << i.message << '\n';
      if (!i.line && !i.hint.empty()) std::cerr << "hint: " << i.hint << '\n';
    }
    return static_cast<int>(e.status());
  } catch (const Error& e) {
    print_error(e);
    return static_cast<int>(e.status());
  } catch (const std::filesystem::filesystem_error& e) {
    // An operating-system failure, not a bug: say what could not be done to
    // which path, without the "internal" that would send users to a bug report.
    std::string what = e.code().message();
    std::string path = e.path1().string();
    std::cerr << "interlink: error: " << (path.empty() ? "" : path + ": ") << what << '\n';
    return static_cast<int>(ExitStatus::internal);
  } catch (const std::bad_alloc&) {
    std::cerr << "interlink: error: out of memory\n";
    return static_cast<int>(ExitStatus::internal);
  } catch (const std::exception& e) {
    std::cerr << "interlink: error: internal: " << e.what() << '\n';
    return static_cast<int>(ExitStatus::internal);
  }
}

}  // namespace interlink::cli
