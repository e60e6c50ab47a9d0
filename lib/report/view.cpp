// See view.hpp.
#include "report/view.hpp"

#include <fmt/format.h>

#include "report/mustache.hpp"
#include "report/svg.hpp"
#include "util/text.hpp"

namespace interlink::report {

namespace {

using Json = nlohmann::json;

// An object from its keys and values: obj("id", p.id, "name", p.name).
// Not nlohmann's {{"id", p.id}, ...}, which builds a two-element array for
// each pair and then takes the pairs apart: that was a third of the view's
// instructions, and the view a third of `report --format html` on
// examples/pspm (callgrind, issue 10).
void put(Json::object_t& /*o*/) {}

template <class V, class... Rest>
void put(Json::object_t& o, const char* key, V&& value, Rest&&... rest) {
  o.insert_or_assign(key, Json(std::forward<V>(value)));
  put(o, std::forward<Rest>(rest)...);
}

template <class... Args>
Json obj(Args&&... args) {
  static_assert(sizeof...(Args) % 2 == 0, "keys and values");
  Json j = Json::object();
  put(j.get_ref<Json::object_t&>(), std::forward<Args>(args)...);
  return j;
}

std::string pct(const I18n& t, int n) {
  std::string p = t("format.percent");
  auto at = p.find("{n}");
  return at == std::string::npos ? std::to_string(n) + "%" : p.replace(at, 3, std::to_string(n));
}

Json progress(const I18n& t, const Progress& p) {
  return obj("done", p.done, "total", p.total, "percent", pct(t, p.percent));
}

Json labelled(const I18n& t, const std::string& prefix, const std::vector<Count>& cs) {
  Json a = Json::array();
  for (const auto& c : cs) a.push_back(obj("key", c.key, "label", t.word(prefix, c.key), "count", c.count));
  return a;
}

std::string phase_name(const Report& r, const std::string& id) {
  for (const auto& p : r.phases) {
    if (p.id == id) return p.name;
  }
  return id;
}

Json overview(const Report& r, const I18n& t) {
  const auto& o = r.overview;
  std::vector<std::string> levels, active;
  for (const auto& l : o.levels) levels.push_back(t.word("iap2", l));
  for (const auto& a : o.active_phases) active.push_back(phase_name(r, a));
  return obj("purpose", o.purpose, "model", t.word("model", o.model), "participation", t.word("iap2", o.participation),
             "levels", text::join(levels, ", "), "active", text::join(active, ", "), "has_active", !active.empty(),
             "progress", progress(t, o.progress), "stakeholders", o.stakeholders, "feedback", o.feedback, "unanswered",
             o.unanswered, "decisions", o.decisions, "overdue", o.overdue, "events", o.events);
}

Json phases(const Report& r, const I18n& t) {
  Json a = Json::array();
  for (const auto& p : r.phases) {
    Json tasks = Json::array();
    for (const auto& k : p.tasks) {
      tasks.push_back(obj("id", k.id, "name", k.name, "objective", k.objective, "status", k.status, "status_label",
                          t.word("status", k.status), "due", t.date(k.due), "finished", t.date(k.finished), "overdue",
                          k.overdue, "optional", k.optional, "evidence", k.evidence));
    }
    const bool has_tasks = !tasks.empty();
    a.push_back(obj("id", p.id, "name", p.name, "status", p.status, "status_label", t.word("status", p.status),
                    "iteration", p.iteration, "forced", p.forced, "participation", t.word("iap2", p.participation),
                    "planned_start", t.date(p.planned_start), "planned_end", t.date(p.planned_end), "actual_start",
                    t.date(p.actual_start), "actual_end", t.date(p.actual_end), "progress", progress(t, p.progress),
                    "feedback", p.feedback, "decisions", p.decisions, "tasks", std::move(tasks), "has_tasks",
                    has_tasks));
  }
  return a;
}

Json stakeholders(const Report& r, const I18n& t) {
  const auto& s = r.stakeholders;
  Json grid = Json::array();
  int number = 0;
  for (const auto& g : s.grid) {
    grid.push_back(obj("number", ++number, "id", g.id, "label", g.label, "kind", t.word("kind", g.kind), "sector",
                       t.word("sector", g.sector), "role", t.word("role", g.role), "influence", g.influence, "interest",
                       g.interest, "quadrant", t.word("quadrant", g.quadrant)));
  }
  Json sectors = Json::array();
  for (const auto& x : s.sectors) {
    sectors.push_back(obj("label", t.word("sector", x.sector), "count", x.count, "target", x.target, "has_target",
                          x.target > 0, "met", x.met));
  }
  // Consent is counted over persons only: a project of organizations says
  // so in a sentence rather than with an empty table.
  int persons = 0;
  for (const auto& c : s.consent) persons += c.count;
  return obj("total", s.total, "grid", std::move(grid), "unrated", s.unrated.size(), "quadrants",
             labelled(t, "quadrant", s.quadrants), "sectors", std::move(sectors), "roles", labelled(t, "role", s.roles),
             "kinds", labelled(t, "kind", s.kinds), "consent", labelled(t, "consent", s.consent), "has_persons",
             persons > 0);
}

Json participation(const Report& r, const I18n& t) {
  const auto& p = r.participation;
  Json by_phase = Json::array();
  for (const auto& c : p.by_phase) by_phase.push_back(obj("label", phase_name(r, c.key), "count", c.count));
  Json header = Json::array();
  for (const auto& ph : p.matrix_phases) header.push_back(obj("label", phase_name(r, ph)));
  Json rows = Json::array();
  for (std::size_t i = 0; i < p.matrix_sectors.size(); ++i) {
    Json cells = Json::array();
    for (int n : p.cells[i]) cells.push_back(obj("count", n));
    rows.push_back(obj("label", t.word("sector", p.matrix_sectors[i]), "cells", std::move(cells)));
  }
  Json not_heard = Json::array();
  for (const auto& s : p.sectors_not_heard) not_heard.push_back(obj("label", t.word("sector", s)));
  const bool has_rows = !rows.empty(), has_not_heard = !not_heard.empty();
  return obj("total", p.total, "by_sector", labelled(t, "sector", p.by_sector), "by_phase", std::move(by_phase),
             "by_type", labelled(t, "type", p.by_type), "matrix",
             obj("header", std::move(header), "rows", std::move(rows), "has_rows", has_rows), "sectors_not_heard",
             std::move(not_heard), "has_sectors_not_heard", has_not_heard, "stakeholders_not_heard",
             text::join(p.stakeholders_not_heard, ", "), "not_heard_count", p.stakeholders_not_heard.size());
}

Json decisions(const Report& r, const I18n& t) {
  Json a = Json::array();
  for (const auto& d : r.decisions) {
    a.push_back(obj("id", d.id, "date", t.date(d.date), "title", d.title, "phase", phase_name(r, d.phase), "iteration",
                    d.iteration, "for", d.votes_for, "against", d.votes_against, "abstain", d.votes_abstain, "eligible",
                    d.eligible, "rule", t.word("rule", d.rule) + (d.threshold.empty() ? "" : " (" + d.threshold + ")"),
                    "quorum", d.quorum, "outcome", t.word("outcome", d.outcome), "approved", d.outcome == "approved",
                    "review", t.date(d.review), "note", d.note, "addresses", text::join(d.addresses, ", ")));
  }
  return a;
}

Json trace(const Report& r, const I18n& t) {
  Json a = Json::array();
  for (const auto& f : r.trace) {
    Json answers = Json::array();
    for (const auto& x : f.answers) {
      answers.push_back(obj("kind", t.word("answer", x.kind), "id", x.id, "name", x.name, "date", t.date(x.date)));
    }
    const bool answered = !answers.empty();
    a.push_back(obj("id", f.id, "date", t.date(f.date), "from", f.from_label.empty() ? f.from : f.from_label, "sector",
                    t.word("sector", f.sector), "phase", phase_name(r, f.phase), "type", t.word("type", f.type), "text",
                    f.text, "answers", std::move(answers), "answered", answered));
  }
  return a;
}

Json record(const Report& r, const I18n& t) {
  const auto& rec = r.record;
  Json heads = Json::array();
  for (const auto& h : rec.heads) heads.push_back(obj("hash", h));
  Json overrides = Json::array();
  for (const auto& o : rec.overrides) {
    Json unmet = Json::array();
    for (const auto& u : o.unmet) unmet.push_back(obj("condition", u.condition, "have", u.have, "need", u.need));
    overrides.push_back(obj("date", t.time(o.time), "actor", o.actor, "phase", phase_name(r, o.phase), "transition",
                            t.word("transition", o.transition), "iteration", o.iteration, "reason", o.reason, "unmet",
                            std::move(unmet)));
  }
  const bool has_overrides = !overrides.empty();
  return obj("events", rec.events, "heads", std::move(heads), "root", rec.root, "verified", rec.verified, "problem",
             rec.problem, "last_event", t.time(rec.last_event), "overrides", std::move(overrides), "has_overrides",
             has_overrides);
}

}  // namespace

nlohmann::json view(const Report& r, const I18n& t, bool html) {
  Json show = Json::object();
  for (Section s : r.sections) show[section_name(s)] = true;
  Json v = obj("t", words_view(t), "lang", t.lang(), "id", r.id, "title", r.title, "organization", r.organization,
               "generated", t.time(r.generated), "today", t.date(r.today), "with_names", r.with_names, "show",
               std::move(show), "overview", overview(r, t), "phases", phases(r, t), "stakeholders", stakeholders(r, t),
               "participation", participation(r, t), "decisions", decisions(r, t), "has_decisions",
               !r.decisions.empty(), "trace", trace(r, t), "has_trace", !r.trace.empty(), "unlisted",
               obj("has", r.unlisted.total() > 0, "total", r.unlisted.total(), "answered", r.unlisted.answered, "open",
                   r.unlisted.open),
               "record", record(r, t));
  if (html) {
    v["charts"] = obj("gantt", svg::gantt(r, t), "progress", svg::progress(r, t), "grid", svg::grid(r, t),
                      "representation", svg::representation(r, t), "feedback", svg::feedback(r, t));
  } else {
    v["charts"] = obj("mermaid", svg::mermaid_gantt(r, t));
  }
  return v;
}

}  // namespace interlink::report
