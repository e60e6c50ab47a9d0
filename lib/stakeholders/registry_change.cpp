// See registry.hpp: changing and removing a stakeholder (forgetting one:
// registry_forget.cpp).
#include "stakeholders/registry.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>

#include <fmt/format.h>

#include "io/layout.hpp"
#include "io/parse_cache.hpp"
#include "io/plan_check.hpp"
#include "io/stakeholder_write.hpp"
#include "io/yaml.hpp"
#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "model/stakeholder.hpp"
#include "model/vocab.hpp"
#include "privacy/screen.hpp"
#include "stakeholders/ids.hpp"
#include "stakeholders/registry_detail.hpp"
#include "util/beneath.hpp"
#include "util/clock.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace interlink::stakeholders {

namespace kinds = ledger::kinds;
using namespace detail;

model::Stakeholder read_for_change(const stdfs::path& root, const std::string& id) {
  io::check_layout(root);
  if (!text::is_slug(id) || !file_exists(root, id)) {
    if (text::is_slug(id)) {
      if (auto status = status_in_ledger(root, id); status == "removed" || status == "erased") {
        refuse(model::gone_stakeholder(id, status),
               fmt::format("what was recorded about it: interlink log --subject {}", id));
      }
    }
    refuse(fmt::format("unknown stakeholder '{}'{}", id, text::did_you_mean(id, IdsOnDisk(root, SIZE_MAX).all())),
           "list them with 'interlink stakeholders'");
  }
  std::string rel = io::stakeholder_path(id);
  model::Findings findings;
  model::Stakeholder s = io::load_stakeholder(fs::read_beneath(root, rel, io::kMaxYamlBytes), rel, findings);
  if (!findings.empty()) {
    const auto& f = findings.front();
    throw Error(ExitStatus::unreadable, f.message,
                "fix the file first ('interlink validate' lists every problem): interlink rewrites it and would "
                "lose what it cannot read",
                f.pos);
  }
  return s;
}

// ---- update ----

