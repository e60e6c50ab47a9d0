// See registry.hpp.
#include "stakeholders/registry.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>

#include <fmt/format.h>

#include "io/layout.hpp"
#include "io/plan_check.hpp"
#include "io/stakeholder_write.hpp"
#include "io/yaml.hpp"
#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "model/vocab.hpp"
#include "privacy/screen.hpp"
#include "stakeholders/ids.hpp"
#include "util/beneath.hpp"
#include "util/clock.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace interlink::stakeholders {

namespace kinds = ledger::kinds;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// Ids of every stakeholders/*.yaml on disk, parsed or not.
bool file_exists(const stdfs::path& root, const std::string& id) {
  return fs::entry_at(root, io::stakeholder_path(id)) != fs::Entry::missing;
}

// Which ids have a file. A few additions ask with one stat each: listing the
// folder made adding one stakeholder to a project of 10,000 read 10,000
// names (issue 10). A bulk import lists it once.
class IdsOnDisk {
 public:
  IdsOnDisk(stdfs::path root, std::size_t lookups) : root_(std::move(root)) {
    if (lookups < 64) return;
    listed_ = true;
    std::error_code ec;
    for (stdfs::directory_iterator it(root_ / "stakeholders", ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".yaml") ids_.insert(it->path().stem().string());
    }
  }
  [[nodiscard]] bool count(const std::string& id) const {
    return listed_ ? ids_.count(id) > 0 : file_exists(root_, id);
  }
  [[nodiscard]] std::vector<std::string> all() const { return {ids_.begin(), ids_.end()}; }

 private:
  stdfs::path root_;
  bool listed_ = false;
  std::set<std::string> ids_;
};

std::string id_hint(int line, const std::string& what) {
  return line ? fmt::format("give {} its own id in an 'id' column", what)
              : fmt::format("give {} its own id with --id", what);
}

// The kind of stakeholder id as its file says, "" if it cannot be read.
std::string kind_of(const stdfs::path& root, const std::string& id) {
  try {
    model::Findings f;
    return io::load_stakeholder(fs::read_beneath(root, io::stakeholder_path(id), io::kMaxYamlBytes), "x", f).kind;
  } catch (const Error&) {
    return {};
  }
}

// What interlink writes it must read back: a file over the loader's limit
// (150,000 tags) would make every later command fail. Checked before the
// ledger records anything.
void check_file_size(Checker& ck, const model::Stakeholder& s) {
  const std::size_t bytes = io::stakeholder_to_yaml(s).size();
  if (bytes <= io::kMaxYamlBytes) return;
  ck.add(ExitStatus::usage,
         fmt::format("stakeholder '{}' would be written as a file of {} bytes, more than the {} interlink reads back",
                     s.id, bytes, io::kMaxYamlBytes),
         "give it fewer or shorter tags");
}

ledger::Ledger open_ledger(const stdfs::path& root) { return ledger::Ledger::open(root / "ledger.db"); }

// Refuses (exit 3) to change a project whose plan cannot be read; only the
// manifest is read, and parsed only when its bytes changed (io/plan_check),
// which is cheap whatever the number of stakeholders; and the layout is
// checked (no link, stakeholders/ a folder), so that nothing is recorded that
// its files cannot follow.
void require_readable_plan(const stdfs::path& root) {
  io::check_layout(root);
  io::require_readable_plan(root);
}

// Screens the free text of new stakeholders that reaches their tracked
// file and, for organizations, the ledger (consent scope, tags) against the
// persons already held and those added in the same batch.
void screen_free_text(AddPlan& plan, const std::map<std::string, Contact>& contacts) {
  std::vector<std::string> names;
  for (const auto& [id, c] : contacts)
    if (!c.name.empty()) names.push_back(c.name);
  for (const auto& c : plan.candidates)
    if (c.s.kind == "person" && !c.contact.name.empty()) names.push_back(c.contact.name);
  const privacy::Names index(names);  // folded once for every candidate's texts
  for (const auto& c : plan.candidates) {
    Checker ck(plan.issues, c.line);
    auto screen = [&](const std::string& field, const std::string& text) {
      try {
        privacy::check_free_text(field, text, index);
      } catch (const Error& e) {
        ck.add(e.status(), e.message(), e.hint());
      }
    };
    screen("the consent scope", c.s.consent.scope);
    for (const auto& t : c.s.tags) screen(fmt::format("the tag '{}'", text::excerpt(text::printable(t), 40)), t);
  }
}

}  // namespace

