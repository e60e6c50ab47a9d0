// The csv report: one RFC 4180 table per section (CRLF line ends, a header
// row, fields quoted only when they must be), so that a spreadsheet or
// Python's csv module reads back exactly the values of the json report.
// Lists inside a cell are separated by a space (ids hold none).
#include <fmt/format.h>

#include "io/csv.hpp"
#include "report/render.hpp"
#include "util/text.hpp"

namespace interlink::report {

namespace {

using Row = std::vector<std::string>;

struct Table {
  std::string out;
  void row(const Row& fields) {
    for (std::size_t k = 0; k < fields.size(); ++k) {
      if (k) out.push_back(',');
      out += io::csv::quote(fields[k]);
    }
    out += "\r\n";
  }
};

std::string num(long long n) { return std::to_string(n); }
std::string yes(bool b) { return b ? "true" : "false"; }

void overview(const Report& r, Table& t) {
  const auto& o = r.overview;
  t.row({"key", "value"});
  t.row({"id", r.id});
  t.row({"title", r.title});
  t.row({"organization", r.organization});
  t.row({"generated", r.generated});
  t.row({"purpose", o.purpose});
  t.row({"governance_model", o.model});
  t.row({"participation", o.participation});
  t.row({"participation_levels", text::join(o.levels, " ")});
  t.row({"active_phases", text::join(o.active_phases, " ")});
  t.row({"progress_done", num(o.progress.done)});
  t.row({"progress_total", num(o.progress.total)});
  t.row({"progress_percent", num(o.progress.percent)});
  t.row({"stakeholders", num(o.stakeholders)});
  t.row({"feedback", num(o.feedback)});
  t.row({"unanswered", num(o.unanswered)});
  t.row({"decisions", num(o.decisions)});
  t.row({"overdue_tasks", num(o.overdue)});
  t.row({"events", num(o.events)});
}

void phases(const Report& r, Table& t) {
  t.row({"phase", "phase_name", "phase_status", "iteration", "forced", "progress_percent", "task", "task_name",
         "objective", "status", "due", "overdue", "optional", "evidence"});
  for (const auto& p : r.phases) {
    Row head = {p.id, p.name, p.status, num(p.iteration), yes(p.forced), num(p.progress.percent)};
    if (p.tasks.empty()) {
      head.resize(14);
      t.row(head);
    }
    for (const auto& k : p.tasks) {
      Row row = head;
      row.insert(row.end(),
                 {k.id, k.name, k.objective, k.status, k.due, yes(k.overdue), yes(k.optional), num(k.evidence)});
      t.row(row);
    }
  }
}

void timeline(const Report& r, Table& t) {
  t.row({"phase", "name", "status", "planned_start", "planned_end", "actual_start", "actual_end"});
  for (const auto& p : r.phases) {
    t.row({p.id, p.name, p.status, p.planned_start, p.planned_end, p.actual_start, p.actual_end});
  }
}

void stakeholders(const Report& r, Table& t) {
  t.row({"id", "label", "kind", "sector", "role", "influence", "interest", "quadrant"});
  for (const auto& g : r.stakeholders.grid) {
    t.row({g.id, g.label, g.kind, g.sector, g.role, num(g.influence), num(g.interest), g.quadrant});
  }
  // Unrated: what is known of them, only the grid's columns left empty.
  for (const auto& g : r.stakeholders.unrated) t.row({g.id, g.label, g.kind, g.sector, g.role, "", "", ""});
}

void participation(const Report& r, Table& t) {
  const auto& p = r.participation;
  t.row({"dimension", "value", "count"});
  for (const auto& c : p.by_sector) t.row({"sector", c.key, num(c.count)});
  for (const auto& c : p.by_phase) t.row({"phase", c.key, num(c.count)});
  for (const auto& c : p.by_type) t.row({"type", c.key, num(c.count)});
  for (const auto& s : p.sectors_not_heard) t.row({"sector_not_heard", s, "0"});
  for (const auto& s : p.stakeholders_not_heard) t.row({"stakeholder_not_heard", s, "0"});
}

void decisions(const Report& r, Table& t) {
  t.row({"id", "time", "phase", "iteration", "title", "for", "against", "abstain", "eligible", "rule", "quorum",
         "threshold", "outcome", "addresses", "review"});
  for (const auto& d : r.decisions) {
    t.row({d.id, d.date, d.phase, num(d.iteration), d.title, num(d.votes_for), num(d.votes_against),
           num(d.votes_abstain), num(d.eligible), d.rule, d.quorum, d.threshold, d.outcome,
           text::join(d.addresses, " "), d.review});
  }
}

void traceability(const Report& r, Table& t) {
  t.row({"feedback", "time", "from", "sector", "phase", "type", "text", "answered", "answered_by"});
  for (const auto& f : r.trace) {
    std::vector<std::string> by;
    for (const auto& a : f.answers) by.push_back(a.kind + ":" + a.id);
    t.row({f.id, f.date, f.from, f.sector, f.phase, f.type, f.text, yes(!f.answers.empty()), text::join(by, " ")});
  }
}

void record(const Report& r, Table& t) {
  const auto& rec = r.record;
  t.row({"key", "value"});
  t.row({"events", num(rec.events)});
  t.row({"verified", yes(rec.verified)});
  t.row({"problem", rec.problem});
  t.row({"root", rec.root});
  t.row({"last_event", rec.last_event});
  for (const auto& h : rec.heads) t.row({"head", h});
  for (const auto& o : rec.overrides) {
    t.row(
        {"override", fmt::format("{} {} {} {} {}: {}", o.time, o.phase, o.transition, o.iteration, o.actor, o.reason)});
  }
}

}  // namespace

std::string render_csv(const Report& r, Section s) {
  Table t;
  switch (s) {
    case Section::overview:
      overview(r, t);
      break;
    case Section::phases:
      phases(r, t);
      break;
    case Section::timeline:
      timeline(r, t);
      break;
    case Section::stakeholders:
      stakeholders(r, t);
      break;
    case Section::participation:
      participation(r, t);
      break;
    case Section::decisions:
      decisions(r, t);
      break;
    case Section::traceability:
      traceability(r, t);
      break;
    case Section::record:
      record(r, t);
      break;
  }
  return t.out;
}

}  // namespace interlink::report