namespace {

struct PlannedUpdate {
  model::Stakeholder before, after;
  Contact contact_before, contact_after;
  std::vector<std::string> changed;
  bool consent_changed = false;
};

PlannedUpdate plan_update(const stdfs::path& root, const std::string& id, const Update& u, const PrivateStore& store) {
  require_readable_plan(root);
  PlannedUpdate p;
  p.before = read_for_change(root, id);
  // forget leaves an erased person's file (without their data) so that the
  // ledger's references still resolve; their data must not come back
  // through it, nor their consent or role change: they left at their own
  // request.
  if (status_in_ledger(root, id) == "erased") {
    refuse(model::gone_stakeholder(id, "erased") + " at their request: nothing about them is recorded any more",
           "should they take part again, register them anew, with their consent: interlink add-stakeholder");
  }
  p.contact_before = store.get(id).value_or(Contact{});
  model::Stakeholder& s = p.after = p.before;
  Contact& c = p.contact_after = p.contact_before;
  bool person = s.kind == "person";
  Issues issues;
  Checker ck(issues, 0);
  auto required = [&](const std::optional<std::string>& v, const char* what) {
    if (v && trim(*v).empty()) ck.add(ExitStatus::usage, fmt::format("{} cannot be empty", what));
    return v && !trim(*v).empty();
  };
  if (u.name) {
    std::string n = trim(*u.name).empty() ? std::string() : ck.name(trim(*u.name));
    if (person) {
      c.name = n;
    } else if (required(u.name, "the name of an organization or group")) {
      s.name = n;
    }
  }
  if (required(u.sector, "the sector")) s.sector = ck.sector(trim(*u.sector));
  if (required(u.role, "the role")) s.role = ck.role(trim(*u.role));
  if (u.influence) s.influence = ck.level("influence", trim(*u.influence));
  if (u.interest) s.interest = ck.level("interest", trim(*u.interest));
  if (required(u.joined, "the joined date")) s.joined = ck.date("joined", trim(*u.joined));
  for (const auto& t : u.add_tags) {
    std::string tag = ck.tag(trim(t));
    if (!tag.empty() && std::find(s.tags.begin(), s.tags.end(), tag) == s.tags.end()) s.tags.push_back(tag);
  }
  for (const auto& t : u.remove_tags) std::erase(s.tags, trim(t));
  if (required(u.consent, "the consent status")) {
    s.consent.status = ck.consent_status(trim(*u.consent));
    if (!u.consent_date && s.consent.status != p.before.consent.status) {
      s.consent.date = s.consent.status == "pending" ? std::string() : clock::today();
    }
  }
  if (u.consent_date)
    s.consent.date = trim(*u.consent_date).empty() ? "" : ck.date("consent_date", trim(*u.consent_date));
  if (u.consent_scope) s.consent.scope = ck.text("consent_scope", trim(*u.consent_scope), kMaxScopeChars, true);
  // Free text that reaches the tracked file and the ledger: no personal data.
  if (u.consent_scope)
    privacy::check_free_text("the consent scope", s.consent.scope, store.person_names_in(s.consent.scope));
  for (const auto& t : u.add_tags) privacy::check_free_text("the tag", t, store.person_names_in(t));
  if (u.email) c.email = trim(*u.email).empty() ? "" : ck.email(trim(*u.email));
  if (u.phone) c.phone = trim(*u.phone).empty() ? "" : ck.phone(trim(*u.phone));
  for (const auto& [band, value] : u.bands) {
    if (!person) {
      ck.add(ExitStatus::usage,
             fmt::format("{} applies to persons only: bands measure the inclusion of individual participants", band));
      continue;
    }
    std::string v = ck.text(band, trim(value), kMaxShortChars, false);
    if (v.empty()) {
      s.bands.erase(band);
    } else {
      s.bands[band] = v;
    }
  }
  if (person && u.email && !c.email.empty() && lower(c.email) != lower(p.contact_before.email)) {
    for (const auto& [other, oc] : store.all()) {
      if (other != id && lower(oc.email) == lower(c.email) && file_exists(root, other)) {
        ck.add(ExitStatus::refused,
               fmt::format("a person with the email {} is already registered, as '{}'", c.email, other));
        break;
      }
    }
  }
  check_file_size(ck, s);
  if (ck.failed()) throw IssuesError(std::move(issues));

  const model::Stakeholder& b = p.before;
  auto note = [&](bool differs, const std::string& field) {
    if (differs) p.changed.push_back(field);
  };
  note(c.name != p.contact_before.name || s.name != b.name, "name");
  note(s.sector != b.sector, "sector");
  note(s.role != b.role, "role");
  note(s.influence != b.influence, "influence");
  note(s.interest != b.interest, "interest");
  note(s.tags != b.tags, "tags");
  note(s.joined != b.joined, "joined");
  p.consent_changed =
      s.consent.status != b.consent.status || s.consent.date != b.consent.date || s.consent.scope != b.consent.scope;
  note(p.consent_changed, "consent");
  note(c.email != p.contact_before.email, "email");
  note(c.phone != p.contact_before.phone, "phone");
  for (const auto& band : model::vocab::bands) {
    auto value = [&](const model::Stakeholder& st) {
      auto it = st.bands.find(band);
      return it == st.bands.end() ? std::optional<std::string>() : it->second;
    };
    note(value(s) != value(b), band);
  }
  return p;
}

std::vector<ledger::NewEvent> update_events(const PlannedUpdate& p) {
  std::vector<ledger::NewEvent> events;
  std::vector<std::string> fields;
  for (const auto& f : p.changed)
    if (f != "consent") fields.push_back(f);
  const model::Stakeholder& s = p.after;
  if (!fields.empty()) {
    // Values only of what identifies no one; a person's name, email, phone
    // and bands are named as changed, never given.
    ledger::Json payload = {{"changed", fields}};
    bool person = s.kind == "person";
    for (const auto& f : fields) {
      if (f == "name" && !person) payload["name"] = s.name;
      if (f == "sector") payload["sector"] = s.sector;
      if (f == "role") payload["role"] = s.role;
      if (f == "influence") payload["influence"] = s.influence;
      if (f == "interest") payload["interest"] = s.interest;
      if (f == "tags" && !person) payload["tags"] = s.tags;
      if (f == "joined") payload["joined"] = s.joined;
    }
    events.push_back({std::string(kinds::stakeholder_updated), s.id, payload});
  }
  if (p.consent_changed) {
    ledger::Json payload = {{"status", s.consent.status}};
    if (!s.consent.date.empty()) payload["date"] = s.consent.date;
    if (!s.consent.scope.empty()) payload["scope"] = s.consent.scope;
    events.push_back({std::string(kinds::consent_recorded), s.id, payload});
  }
  return events;
}

bool touches_contact(const Update& u) { return u.email || u.phone || u.name; }

}  // namespace