AddPlan plan_add(const stdfs::path& root, const std::map<std::string, Contact>& contacts,
                 const std::vector<Input>& inputs, const Progress& progress) {
  require_readable_plan(root);
  AddPlan plan;
  // Only the directory and the private store are read: parsing every file of
  // a project of 10,000 stakeholders would make adding one take a second.
  const IdsOnDisk taken(root, inputs.size());
  std::map<std::string, std::vector<std::string>> email_ids;  // lowercase email -> ids with it
  for (const auto& [id, c] : contacts)
    if (!c.email.empty()) email_ids[lower(c.email)].push_back(id);
  std::map<std::string, std::string> email_owner;  // lowercase email -> a registered person's id, when asked
  auto person_with_email = [&](const std::string& email) -> std::string {
    if (auto it = email_owner.find(email); it != email_owner.end()) return it->second;
    std::string owner;
    if (auto it = email_ids.find(email); it != email_ids.end()) {
      for (const auto& id : it->second)
        if (taken.count(id) && kind_of(root, id) == "person") owner = id;
    }
    return email_owner[email] = owner;
  };
  std::map<std::string, int> batch_ids, batch_emails;
  std::size_t done = 0;
  for (const auto& in : inputs) {
    auto c = check_input(in, plan.issues);
    if (progress) progress(++done, inputs.size());
    if (!c) continue;
    Checker ck(plan.issues, in.line);
    model::Stakeholder& s = c->s;
    bool person = s.kind == "person";
    auto is_taken = [&](const std::string& id) { return taken.count(id) || batch_ids.count(id); };
    if (!c->id_given && person) {
      s.id = random_person_id(is_taken);
    } else if (!c->id_given) {
      s.id = organization_id(s.name);
      std::string what = s.kind == "group" ? "the group" : "the organization";
      if (s.id.empty()) {
        ck.add(ExitStatus::usage,
               fmt::format("cannot derive an id from the name '{}': it has no letter or digit that reads as ASCII",
                           s.name),
               id_hint(in.line, what));
      } else if (taken.count(s.id)) {
        ck.add(ExitStatus::refused, fmt::format("'{}' is already registered, as '{}'", s.name, s.id),
               fmt::format("if it is another {}, {}; to change the one registered: interlink stakeholder update {}",
                           s.kind, id_hint(in.line, "it"), s.id));
      } else if (auto it = batch_ids.find(s.id); it != batch_ids.end()) {
        ck.add(ExitStatus::refused, fmt::format("'{}' gives the id '{}', as line {} does", s.name, s.id, it->second),
               id_hint(in.line, what));
      }
    } else if (taken.count(s.id)) {
      ck.add(ExitStatus::refused, fmt::format("stakeholder '{}' already exists", s.id),
             fmt::format("choose another id, or change it with 'interlink stakeholder update {}'", s.id));
    } else if (auto it = batch_ids.find(s.id); it != batch_ids.end()) {
      ck.add(ExitStatus::refused, fmt::format("the id '{}' is already given on line {}", s.id, it->second));
    } else if (person && id_reveals(s.id, c->contact.name, c->contact.email)) {
      ck.add(ExitStatus::refused,
             fmt::format("the id '{}' shows part of the person's name or email: ids of persons must be pseudonymous",
                         s.id),
             "leave the id out and interlink draws a random one");
    }
    if (person && !c->contact.email.empty()) {
      std::string e = lower(c->contact.email);
      if (std::string owner = person_with_email(e); !owner.empty()) {
        ck.add(ExitStatus::refused,
               fmt::format("a person with the email {} is already registered, as '{}'", c->contact.email, owner),
               fmt::format("to change that person: interlink stakeholder update {}", owner));
      } else if (auto jt = batch_emails.find(e); jt != batch_emails.end()) {
        ck.add(ExitStatus::refused,
               fmt::format("the email {} is already given on line {}", c->contact.email, jt->second));
      }
    }
    check_file_size(ck, s);
    if (ck.failed()) continue;
    batch_ids.emplace(s.id, in.line);
    if (person && !c->contact.email.empty()) batch_emails.emplace(lower(c->contact.email), in.line);
    plan.candidates.push_back(std::move(*c));
  }
  screen_free_text(plan, contacts);
  std::stable_sort(plan.issues.begin(), plan.issues.end(),
                   [](const Issue& a, const Issue& b) { return a.line < b.line; });
  return plan;
}

