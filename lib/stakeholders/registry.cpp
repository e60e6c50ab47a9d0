// See registry.hpp. Adding stakeholders (one, or a CSV import); changing,
// removing and forgetting them is registry_change.cpp; what both share,
// registry_detail.
#include "stakeholders/registry.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "io/layout.hpp"
#include "io/plan_check.hpp"
#include "io/project_io.hpp"
#include "io/stakeholder_write.hpp"
#include "io/yaml.hpp"
#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "model/vocab.hpp"
#include "privacy/screen.hpp"
#include "stakeholders/ids.hpp"
#include "stakeholders/name_index.hpp"
#include "stakeholders/registry_detail.hpp"
#include "util/beneath.hpp"
#include "util/clock.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"
#include "util/unicode.hpp"

namespace interlink::stakeholders {

namespace kinds = ledger::kinds;
using namespace detail;

namespace {

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

// The index of the current organizations' and groups' names
// (name_index.hpp), or none when the project has no ledger yet.
std::optional<NameIndex> registered_names(const stdfs::path& root) {
  std::error_code ec;
  if (!stdfs::exists(io::ledger_path(root), ec)) return std::nullopt;
  return NameIndex::load(std::make_shared<const ledger::Ledger>(
                             ledger::Ledger::open(io::ledger_path(root), ledger::Ledger::Mode::read_only)),
                         root);
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
  std::map<std::string, int> batch_ids, batch_emails, batch_names;
  bool names_read = false;  // the index, read when an organization or group comes (plan.names)
  std::size_t done = 0;
  for (const auto& in : inputs) {
    auto c = check_input(in, plan.issues);
    if (progress) progress(++done, inputs.size());
    if (!c) continue;
    Checker ck(plan.issues, in.line);
    model::Stakeholder& s = c->s;
    bool person = s.kind == "person";
    auto is_taken = [&](const std::string& id) { return taken.count(id) || batch_ids.count(id); };
    std::string same_name;  // the id of a current organization or group named alike
    if (!person) {
      if (!names_read) {
        plan.names = registered_names(root);
        names_read = true;
      }
      if (plan.names) same_name = plan.names->find(name_key(s.name));
      if (c->id_given && same_name == s.id) same_name.clear();  // its own id: refused as taken below
    }
    if (!same_name.empty()) {
      ck.add(ExitStatus::refused, fmt::format("'{}' is already registered, as '{}'", s.name, same_name),
             fmt::format("to change the one registered: interlink stakeholder update {}; if it is another {}, give it "
                         "a name that tells the two apart",
                         same_name, s.kind));
    } else if (auto named = !person ? batch_names.find(name_key(s.name)) : batch_names.end();
               named != batch_names.end()) {
      ck.add(ExitStatus::refused, fmt::format("'{}' is already given on line {}", s.name, named->second));
    } else if (!c->id_given && person) {
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
      // An erased person's file stays (the ledger's references resolve),
      // but `stakeholder update` refuses them: only a new registration helps.
      bool erased = status_in_ledger(root, s.id) == "erased";
      ck.add(ExitStatus::refused,
             fmt::format("stakeholder '{}' already exists{}", s.id, erased ? ", erased at their request" : ""),
             erased ? fmt::format("their id stays with what was recorded: should they take part again, register "
                                  "them anew {}, with their consent",
                                  in.line ? "with an empty id" : "without --id")
                    : fmt::format("choose another id, or change it with 'interlink stakeholder update {}'", s.id));
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
    if (!person) batch_names.emplace(name_key(s.name), in.line);
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

}  // namespace interlink::stakeholders