UpdateResult update_stakeholder(const stdfs::path& root, const std::string& actor, const std::string& id,
                                const Update& u, bool dry_run) {
  UpdateResult r;
  auto fill = [&](const PlannedUpdate& p) {
    r.before = p.before;
    r.after = p.after;
    r.changed = p.changed;
    r.events = update_events(p);
  };
  {
    auto store = PrivateStore::open(root, false);
    fill(plan_update(root, id, u, store));
  }
  if (dry_run || r.events.empty()) return r;
  auto led = open_ledger(root);
  std::optional<PrivateStore> store;
  std::optional<PrivateStore::Transaction> tx;
  led.commit(actor, [&](const ledger::Ledger& l) {
    settle_if_any(root, l);
    store.emplace(PrivateStore::open(root, touches_contact(u)));
    PlannedUpdate p = plan_update(root, id, u, *store);  // again, under the lock
    fill(p);
    if (p.contact_after != p.contact_before) {
      tx.emplace(*store);
      store->put(id, p.contact_after);
    }
    ledger::Change change;
    change.events = r.events;
    if (!r.events.empty()) change.files.push_back({io::stakeholder_path(id), io::stakeholder_to_yaml(p.after)});
    return change;
  });
  if (tx) tx->commit();
  return r;
}

// ---- remove ----

namespace {

// The first place where the plan names stakeholder id (RACI), or "".
std::string named_in_plan(const stdfs::path& root, const std::string& id) {
  model::Findings findings;
  model::Project p = io::read_manifest(root, findings);
  for (const auto& ph : p.phases) {
    for (const auto& o : ph.objectives) {
      for (const auto& t : o.tasks) {
        auto in = [&](const std::vector<std::string>& v) { return std::find(v.begin(), v.end(), id) != v.end(); };
        if (in(t.responsible)) return fmt::format("responsible for task '{}'", t.id);
        if (t.accountable == id) return fmt::format("accountable for task '{}'", t.id);
        if (in(t.consulted)) return fmt::format("consulted on task '{}'", t.id);
        if (in(t.informed)) return fmt::format("informed of task '{}'", t.id);
      }
    }
  }
  return {};
}

model::Stakeholder check_remove(const stdfs::path& root, const std::string& id, const std::string& reason) {
  if (trim(reason).empty()) bad_usage("a reason is required: say why the stakeholder leaves the project");
  // The reason enters the ledger, shown by log and git diff: one or more
  // lines of plain text, counted in characters as the user types them.
  Issues issues;
  Checker ck(issues, 0);
  ck.text("the reason", reason, kMaxScopeChars, false);
  if (ck.failed()) throw IssuesError(std::move(issues));
  // The reason enters the append-only ledger: no personal data.
  privacy::check_free_text("the reason", reason, PrivateStore::open(root, false).person_names_in(reason));
  model::Stakeholder s = read_for_change(root, id);
  if (auto where = named_in_plan(root, id); !where.empty()) {
    refuse(fmt::format("stakeholder '{}' is named in the plan: {}", id, where),
           "take it out of interlink.yaml first, then remove it");
  }
  return s;
}

}  // namespace

model::Stakeholder remove_stakeholder(const stdfs::path& root, const std::string& actor, const std::string& id,
                                      const std::string& reason, bool dry_run) {
  model::Stakeholder s = check_remove(root, id, reason);
  if (dry_run) return s;
  auto led = open_ledger(root);
  led.commit(actor, [&](const ledger::Ledger& l) {
    s = check_remove(root, id, reason);
    io::remove_leftover_temp_files(root);
    std::error_code ec;
    if (stdfs::exists(PrivateStore::path_for(root), ec)) {
      auto store = PrivateStore::open(root, true);
      settle_private(store, l);
      store.erase(id);
    }
    ledger::Change change;
    change.events.push_back({std::string(kinds::stakeholder_removed), id, {{"reason", trim(reason)}}});
    change.files.push_back({io::stakeholder_path(id), std::nullopt});
    return change;
  });
  return s;
}

}  // namespace interlink::stakeholders
