// The json report: every figure of the model, keys sorted, sections asked for
// only. Its shape is schemas/report.schema.json (format_version 1); a change
// that removes or renames a key raises kFormatVersion.
#include <nlohmann/json.hpp>

#include "report/render.hpp"

namespace interlink::report {

namespace {

using Json = nlohmann::json;

Json progress(const Progress& p) { return {{"done", p.done}, {"total", p.total}, {"percent", p.percent}}; }

Json counts(const std::vector<Count>& cs) {
  Json a = Json::array();
  for (const auto& c : cs) a.push_back({{"key", c.key}, {"count", c.count}});
  return a;
}

Json overview(const Report& r) {
  const auto& o = r.overview;
  return {{"purpose", o.purpose},
          {"governance_model", o.model},
          {"participation", o.participation},
          {"participation_levels", o.levels},
          {"active_phases", o.active_phases},
          {"progress", progress(o.progress)},
          {"stakeholders", o.stakeholders},
          {"feedback", o.feedback},
          {"unanswered", o.unanswered},
          {"decisions", o.decisions},
          {"overdue_tasks", o.overdue},
          {"events", o.events}};
}

Json phases(const Report& r) {
  Json a = Json::array();
  for (const auto& p : r.phases) {
    Json tasks = Json::array();
    for (const auto& t : p.tasks) {
      tasks.push_back({{"id", t.id},
                       {"name", t.name},
                       {"objective", t.objective},
                       {"status", t.status},
                       {"due", t.due},
                       {"finished", t.finished},
                       {"optional", t.optional},
                       {"overdue", t.overdue},
                       {"evidence", t.evidence},
                       {"addresses", t.addresses}});
    }
    a.push_back({{"id", p.id},
                 {"name", p.name},
                 {"status", p.status},
                 {"iteration", p.iteration},
                 {"forced", p.forced},
                 {"participation", p.participation},
                 {"planned_start", p.planned_start},
                 {"planned_end", p.planned_end},
                 {"actual_start", p.actual_start},
                 {"actual_end", p.actual_end},
                 {"progress", progress(p.progress)},
                 {"feedback", p.feedback},
                 {"decisions", p.decisions},
                 {"tasks", tasks}});
  }
  return a;
}

Json timeline(const Report& r) {
  Json a = Json::array();
  for (const auto& p : r.phases) {
    Json dues = Json::array();
    for (const auto& t : p.tasks) {
      if (!t.due.empty()) dues.push_back({{"task", t.id}, {"due", t.due}, {"overdue", t.overdue}});
    }
    a.push_back({{"phase", p.id},
                 {"planned_start", p.planned_start},
                 {"planned_end", p.planned_end},
                 {"actual_start", p.actual_start},
                 {"actual_end", p.actual_end},
                 {"status", p.status},
                 {"due", dues}});
  }
  return {{"today", r.today}, {"phases", a}};
}

Json stakeholders(const Report& r) {
  const auto& s = r.stakeholders;
  Json grid = Json::array();
  for (const auto& g : s.grid) {
    grid.push_back({{"id", g.id},
                    {"label", g.label},
                    {"kind", g.kind},
                    {"sector", g.sector},
                    {"role", g.role},
                    {"influence", g.influence},
                    {"interest", g.interest},
                    {"quadrant", g.quadrant}});
  }
  Json unrated = Json::array();
  for (const auto& g : s.unrated) unrated.push_back(g.id);
  Json sectors = Json::array();
  for (const auto& x : s.sectors) {
    sectors.push_back({{"sector", x.sector}, {"count", x.count}, {"target", x.target}, {"met", x.met}});
  }
  return {{"total", s.total},         {"grid", grid},
          {"unrated", unrated},       {"quadrants", counts(s.quadrants)},
          {"sectors", sectors},       {"roles", counts(s.roles)},
          {"kinds", counts(s.kinds)}, {"consent", counts(s.consent)}};
}

Json participation(const Report& r) {
  const auto& p = r.participation;
  return {{"total", p.total},
          {"by_sector", counts(p.by_sector)},
          {"by_phase", counts(p.by_phase)},
          {"by_type", counts(p.by_type)},
          {"matrix", {{"sectors", p.matrix_sectors}, {"phases", p.matrix_phases}, {"cells", p.cells}}},
          {"sectors_not_heard", p.sectors_not_heard},
          {"stakeholders_not_heard", p.stakeholders_not_heard}};
}

Json decisions(const Report& r) {
  Json a = Json::array();
  for (const auto& d : r.decisions) {
    a.push_back({{"id", d.id},
                 {"time", d.date},
                 {"title", d.title},
                 {"phase", d.phase},
                 {"iteration", d.iteration},
                 {"for", d.votes_for},
                 {"against", d.votes_against},
                 {"abstain", d.votes_abstain},
                 {"eligible", d.eligible},
                 {"rule", d.rule},
                 {"quorum", d.quorum},
                 {"threshold", d.threshold},
                 {"outcome", d.outcome},
                 {"review", d.review},
                 {"note", d.note},
                 {"addresses", d.addresses}});
  }
  return a;
}

Json trace_row(const TraceRow& t) {
  Json answers = Json::array();
  for (const auto& x : t.answers)
    answers.push_back({{"kind", x.kind}, {"id", x.id}, {"name", x.name}, {"time", x.date}});
  return {{"id", t.id},
          {"time", t.date},
          {"from", t.from},
          {"from_label", t.from_label},
          {"sector", t.sector},
          {"phase", t.phase},
          {"type", t.type},
          {"text", t.text},
          {"tags", t.tags},
          {"answered", !t.answers.empty()},
          {"answered_by", answers}};
}

// Invalid UTF-8 (a hand-edited file) becomes U+FFFD rather than an exception.
std::string dump(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace); }

// `out` with the trace rows in place of the empty array that stands for
// them, each row dumped on its own and indented as the whole dump would
// indent it: one DOM of a million rows was 2.8 GiB and most of the time of
// `report --format json` on the 1m project (issue 10). The array is the
// value of a top-level key, so it is the only text "\n  \"traceability\": []"
// (a dumped string holds no raw newline). tests/unit/golden/report.json
// holds the result to the single dump's bytes.
std::string splice_trace(std::string out, const Report& r) {
  static constexpr std::string_view kEmpty = "\n  \"traceability\": []";
  const std::size_t at = out.find(kEmpty);
  if (at == std::string::npos || r.trace.empty()) return out;
  std::string whole = out.substr(0, at);  // the rows are appended in place: no second copy of them
  whole += "\n  \"traceability\": [";
  for (std::size_t i = 0; i < r.trace.size(); ++i) {
    whole += i == 0 ? "\n    " : ",\n    ";
    for (char c : dump(trace_row(r.trace[i]))) {
      whole += c;
      if (c == '\n') whole += "    ";
    }
  }
  whole += "\n  ]";
  whole.append(out, at + kEmpty.size());
  return whole;
}

Json record(const Report& r) {
  const auto& rec = r.record;
  Json overrides = Json::array();
  for (const auto& o : rec.overrides) {
    Json unmet = Json::array();
    for (const auto& u : o.unmet) unmet.push_back({{"condition", u.condition}, {"have", u.have}, {"need", u.need}});
    overrides.push_back({{"time", o.time},
                         {"actor", o.actor},
                         {"phase", o.phase},
                         {"transition", o.transition},
                         {"iteration", o.iteration},
                         {"reason", o.reason},
                         {"unmet", unmet}});
  }
  return {{"events", rec.events},   {"heads", rec.heads},           {"root", rec.root},      {"verified", rec.verified},
          {"problem", rec.problem}, {"last_event", rec.last_event}, {"overrides", overrides}};
}

}  // namespace

std::string render_json(const Report& r) {
  Json j = {{"format_version", kFormatVersion},
            {"project", {{"id", r.id}, {"title", r.title}, {"organization", r.organization}, {"language", r.language}}},
            {"generated", r.generated},
            {"with_names", r.with_names}};
  Json sections = Json::array();
  for (Section s : r.sections) sections.push_back(section_name(s));
  j["sections"] = sections;
  if (r.has(Section::overview)) j["overview"] = overview(r);
  if (r.has(Section::phases)) j["phases"] = phases(r);
  if (r.has(Section::timeline)) j["timeline"] = timeline(r);
  if (r.has(Section::stakeholders)) j["stakeholders"] = stakeholders(r);
  if (r.has(Section::participation)) j["participation"] = participation(r);
  if (r.has(Section::decisions)) j["decisions"] = decisions(r);
  if (r.has(Section::traceability)) j["traceability"] = Json::array();  // the rows go in after the dump
  if (r.has(Section::record)) j["record"] = record(r);
  std::string out = splice_trace(dump(j), r);
  out += '\n';
  return out;
}

}  // namespace interlink::report
