// See listing.hpp.
#include "stakeholders/listing.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "io/csv.hpp"
#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "model/vocab.hpp"
#include "stakeholders/fields.hpp"
#include "stakeholders/import.hpp"
#include "util/error.hpp"
#include "util/table.hpp"
#include "util/text.hpp"

namespace interlink::stakeholders {

namespace {

void check_filter(const std::string& what, const std::string& v, const std::vector<std::string>& allowed) {
  if (v.empty() || std::find(allowed.begin(), allowed.end(), v) != allowed.end()) return;
  refuse(fmt::format("unknown {} '{}'{}; expected {}", what, v, text::did_you_mean(v, allowed), one_of_list(allowed)));
}

const Contact* contact_of(const std::map<std::string, Contact>* contacts, const std::string& id) {
  if (!contacts) return nullptr;
  auto it = contacts->find(id);
  return it == contacts->end() ? nullptr : &it->second;
}

std::string shown_name(const model::Stakeholder& s, const std::map<std::string, Contact>* contacts) {
  if (s.kind != "person") return s.name;
  const Contact* c = contact_of(contacts, s.id);
  return c ? c->name : std::string();
}

std::string level(int v) { return v ? std::to_string(v) : std::string(); }

}  // namespace

std::set<std::string> erased_ids(const std::filesystem::path& root) {
  std::set<std::string> out;
  std::error_code ec;
  if (!std::filesystem::exists(io::ledger_path(root), ec)) return out;
  auto led = ledger::Ledger::open(io::ledger_path(root), ledger::Ledger::Mode::read_only);
  led.scan({.kind = std::string(ledger::kinds::stakeholder_erased)},
           [&](const ledger::Record& r) { out.insert(r.subject); });
  return out;
}

std::vector<std::string> drop_erased_contacts(std::map<std::string, Contact>& contacts,
                                              const std::set<std::string>& erased) {
  std::vector<std::string> held;
  for (auto it = contacts.begin(); it != contacts.end();) {
    if (erased.count(it->first)) {
      held.push_back(it->first);
      it = contacts.erase(it);
    } else {
      ++it;
    }
  }
  return held;
}

std::string erased_held_message(const std::string& id) {
  return fmt::format(
      "the private store holds contact data of '{}', whom 'interlink forget' erased (the erasure was recorded in "
      "another copy of the project, or this store was restored); it is not shown: erase it here with 'interlink "
      "forget {}'",
      text::printable(id), text::printable(id));
}

void mark_erased(model::Stakeholder& s) { s.consent = {kErasedStatus, "", ""}; }

std::vector<model::Stakeholder> select(const io::Workspace& ws, const Filter& f) {
  check_filter("sector", f.sector, model::vocab::sectors);
  check_filter("role", f.role, model::vocab::roles);
  check_filter("kind", f.kind, model::vocab::kinds);
  std::vector<model::Stakeholder> out;
  for (const auto& s : ws.stakeholders) {
    if (!f.sector.empty() && s.sector != f.sector) continue;
    if (!f.role.empty() && s.role != f.role) continue;
    if (!f.kind.empty() && s.kind != f.kind) continue;
    if (!f.tag.empty() && std::find(s.tags.begin(), s.tags.end(), f.tag) == s.tags.end()) continue;
    out.push_back(s);
    if (f.erased.count(s.id)) mark_erased(out.back());
  }
  return out;
}

std::string render_text(const std::vector<model::Stakeholder>& list, const std::map<std::string, Contact>* contacts) {
  std::vector<std::vector<std::string>> rows = {
      {"ID", "KIND", "NAME", "SECTOR", "ROLE", "INFLUENCE", "INTEREST", "CONSENT", "TAGS"}};
  // With the private store, its contact data too, before the free-length tags.
  if (contacts) rows.front().insert(rows.front().end() - 1, {"EMAIL", "PHONE"});
  auto or_dash = [](const std::string& v) { return v.empty() ? std::string("-") : v; };
  for (const auto& s : list) {
    std::vector<std::string> row = {s.id,
                                    s.kind,
                                    or_dash(shown_name(s, contacts)),
                                    s.sector,
                                    s.role,
                                    or_dash(level(s.influence)),
                                    or_dash(level(s.interest)),
                                    s.consent.status};
    if (contacts) {
      const Contact* c = contact_of(contacts, s.id);
      row.push_back(or_dash(c ? c->email : ""));
      row.push_back(or_dash(c ? c->phone : ""));
    }
    row.push_back(text::join(s.tags, ";"));
    // A hand-edited file may hold escape sequences or bidi controls: shown, never obeyed.
    for (auto& cell : row) cell = text::printable(cell);
    rows.push_back(std::move(row));
  }
  return text::table(rows);
}

std::string render_json(const std::vector<model::Stakeholder>& list, const std::map<std::string, Contact>* contacts) {
  ledger::Json arr = ledger::Json::array();
  for (const auto& s : list) {
    ledger::Json o = {{"id", s.id}, {"kind", s.kind}};
    if (std::string name = shown_name(s, contacts); !name.empty()) o["name"] = name;
    o["sector"] = s.sector;
    o["role"] = s.role;
    if (s.influence) o["influence"] = s.influence;
    if (s.interest) o["interest"] = s.interest;
    o["tags"] = s.tags;
    if (!s.joined.empty()) o["joined"] = s.joined;
    ledger::Json consent = {{"status", s.consent.status}};
    if (!s.consent.date.empty()) consent["date"] = s.consent.date;
    if (!s.consent.scope.empty()) consent["scope"] = s.consent.scope;
    o["consent"] = consent;
    for (const auto& [band, value] : s.bands) o[band] = value;
    if (const Contact* c = contact_of(contacts, s.id)) {
      if (!c->email.empty()) o["email"] = c->email;
      if (!c->phone.empty()) o["phone"] = c->phone;
    }
    arr.push_back(std::move(o));
  }
  ledger::Json doc = {{"format_version", 1}, {"stakeholders", arr}};
  return doc.dump(2) + "\n";
}

std::string render_csv(const std::vector<model::Stakeholder>& list, const std::map<std::string, Contact>* contacts) {
  std::string out = io::csv::format_row(kCsvColumns);
  for (const auto& s : list) {
    const Contact* c = contact_of(contacts, s.id);
    auto band = [&](const std::string& b) {
      auto it = s.bands.find(b);
      return it == s.bands.end() ? std::string() : it->second;
    };
    std::vector<std::string> row = {s.id,
                                    s.kind,
                                    shown_name(s, contacts),
                                    s.sector,
                                    s.role,
                                    level(s.influence),
                                    level(s.interest),
                                    text::join(s.tags, ";"),
                                    s.joined,
                                    s.consent.status,
                                    s.consent.date,
                                    s.consent.scope,
                                    c ? c->email : "",
                                    c ? c->phone : "",
                                    band("age_band"),
                                    band("gender"),
                                    band("area")};
    out += io::csv::format_row(row);
  }
  return out;
}

Summary summarize(const io::Workspace& ws, const std::vector<model::Stakeholder>& list) {
  Summary s;
  s.total = list.size();
  s.targets = ws.project.governance.representation;
  for (const auto& st : list) {
    if (st.consent.status == kErasedStatus) {
      --s.total;
      continue;
    }
    ++s.kinds[st.kind];
    ++s.sectors[st.sector];
    ++s.roles[st.role];
    // Consent is asked of persons only (organizations and groups keep the
    // default "pending" forever): counted as the consent gate counts it.
    if (st.kind == "person") ++s.consent[st.consent.status];
  }
  return s;
}

std::string render_summary_text(const Summary& s) {
  auto count = [](const std::map<std::string, std::size_t>& m, const std::string& k) -> std::size_t {
    auto it = m.find(k);
    return it == m.end() ? 0 : it->second;
  };
  std::vector<std::string> kinds;
  for (const auto& k : model::vocab::kinds) {
    if (std::size_t n = count(s.kinds, k); n) {
      kinds.push_back(fmt::format("{} {}{}", n, k, n == 1 ? "" : "s"));
    }
  }
  std::string out = fmt::format("{} stakeholder{}{}\n", s.total, s.total == 1 ? "" : "s",
                                kinds.empty() ? "" : " (" + text::join(kinds, ", ") + ")");
  out += "\nSECTOR     COUNT  TARGET\n";
  for (const auto& sec : model::vocab::sectors) {
    std::size_t n = count(s.sectors, sec);
    auto t = s.targets.find(sec);
    std::string target = t == s.targets.end() ? "-" : std::to_string(t->second);
    std::string verdict;
    if (t != s.targets.end()) {
      verdict = n >= static_cast<std::size_t>(t->second)
                    ? "met"
                    : fmt::format("{} short", static_cast<std::size_t>(t->second) - n);
    }
    std::string line = fmt::format("{:<9}  {:>5}  {:>6}  {}", sec, n, target, verdict);
    while (line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  out += "\nROLE         COUNT\n";
  for (const auto& role : model::vocab::roles) out += fmt::format("{:<11}  {:>5}\n", role, count(s.roles, role));
  out += "\nCONSENT OF PERSONS  COUNT\n";
  for (const auto& c : model::vocab::consent_statuses) out += fmt::format("{:<18}  {:>5}\n", c, count(s.consent, c));
  return out;
}

ledger::Json summary_json(const Summary& s) {
  auto counts = [](const std::vector<std::string>& names, const std::map<std::string, std::size_t>& m) {
    ledger::Json o = ledger::Json::object();
    for (const auto& n : names) {
      auto it = m.find(n);
      o[n] = it == m.end() ? 0 : it->second;
    }
    return o;
  };
  ledger::Json sectors = ledger::Json::array();
  for (const auto& sec : model::vocab::sectors) {
    auto it = s.sectors.find(sec);
    std::size_t n = it == s.sectors.end() ? 0 : it->second;
    ledger::Json row = {{"sector", sec}, {"count", n}};
    if (auto t = s.targets.find(sec); t != s.targets.end()) {
      row["target"] = t->second;
      row["met"] = n >= static_cast<std::size_t>(t->second);
    }
    sectors.push_back(row);
  }
  return {{"format_version", 1},
          {"total", s.total},
          {"kinds", counts(model::vocab::kinds, s.kinds)},
          {"sectors", sectors},
          {"roles", counts(model::vocab::roles, s.roles)},
          {"consent", counts(model::vocab::consent_statuses, s.consent)}};
}

}  // namespace interlink::stakeholders
