// interlink forget: erase a person's personal data (SPEC §6) and record that
// it was done (man/interlink-forget.1).
#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "stakeholders/history.hpp"
#include "stakeholders/registry.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace forget_cmd {
namespace {

struct ForgetOptions {
  std::string id;
  bool dry_run = false;
  bool history = false;
};

// --history: print the commands that rewrite git history; write nothing.
int print_history(const ForgetOptions& o, const Globals& g) {
  auto h = stakeholders::plan_history_rewrite(project_root(g), o.id);
  for (const auto& line : h.lines) std::cout << line << '\n';
  return 0;
}

int run_forget(const ForgetOptions& o, const Globals& g) {
  if (o.history) return print_history(o, g);
  auto root = project_root(g);
  auto r = stakeholders::forget(root, actor(g, !o.dry_run), o.id, o.dry_run);
  std::string what = r.erased.empty() ? "no personal data was left" : "erased " + text::join(r.erased, ", ");
  say_change(g, o.dry_run,
             fmt::format("{} {}: {}{}", o.dry_run ? "would forget" : "forgot", o.id, what,
                         o.dry_run ? "; nothing was written" : "; the erasure is recorded in the ledger"));
  // Names, emails and phones were only ever in the private store; bands and
  // tags were in the tracked file.
  bool tracked = std::any_of(r.erased.begin(), r.erased.end(),
                             [](const std::string& f) { return f != "name" && f != "email" && f != "phone"; });
  if (!o.dry_run && tracked && stakeholders::committed_before(root, o.id)) {
    warn(g, fmt::format("earlier versions of stakeholders/{}.yaml committed to git still hold what was erased; "
                        "commit this change, then run 'interlink forget {} --history' for the commands that "
                        "rewrite the history",
                        o.id, o.id));
  }
  return 0;
}

}  // namespace
}  // namespace forget_cmd

void register_forget(CLI::App& app, Globals& g) {
  using namespace forget_cmd;
  auto o = std::make_shared<ForgetOptions>();
  auto* sub = app.add_subcommand("forget", "Erase a person's personal data, irrecoverably, and record the erasure");
  sub->add_option("ID", o->id, "The person's pseudonymous id")->required();
  sub->add_flag("--dry-run", o->dry_run, "Say what would be erased; erase nothing");
  sub->add_flag("--history", o->history,
                "Print (never run) the git-filter-repo commands that erase it from git history too; write nothing");
  sub->footer(
      "Deletes the person's name, email and phone from the private store so that no byte of them is left\n"
      "(SQLite secure_delete and VACUUM), strips their bands and tags from stakeholders/ID.yaml, and records\n"
      "stakeholder.erased. Organizations and groups are refused: their names are not personal data.\n"
      "In git, earlier commits keep the file's old versions: after committing, --history prints the commands.");
  sub->callback([o, &g] { g.exit_code = run_forget(*o, g); });
}

}  // namespace interlink::cli
