// interlink stakeholders: list the stakeholders (text, json, csv) or
// summarise them against the representation targets
// (man/interlink-stakeholders.1).
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "io/invalid.hpp"
#include "io/project_io.hpp"
#include "model/vocab.hpp"
#include "stakeholder_cli.hpp"
#include "stakeholders/listing.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace stakeholders_cmd {
namespace {

namespace sh = stakeholders;

struct ListOptions {
  sh::Filter filter;
  std::string format = "text";
  bool with_names = false;
  bool summary = false;
};

int run_list(const ListOptions& o, const Globals& g) {
  if (o.summary && o.format == "csv") bad_usage("--summary prints text or json, not csv");
  auto root = project_root(g);
  io::Workspace ws = io::load_workspace(root, io::ParseCache::use);
  for (const auto& f : ws.findings) {
    if (f.rule == "unreadable")
      throw Error(ExitStatus::unreadable, f.message, "fix it, or run 'interlink validate'", f.pos);
  }
  sh::Filter filter = o.filter;
  filter.erased = sh::erased_ids(root);
  auto list = sh::select(ws, filter);  // the current stakeholders' files without errors: what the totals count
  warn_file_errors(io::errors_warning(ws.findings));
  if (o.summary) {
    auto s = sh::summarize(ws, list);
    std::cout << (o.format == "json" ? sh::summary_json(s).dump(2) + "\n" : sh::render_summary_text(s));
    return 0;
  }
  std::map<std::string, sh::Contact> contacts;
  if (o.with_names) {
    check_names_store(g, root);
    contacts = sh::PrivateStore::open(root, false).all();
    for (const auto& id : sh::drop_erased_contacts(contacts, filter.erased)) warn(g, sh::erased_held_message(id));
    // Personal data with no stakeholder file (deleted by hand) is still held:
    // say so, since only 'forget' can erase it.
    for (const auto& [id, c] : contacts) {
      if (!ws.has_file(id)) {
        warn(g, fmt::format("the private store holds contact data of '{}', which has no file in stakeholders/; "
                            "erase it with 'interlink forget {}'",
                            text::printable(id), text::printable(id)));
      }
    }
  }
  const auto* names = o.with_names ? &contacts : nullptr;
  if (o.format == "json") {
    std::cout << sh::render_json(list, names);
  } else if (o.format == "csv") {
    std::cout << sh::render_csv(list, names);
  } else if (list.empty()) {
    say(g, !ws.stakeholders.empty() ? "no stakeholders match"
           : ws.invalid.empty()     ? "no stakeholders yet: add some with 'interlink add-stakeholder'"
                                    : "no stakeholder file without errors");
  } else {
    std::cout << sh::render_text(list, names);
  }
  return 0;
}

}  // namespace
}  // namespace stakeholders_cmd

void register_stakeholders(CLI::App& app, Globals& g) {
  using namespace stakeholders_cmd;
  auto o = std::make_shared<ListOptions>();
  auto* sub = app.add_subcommand("stakeholders", "List the stakeholders, or summarise them by sector and role");
  // Malformed values are usage errors (exit 2) here, before the project is read.
  add_choice_option(sub, "--sector", o->filter.sector, "sector", model::vocab::sectors, "Only those of this sector",
                    "SECTOR");
  add_choice_option(sub, "--role", o->filter.role, "role", model::vocab::roles, "Only those with this role", "ROLE");
  add_choice_option(sub, "--kind", o->filter.kind, "kind", model::vocab::kinds, "Only those of this kind", "KIND");
  sub->add_option("--tag", o->filter.tag, "Only those with this tag")->type_name("TAG");
  add_format_option(sub, o->format, {"text", "json", "csv"},
                    "Output format; csv reads back with add-stakeholder --from-csv");
  sub->add_flag("--with-names", o->with_names,
                "Show persons' names and everyone's contact data from the private store (not for publishing)");
  sub->add_flag("--summary", o->summary,
                "Counts by kind, sector (against governance.representation), role and consent");
  sub->callback([o, &g] { g.exit_code = run_list(*o, g); });
}

}  // namespace interlink::cli