ledger::Json added_payload(const model::Stakeholder& s) {
  ledger::Json p = {{"kind", s.kind}, {"sector", s.sector}, {"role", s.role}, {"consent", s.consent.status}};
  if (s.kind != "person") {
    p["name"] = s.name;
    if (!s.tags.empty()) p["tags"] = s.tags;
  }
  if (s.influence) p["influence"] = s.influence;
  if (s.interest) p["interest"] = s.interest;
  return p;
}

// Settles contacts that a killed add left pending: kept if the ledger
// recorded their stakeholder. Runs under the project lock, where no other
// command can be between writing its contacts and committing its events.
// (A crash followed by a switch to a branch whose ledger lacks the event
// would erase them: the private store is shared by all branches.)
namespace {

void settle_private(PrivateStore& store, const ledger::Ledger& led) {
  store.resolve_pending([&](const std::string& id) {
    return !led.read({.kind = std::string(kinds::stakeholder_added), .subject = id}).empty();
  });
}

// Every stakeholder change settles first, whatever it touches: personal data
// of persons a killed import never registered must not outlive the next
// change (SPEC §6), and 'forget' cannot reach them, having no stakeholder.
// Adds and updates settle here; remove and forget, which open the store in
// any case, settle in it.
void settle_if_any(const stdfs::path& root, const ledger::Ledger& led) {
  // Temporary files of killed writes may hold a person's bands: under the
  // lock, no running writer owns one.
  io::remove_leftover_temp_files(root);
  std::error_code ec;
  if (!stdfs::exists(PrivateStore::path_for(root), ec)) return;
  auto store = PrivateStore::open(root, true);
  settle_private(store, led);
}

}  // namespace

namespace {

// One e-mail, one person, checked again under the project lock: plan_add
// read the private store before it, and two commands adding the same person
// at once both passed there.
void check_emails_free(const stdfs::path& root, const PrivateStore& store, const std::vector<Candidate>& candidates) {
  std::map<std::string, std::vector<std::string>> ids_by_email;
  for (const auto& [id, c] : store.all())
    if (!c.email.empty()) ids_by_email[lower(c.email)].push_back(id);
  Issues issues;
  for (const auto& c : candidates) {
    if (c.s.kind != "person" || c.contact.email.empty()) continue;
    auto it = ids_by_email.find(lower(c.contact.email));
    if (it == ids_by_email.end()) continue;
    for (const auto& id : it->second) {
      if (id == c.s.id || !file_exists(root, id) || kind_of(root, id) != "person") continue;
      issues.push_back({ExitStatus::refused,
                        fmt::format("a person with the email {} was registered by another command meanwhile, as '{}'",
                                    c.contact.email, id),
                        fmt::format("to change that person: interlink stakeholder update {}", id), c.line});
      break;
    }
  }
  if (!issues.empty()) throw IssuesError(ExitStatus::refused, std::move(issues));
}

}  // namespace

void commit_add(const stdfs::path& root, const std::string& actor, const std::vector<Candidate>& candidates) {
  auto led = open_ledger(root);
  std::vector<std::string> with_contact;
  for (const auto& c : candidates)
    if (!c.contact.empty()) with_contact.push_back(c.s.id);
  std::optional<PrivateStore> store;
  try {
    led.commit(actor, [&](const ledger::Ledger& l) {
      Issues issues;
      for (const auto& c : candidates) {
        if (file_exists(root, c.s.id)) {
          issues.push_back({ExitStatus::refused,
                            fmt::format("stakeholder '{}' was added by another command meanwhile", c.s.id),
                            "run the command again", c.line});
        }
      }
      if (!issues.empty()) throw IssuesError(ExitStatus::refused, std::move(issues));
      settle_if_any(root, l);
      if (!with_contact.empty()) {
        // Committed before the ledger, marked pending until it commits too.
        store.emplace(PrivateStore::open(root, true));
        check_emails_free(root, *store, candidates);
        PrivateStore::Transaction tx(*store);
        for (const auto& c : candidates)
          if (!c.contact.empty()) store->put(c.s.id, c.contact, true);
        tx.commit();
      }
      ledger::Change change;
      change.events.reserve(candidates.size());
      change.files.reserve(candidates.size());
      for (const auto& c : candidates) {
        change.events.push_back({std::string(kinds::stakeholder_added), c.s.id, added_payload(c.s)});
        change.files.push_back({io::stakeholder_path(c.s.id), io::stakeholder_to_yaml(c.s)});
      }
      return change;
    });
  } catch (...) {
    // The events may be committed and only the files failed: then the
    // contacts belong to them, and the next command settles them.
    if (store && led.read({.kind = std::string(kinds::stakeholder_added), .subject = with_contact.front()}).empty()) {
      store->discard(with_contact);
    }
    throw;
  }
  if (store) store->confirm(with_contact);
  io::remember_readable_plan(root);
}

