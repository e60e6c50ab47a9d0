// interlink stakeholder show|update|remove: one stakeholder — look at it,
// change its fields and consent, or remove it with a reason; each change is
// recorded in the ledger (man/interlink-stakeholder.1).
#include <iostream>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "io/stakeholder_write.hpp"
#include "model/vocab.hpp"
#include "stakeholder_cli.hpp"
#include "stakeholders/listing.hpp"
#include "stakeholders/registry.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::cli {

// Named, so that a unity build (INTERLINK_UNITY) keeps each command's own names apart.
namespace stakeholder_cmd {
namespace {

namespace sh = stakeholders;

struct ShowOptions {
  std::string id;
  std::string format = "text";
  bool with_names = false;
};

struct UpdateOptions {
  std::string id;
  std::map<std::string, std::string> values;
  std::map<std::string, CLI::Option*> opts;
  std::vector<std::string> tags, untags;
  bool dry_run = false;

  std::optional<std::string> get(const std::string& key) const {
    return given(opts.at(key)) ? std::optional(values.at(key)) : std::nullopt;
  }
};

struct RemoveOptions {
  std::string id;
  std::string reason;
  bool dry_run = false;
};

int run_show(const ShowOptions& o, const Globals& g) {
  auto root = project_root(g);
  model::Stakeholder s = sh::read_for_change(root, o.id);
  // As `stakeholders` lists them: the file of an erased person keeps the
  // consent they once gave, which no longer holds.
  const bool erased = sh::erased_ids(root).count(s.id) > 0;
  if (erased) sh::mark_erased(s);
  std::map<std::string, sh::Contact> contacts;
  if (o.with_names) {
    if (auto c = sh::PrivateStore::open(root, false).get(o.id)) contacts[o.id] = *c;
    if (erased && !sh::drop_erased_contacts(contacts, {s.id}).empty()) warn(g, sh::erased_held_message(s.id));
  }
  const auto* names = o.with_names ? &contacts : nullptr;
  if (o.format == "json") {
    auto doc = ledger::Json::parse(sh::render_json({s}, names));
    std::cout << doc["stakeholders"][0].dump(2) << '\n';
    return 0;
  }
  // The file as interlink writes it, with what the private store holds.
  model::Stakeholder shown = s;
  auto it = contacts.find(s.id);
  if (it != contacts.end() && s.kind == "person") shown.name = it->second.name;
  std::cout << io::stakeholder_to_yaml(shown);
  if (it != contacts.end() && !it->second.email.empty())
    std::cout << "email: " << io::yaml_scalar(it->second.email) << '\n';
  if (it != contacts.end() && !it->second.phone.empty())
    std::cout << "phone: " << io::yaml_scalar(it->second.phone) << '\n';
  return 0;
}

int run_update(const UpdateOptions& o, const Globals& g) {
  auto root = project_root(g);
  sh::Update u;
  u.name = o.get("name");
  u.sector = o.get("sector");
  u.role = o.get("role");
  u.influence = o.get("influence");
  u.interest = o.get("interest");
  u.joined = o.get("joined");
  u.consent = o.get("consent");
  u.consent_date = o.get("consent_date");
  u.consent_scope = o.get("consent_scope");
  u.email = o.get("email");
  u.phone = o.get("phone");
  u.add_tags = o.tags;
  u.remove_tags = o.untags;
  for (const char* band : {"age_band", "gender", "area"})
    if (auto v = o.get(band)) u.bands[band] = *v;
  return with_issues(g, "", [&] {
    auto r = sh::update_stakeholder(root, actor(g, !o.dry_run), o.id, u, o.dry_run);
    if (r.changed.empty()) {
      say_change(g, o.dry_run, fmt::format("{}: nothing to change", o.id));
    } else {
      say_change(g, o.dry_run,
                 fmt::format("{} {}: {}{}", o.dry_run ? "would update" : "updated", o.id, text::join(r.changed, ", "),
                             o.dry_run ? "; nothing was written" : ""));
    }
    return 0;
  });
}

int run_remove(const RemoveOptions& o, const Globals& g) {
  auto root = project_root(g);
  auto s = sh::remove_stakeholder(root, actor(g, !o.dry_run), o.id, o.reason, o.dry_run);
  say_change(g, o.dry_run,
             fmt::format("{} {} {}{}", o.dry_run ? "would remove" : "removed", s.kind, s.id,
                         o.dry_run ? "; nothing was written" : ""));
  return 0;
}

void add_show(CLI::App& parent, Globals& g) {
  auto o = std::make_shared<ShowOptions>();
  auto* sub = parent.add_subcommand("show", "Print one stakeholder");
  sub->add_option("ID", o->id, "The stakeholder's id")->required();
  add_format_option(sub, o->format, {"text", "json"}, "Output format");
  sub->add_flag("--with-names", o->with_names, "Show a person's name and the contact data from the private store");
  sub->callback([o, &g] { g.exit_code = run_show(*o, g); });
}

void add_update(CLI::App& parent, Globals& g) {
  auto o = std::make_shared<UpdateOptions>();
  auto* sub = parent.add_subcommand("update", "Change a stakeholder's fields or consent (recorded in the ledger)");
  sub->add_option("ID", o->id, "The stakeholder's id")->required();
  auto opt = [&](const std::string& flag, const std::string& key, const std::string& type, const std::string& help) {
    o->opts[key] = sub->add_option(flag, o->values[key], help)->type_name(type);
  };
  opt("--name", "name", "NAME", "New name (a person's goes to the private store; '' clears it)");
  opt("--sector", "sector", "SECTOR", "public, private, nonprofit, academia or citizen");
  opt("--role", "role", "ROLE", "coordinator, co-producer, contributor, evaluator or observer");
  opt("--influence", "influence", "1-5", "Influence, 1 to 5 ('' clears it)");
  opt("--interest", "interest", "1-5", "Interest, 1 to 5 ('' clears it)");
  opt("--joined", "joined", "DATE", "When it joined, YYYY-MM-DD");
  opt("--consent", "consent", "STATUS", "given, pending, refused or withdrawn (records consent.recorded)");
  opt("--consent-date", "consent_date", "DATE", "When consent was given or changed (default: today)");
  opt("--consent-scope", "consent_scope", "TEXT", "What was consented to");
  opt("--email", "email", "EMAIL", "Contact email, private store only ('' deletes it)");
  opt("--phone", "phone", "PHONE", "Contact phone, private store only ('' deletes it)");
  opt("--age-band", "age_band", "BAND", "Persons: age band ('' clears it)");
  opt("--gender", "gender", "TEXT", "Persons: gender ('' clears it)");
  opt("--area", "area", "TEXT", "Persons: area ('' clears it)");
  // Checked by the library; given here for completion.
  remember_choices(o->opts["sector"], model::vocab::sectors);
  remember_choices(o->opts["role"], model::vocab::roles);
  remember_choices(o->opts["consent"], model::vocab::consent_statuses);
  sub->add_option("--tag", o->tags, "Add a tag; repeat for more")->type_name("TAG")->allow_extra_args(false);
  sub->add_option("--untag", o->untags, "Remove a tag; repeat for more")->type_name("TAG")->allow_extra_args(false);
  sub->add_flag("--dry-run", o->dry_run, "Say what would change; write nothing");
  sub->callback([o, &g] { g.exit_code = run_update(*o, g); });
}

void add_remove(CLI::App& parent, Globals& g) {
  auto o = std::make_shared<RemoveOptions>();
  auto* sub = parent.add_subcommand("remove", "Remove a stakeholder from the project, saying why");
  sub->add_option("ID", o->id, "The stakeholder's id")->required();
  sub->add_option("--reason", o->reason, "Why it leaves the project (recorded in the ledger)")
      ->type_name("TEXT")
      ->required()
      ->check(not_blank("reason"));
  sub->add_flag("--dry-run", o->dry_run, "Check and say what would be done; write nothing");
  sub->callback([o, &g] { g.exit_code = run_remove(*o, g); });
}

}  // namespace
}  // namespace stakeholder_cmd

void register_stakeholder(CLI::App& app, Globals& g) {
  using namespace stakeholder_cmd;
  auto* sub = app.add_subcommand("stakeholder", "Show, update or remove one stakeholder");
  sub->require_subcommand(1);
  add_show(*sub, g);
  add_update(*sub, g);
  add_remove(*sub, g);
}

}  // namespace interlink::cli
