// See view.hpp.
#include "report/view.hpp"

#include <fmt/format.h>

#include "report/mustache.hpp"
#include "report/svg.hpp"
#include "util/text.hpp"

namespace interlink::report {

namespace {

using Json = nlohmann::json;

std::string pct(const I18n& t, int n) {
  std::string p = t("format.percent");
  auto at = p.find("{n}");
  return at == std::string::npos ? std::to_string(n) + "%" : p.replace(at, 3, std::to_string(n));
}

Json progress(const I18n& t, const Progress& p) {
  return {{"done", p.done}, {"total", p.total}, {"percent", pct(t, p.percent)}};
}

Json labelled(const I18n& t, const std::string& prefix, const std::vector<Count>& cs) {
  Json a = Json::array();
  for (const auto& c : cs) a.push_back({{"key", c.key}, {"label", t.word(prefix, c.key)}, {"count", c.count}});
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
  return {{"purpose", o.purpose},
          {"model", t.word("model", o.model)},
          {"participation", t.word("iap2", o.participation)},
          {"levels", text::join(levels, ", ")},
          {"active", text::join(active, ", ")},
          {"has_active", !active.empty()},
          {"progress", progress(t, o.progress)},
          {"stakeholders", o.stakeholders},
          {"feedback", o.feedback},
          {"unanswered", o.unanswered},
          {"decisions", o.decisions},
          {"overdue", o.overdue},
          {"events", o.events}};
}

Json phases(const Report& r, const I18n& t) {
  Json a = Json::array();
  for (const auto& p : r.phases) {
    Json tasks = Json::array();
    for (const auto& k : p.tasks) {
      tasks.push_back({{"id", k.id},
                       {"name", k.name},
                       {"objective", k.objective},
                       {"status", k.status},
                       {"status_label", t.word("status", k.status)},
                       {"due", t.date(k.due)},
                       {"finished", t.date(k.finished)},
                       {"overdue", k.overdue},
                       {"optional", k.optional},
                       {"evidence", k.evidence}});
    }
    a.push_back({{"id", p.id},
                 {"name", p.name},
                 {"status", p.status},
                 {"status_label", t.word("status", p.status)},
                 {"iteration", p.iteration},
                 {"participation", t.word("iap2", p.participation)},
                 {"planned_start", t.date(p.planned_start)},
                 {"planned_end", t.date(p.planned_end)},
                 {"actual_start", t.date(p.actual_start)},
                 {"actual_end", t.date(p.actual_end)},
                 {"progress", progress(t, p.progress)},
                 {"feedback", p.feedback},
                 {"decisions", p.decisions},
                 {"tasks", tasks},
                 {"has_tasks", !tasks.empty()}});
  }
  return a;
}

Json stakeholders(const Report& r, const I18n& t) {
  const auto& s = r.stakeholders;
  Json grid = Json::array();
  int number = 0;
  for (const auto& g : s.grid) {
    grid.push_back({{"number", ++number},
                    {"id", g.id},
                    {"label", g.label},
                    {"kind", t.word("kind", g.kind)},
                    {"sector", t.word("sector", g.sector)},
                    {"role", t.word("role", g.role)},
                    {"influence", g.influence},
                    {"interest", g.interest},
                    {"quadrant", t.word("quadrant", g.quadrant)}});
  }
  Json sectors = Json::array();
  for (const auto& x : s.sectors) {
    sectors.push_back({{"label", t.word("sector", x.sector)},
                       {"count", x.count},
                       {"target", x.target},
                       {"has_target", x.target > 0},
                       {"met", x.met}});
  }
  return {{"total", s.total},
          {"grid", grid},
          {"unrated", s.unrated.size()},
          {"quadrants", labelled(t, "quadrant", s.quadrants)},
          {"sectors", sectors},
          {"roles", labelled(t, "role", s.roles)},
          {"kinds", labelled(t, "kind", s.kinds)},
          {"consent", labelled(t, "consent", s.consent)}};
}

Json participation(const Report& r, const I18n& t) {
  const auto& p = r.participation;
  Json by_phase = Json::array();
  for (const auto& c : p.by_phase) by_phase.push_back({{"label", phase_name(r, c.key)}, {"count", c.count}});
  Json header = Json::array();
  for (const auto& ph : p.matrix_phases) header.push_back({{"label", phase_name(r, ph)}});
  Json rows = Json::array();
  for (std::size_t i = 0; i < p.matrix_sectors.size(); ++i) {
    Json cells = Json::array();
    for (int n : p.cells[i]) cells.push_back({{"count", n}});
    rows.push_back({{"label", t.word("sector", p.matrix_sectors[i])}, {"cells", cells}});
  }
  Json not_heard = Json::array();
  for (const auto& s : p.sectors_not_heard) not_heard.push_back({{"label", t.word("sector", s)}});
  return {{"total", p.total},
          {"by_sector", labelled(t, "sector", p.by_sector)},
          {"by_phase", by_phase},
          {"by_type", labelled(t, "type", p.by_type)},
          {"matrix", {{"header", header}, {"rows", rows}, {"has_rows", !rows.empty()}}},
          {"sectors_not_heard", not_heard},
          {"has_sectors_not_heard", !not_heard.empty()},
          {"stakeholders_not_heard", text::join(p.stakeholders_not_heard, ", ")},
          {"not_heard_count", p.stakeholders_not_heard.size()}};
}

Json decisions(const Report& r, const I18n& t) {
  Json a = Json::array();
  for (const auto& d : r.decisions) {
    a.push_back({{"id", d.id},
                 {"date", t.date(d.date)},
                 {"title", d.title},
                 {"phase", phase_name(r, d.phase)},
                 {"iteration", d.iteration},
                 {"for", d.votes_for},
                 {"against", d.votes_against},
                 {"abstain", d.votes_abstain},
                 {"eligible", d.eligible},
                 {"rule", t.word("rule", d.rule) + (d.threshold.empty() ? "" : " (" + d.threshold + ")")},
                 {"quorum", d.quorum},
                 {"outcome", t.word("outcome", d.outcome)},
                 {"approved", d.outcome == "approved"},
                 {"review", t.date(d.review)},
                 {"note", d.note},
                 {"addresses", text::join(d.addresses, ", ")}});
  }
  return a;
}

Json trace(const Report& r, const I18n& t) {
  Json a = Json::array();
  for (const auto& f : r.trace) {
    Json answers = Json::array();
    for (const auto& x : f.answers) {
      answers.push_back({{"kind", t.word("answer", x.kind)}, {"id", x.id}, {"name", x.name}, {"date", t.date(x.date)}});
    }
    a.push_back({{"id", f.id},
                 {"date", t.date(f.date)},
                 {"from", f.from_label.empty() ? f.from : f.from_label},
                 {"sector", t.word("sector", f.sector)},
                 {"phase", phase_name(r, f.phase)},
                 {"type", t.word("type", f.type)},
                 {"text", f.text},
                 {"answers", answers},
                 {"answered", !answers.empty()}});
  }
  return a;
}

Json record(const Report& r, const I18n& t) {
  const auto& rec = r.record;
  Json heads = Json::array();
  for (const auto& h : rec.heads) heads.push_back({{"hash", h}});
  Json overrides = Json::array();
  for (const auto& o : rec.overrides) {
    Json unmet = Json::array();
    for (const auto& u : o.unmet) unmet.push_back({{"condition", u.condition}, {"have", u.have}, {"need", u.need}});
    overrides.push_back({{"date", t.time(o.time)},
                         {"actor", o.actor},
                         {"phase", phase_name(r, o.phase)},
                         {"transition", t.word("transition", o.transition)},
                         {"iteration", o.iteration},
                         {"reason", o.reason},
                         {"unmet", unmet}});
  }
  return {{"events", rec.events},   {"heads", heads},
          {"root", rec.root},       {"verified", rec.verified},
          {"problem", rec.problem}, {"last_event", t.time(rec.last_event)},
          {"overrides", overrides}, {"has_overrides", !overrides.empty()}};
}

}  // namespace

nlohmann::json view(const Report& r, const I18n& t, bool html) {
  Json show = Json::object();
  for (Section s : r.sections) show[section_name(s)] = true;
  Json v = {{"t", words_view(t)},
            {"lang", t.lang()},
            {"id", r.id},
            {"title", r.title},
            {"organization", r.organization},
            {"generated", t.time(r.generated)},
            {"today", t.date(r.today)},
            {"with_names", r.with_names},
            {"show", show},
            {"overview", overview(r, t)},
            {"phases", phases(r, t)},
            {"stakeholders", stakeholders(r, t)},
            {"participation", participation(r, t)},
            {"decisions", decisions(r, t)},
            {"has_decisions", !r.decisions.empty()},
            {"trace", trace(r, t)},
            {"has_trace", !r.trace.empty()},
            {"unlisted",
             {{"has", r.unlisted.total() > 0},
              {"total", r.unlisted.total()},
              {"answered", r.unlisted.answered},
              {"open", r.unlisted.open}}},
            {"record", record(r, t)}};
  if (html) {
    v["charts"] = {{"gantt", svg::gantt(r, t)},
                   {"progress", svg::progress(r, t)},
                   {"grid", svg::grid(r, t)},
                   {"representation", svg::representation(r, t)},
                   {"feedback", svg::feedback(r, t)}};
  } else {
    v["charts"] = {{"mermaid", svg::mermaid_gantt(r, t)}};
  }
  return v;
}

}  // namespace interlink::report