model::Stakeholder read_for_change(const stdfs::path& root, const std::string& id) {
  io::check_layout(root);
  if (!text::is_slug(id) || !file_exists(root, id)) {
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

// ---- forget ----

namespace {

ForgetResult plan_forget(const stdfs::path& root, const std::string& id, const PrivateStore& store,
                         const ledger::Ledger* led) {
  require_readable_plan(root);
  ForgetResult r;
  model::Stakeholder s;
  if (text::is_slug(id) && !file_exists(root, id)) {
    // The file is gone (deleted by hand, or never written by a killed
    // import): the person's data may still be in the private store, and
    // forget works from it and the ledger, whatever the files say.
    auto added =
        led ? led->read({.kind = std::string(kinds::stakeholder_added), .subject = id}) : std::vector<ledger::Event>{};
    const std::string kind = added.empty() ? std::string() : added.back().payload.value("kind", std::string());
    if (kind.empty() && !store.get(id)) s = read_for_change(root, id);  // unknown: refused with a suggestion
    s.id = id;
    s.kind = kind.empty() ? "person" : kind;
    r.has_file = false;
  } else {
    s = read_for_change(root, id);
  }
  if (s.kind != "person") {
    refuse(fmt::format("'{}' is an {}, not a person: forget erases a person's personal data, and the name of an "
                       "organization or group is not personal data",
                       id, s.kind == "group" ? "group" : "organization"),
           fmt::format("to take it out of the project: interlink stakeholder remove {} --reason TEXT; to drop its "
                       "contact email or phone: interlink stakeholder update {} --email '' --phone ''",
                       id, id));
  }
  Contact c = store.get(id).value_or(Contact{});
  if (!c.name.empty()) r.erased.push_back("name");
  if (!c.email.empty()) r.erased.push_back("email");
  if (!c.phone.empty()) r.erased.push_back("phone");
  for (const auto& band : model::vocab::bands)
    if (s.bands.count(band)) r.erased.push_back(band);
  if (!s.tags.empty()) r.erased.push_back("tags");
  if (r.erased.empty() && led && !led->read({.kind = std::string(kinds::stakeholder_erased), .subject = id}).empty()) {
    refuse(fmt::format("'{}' has already been forgotten: nothing of theirs is left to erase", id));
  }
  s.bands.clear();
  s.tags.clear();
  r.after = s;
  return r;
}

}  // namespace

ForgetResult forget(const stdfs::path& root, const std::string& actor, const std::string& id, bool dry_run) {
  // A dry run is a check: it must not apply what the ledger has staged.
  auto led = ledger::Ledger::open(root / "ledger.db",
                                  dry_run ? ledger::Ledger::Mode::read_only : ledger::Ledger::Mode::read_write);
  ForgetResult r;
  {
    auto store = PrivateStore::open(root, false);
    r = plan_forget(root, id, store, &led);
  }
  if (dry_run) return r;
  led.commit(actor, [&](const ledger::Ledger& l) {
    std::error_code ec;
    bool has_store = stdfs::exists(PrivateStore::path_for(root), ec);
    auto store = PrivateStore::open(root, has_store);
    r = plan_forget(root, id, store, &l);
    io::remove_leftover_temp_files(root);  // one may hold the person's bands
    // Erase first: should the ledger commit fail, the person's data is gone
    // all the same, and running forget again records it.
    if (has_store) {
      settle_private(store, l);
      store.erase(id);
    }
    ledger::Change change;
    change.events.push_back({std::string(kinds::stakeholder_erased), id, {{"erased", r.erased}}});
    if (r.has_file) change.files.push_back({io::stakeholder_path(id), io::stakeholder_to_yaml(r.after)});
    return change;
  });
  return r;
}

}  // namespace interlink::stakeholders
