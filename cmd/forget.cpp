// interlink forget: erase a person's personal data (SPEC §6) and record that
// it was done (man/interlink-forget.1).
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "stakeholders/registry.hpp"
#include "util/text.hpp"

namespace interlink::cli {

namespace {

struct ForgetOptions {
  std::string id;
  bool dry_run = false;
};

int run_forget(const ForgetOptions& o, const Globals& g) {
  auto root = project_root(g);
  auto r = stakeholders::forget(root, actor(g), o.id, o.dry_run);
  std::string what = r.erased.empty() ? "no personal data was left" : "erased " + text::join(r.erased, ", ");
  say(g, fmt::format("{} {}: {}{}", o.dry_run ? "would forget" : "forgot", o.id, what,
                     o.dry_run ? "; nothing was written" : "; the erasure is recorded in the ledger"));
  return 0;
}

}  // namespace

void register_forget(CLI::App& app, Globals& g) {
  auto o = std::make_shared<ForgetOptions>();
  auto* sub = app.add_subcommand("forget", "Erase a person's personal data, irrecoverably, and record the erasure");
  sub->add_option("ID", o->id, "The person's pseudonymous id")->required();
  sub->add_flag("--dry-run", o->dry_run, "Say what would be erased; erase nothing");
  sub->footer(
      "Deletes the person's name, email and phone from the private store so that no byte of them is left\n"
      "(SQLite secure_delete and VACUUM), strips their bands and tags from stakeholders/ID.yaml, and records\n"
      "stakeholder.erased. Organizations and groups are refused: their names are not personal data.");
  sub->callback([o, &g] { g.exit_code = run_forget(*o, g); });
}

}  // namespace interlink::cli
