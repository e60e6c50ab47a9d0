// See views.hpp.
#include "process/views.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "io/csv.hpp"
#include "process/gates.hpp"
#include "process/sectors.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/table.hpp"
#include "util/text.hpp"

namespace interlink::process {

using ledger::Json;

namespace {

std::string or_dash(const std::string& v) { return v.empty() ? std::string("-") : v; }

// A one-line excerpt of free text for a table cell.
std::string cell(const std::string& text, std::size_t max = 60) {
  std::string one = text;
  std::replace(one.begin(), one.end(), '\n', ' ');
  std::replace(one.begin(), one.end(), '\t', ' ');
  return text::excerpt(one, max);
}

}  // namespace

std::vector<TaskRow> task_rows(const model::Project& plan, const State& s, const std::string& today,
                               const TaskFilter& f) {
  if (!f.phase.empty() && !plan.find_phase(f.phase)) {
    refuse(fmt::format("unknown phase '{}'{}", text::excerpt(text::printable(f.phase)),
                       text::did_you_mean(f.phase, plan.phase_ids())));
  }
  std::vector<TaskRow> out;
  for (const auto& ph : plan.phases) {
    if (!f.phase.empty() && ph.id != f.phase) continue;
    for (const auto& o : ph.objectives) {
      for (const auto& t : o.tasks) {
        TaskRow r{t.id,  t.name,        ph.id,         o.id,   s.task_status(t.id), t.due, t.optional,
                  false, t.responsible, t.accountable, nullptr};
        if (auto it = s.tasks.find(t.id); it != s.tasks.end()) r.state = &it->second;
        r.overdue = !t.due.empty() && t.due < today && r.status != "done" && r.status != "skipped";
        if (!f.status.empty() && r.status != f.status) continue;
        if (f.overdue && !r.overdue) continue;
        if (!f.responsible.empty() &&
            std::find(t.responsible.begin(), t.responsible.end(), f.responsible) == t.responsible.end() &&
            t.accountable != f.responsible)
          continue;
        out.push_back(std::move(r));
      }
    }
  }
  return out;
}

std::string tasks_text(const std::vector<TaskRow>& rows) {
  std::vector<std::vector<std::string>> t = {{"TASK", "PHASE", "STATUS", "DUE", "RESPONSIBLE", "ACCOUNTABLE", "NAME"}};
  for (const auto& r : rows) {
    std::string status = r.status + (r.optional ? " (optional)" : "") + (r.overdue ? " OVERDUE" : "");
    t.push_back({r.id, r.phase, status, or_dash(r.due), or_dash(text::join(r.responsible, ",")), or_dash(r.accountable),
                 cell(r.name)});
  }
  return text::table(t);
}

Json tasks_json(const std::vector<TaskRow>& rows) {
  Json arr = Json::array();
  for (const auto& r : rows) {
    Json j = {{"id", r.id},
              {"name", r.name},
              {"phase", r.phase},
              {"objective", r.objective},
              {"status", r.status},
              {"due", r.due},
              {"optional", r.optional},
              {"overdue", r.overdue},
              {"responsible", r.responsible},
              {"accountable", r.accountable}};
    // Every row has every key ("" and [] for none), as status and decisions
    // do: a script reads .started or .evidence[] without testing for it.
    const bool moved = r.state && r.status != "pending";
    j["started"] = moved ? r.state->started : "";
    j["finished"] = moved ? r.state->finished : "";
    j["by"] = moved ? r.state->actor : "";
    j["note"] = moved ? r.state->note : "";
    j["reason"] = moved ? r.state->reason : "";
    Json ev = Json::array();
    if (moved) {
      for (const auto& e : r.state->evidence) {
        ev.push_back(e.url.empty() ? Json{{"path", e.path}, {"size", e.size}, {"sha256", e.sha256}}
                                   : Json{{"url", e.url}});
      }
    }
    j["evidence"] = ev;
    j["addresses"] = moved ? Json(r.state->addresses) : Json::array();
    arr.push_back(std::move(j));
  }
  return {{"format_version", kViewsFormatVersion}, {"tasks", arr}};
}

std::string tasks_csv(const std::vector<TaskRow>& rows) {
  std::string out = io::csv::format_row(
      {"id", "phase", "objective", "status", "due", "optional", "overdue", "responsible", "accountable", "name"});
  for (const auto& r : rows) {
    out += io::csv::format_row({r.id, r.phase, r.objective, r.status, r.due, r.optional ? "yes" : "no",
                                r.overdue ? "yes" : "no", text::join(r.responsible, ";"), r.accountable, r.name});
  }
  return out;
}

std::vector<FeedbackRow> feedback_rows(const std::vector<TraceItem>& items,
                                       const std::vector<model::Stakeholder>& stakeholders,
                                       const StakeholderRecords& records, const FeedbackFilter& f) {
  const Sectors sectors(stakeholders, records);
  std::vector<FeedbackRow> out;
  for (const auto& item : items) {
    const Feedback& fb = *item.feedback;
    FeedbackRow r{&item, sectors.of(fb.from)};
    if (f.open && !item.open()) continue;
    if (!f.phase.empty() && fb.phase != f.phase) continue;
    if (!f.sector.empty() && r.sector != f.sector) continue;
    if (!f.type.empty() && fb.type != f.type) continue;
    out.push_back(r);
  }
  return out;
}

void print_feedback_text(std::ostream& out, const std::vector<FeedbackRow>& rows) {
  std::vector<std::vector<std::string>> t = {{"ID", "DATE", "FROM", "SECTOR", "PHASE", "TYPE", "STATUS", "TEXT"}};
  for (const auto& r : rows) {
    const Feedback& f = *r.item->feedback;
    t.push_back({f.id, clock::date_of(f.time), f.from, or_dash(r.sector),
                 f.iteration > 1 ? fmt::format("{}#{}", f.phase, f.iteration) : f.phase, f.type,
                 r.item->open() ? "open" : "answered", cell(f.text)});
  }
  text::print_table(out, std::move(t));
}

namespace {

Json answers_json(const std::vector<Answer>& answers) {
  Json arr = Json::array();
  for (const auto& a : answers) {
    arr.push_back({{"kind", a.kind},
                   {"id", a.id},
                   {"title", a.title},
                   {"time", a.time},
                   {"by", a.actor},
                   {"outcome", a.outcome}});
  }
  return arr;
}

}  // namespace

Json feedback_item_json(const FeedbackRow& r) {
  const Feedback& f = *r.item->feedback;
  return {{"id", f.id},
          {"hash", f.hash},
          {"time", f.time},
          {"recorded_by", f.actor},
          {"from", f.from},
          {"sector", r.sector},
          {"phase", f.phase},
          {"iteration", f.iteration},
          {"type", f.type},
          {"text", f.text},
          {"tags", f.tags},
          {"open", r.item->open()},
          {"answered_by", answers_json(r.item->answers)},
          {"pending", answers_json(r.item->pending)}};
}

namespace {

// {"format_version": N, key: [every row's item]} as Json::dump(2) writes it
// (keys in order, each item indented by two levels), one item at a time.
void print_items_json(std::ostream& out, const std::string& key, const std::vector<FeedbackRow>& rows) {
  const std::string version = fmt::format("\"format_version\": {}", kViewsFormatVersion);
  const bool key_first = key < "format_version";
  out << "{\n  " << (key_first ? "" : version + ",\n  ") << Json(key).dump() << ": [";
  std::string item;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    item = feedback_item_json(rows[i]).dump(2);
    out << (i == 0 ? "\n    " : ",\n    ");
    std::size_t from = 0;
    for (std::size_t nl; (nl = item.find('\n', from)) != std::string::npos; from = nl + 1)
      out.write(item.data() + from, static_cast<std::streamsize>(nl + 1 - from)) << "    ";
    out.write(item.data() + from, static_cast<std::streamsize>(item.size() - from));
  }
  out << (rows.empty() ? "]" : "\n  ]") << (key_first ? ",\n  " + version : "") << "\n}";
}

}  // namespace

void print_feedback_json(std::ostream& out, const std::vector<FeedbackRow>& rows) {
  print_items_json(out, "feedback", rows);
}

void print_feedback_csv(std::ostream& out, const std::vector<FeedbackRow>& rows) {
  out << io::csv::format_row({"id", "time", "from", "sector", "phase", "iteration", "type", "status", "text", "tags"});
  for (const auto& r : rows) {
    const Feedback& f = *r.item->feedback;
    out << io::csv::format_row({f.id, f.time, f.from, r.sector, f.phase, std::to_string(f.iteration), f.type,
                                r.item->open() ? "open" : "answered", f.text, text::join(f.tags, ";")});
  }
}

namespace {

std::string answer_line(const Answer& a) {
  if (a.kind == "task") return fmt::format("task {} done {} by {}", a.id, clock::date_of(a.time), a.actor);
  return fmt::format("decision {} \"{}\" {} {} by {}", a.id, cell(a.title, 50), a.outcome, clock::date_of(a.time),
                     a.actor);
}

}  // namespace

std::string feedback_show_text(const FeedbackRow& r) {
  const Feedback& f = *r.item->feedback;
  std::string out;
  auto line = [&](const char* k, const std::string& v) { out += fmt::format("{:<12}{}\n", k, text::printable(v)); };
  line("id:", f.id);
  line("event:", f.hash);
  line("recorded:", fmt::format("{} by {}", f.time, f.actor));
  line("from:", r.sector.empty() ? f.from : fmt::format("{} ({})", f.from, r.sector));
  line("phase:", f.iteration > 1 ? fmt::format("{} (iteration {})", f.phase, f.iteration) : f.phase);
  line("type:", f.type);
  if (!f.tags.empty()) line("tags:", text::join(f.tags, ", "));
  line("status:", r.item->open() ? "open (nothing answers it yet)" : "answered");
  for (const auto& a : r.item->answers) line("answered:", answer_line(a));
  for (const auto& a : r.item->pending) line("named by:", answer_line(a));
  out += "\n";
  // The text itself, line by line, each made printable.
  std::string rest = f.text;
  for (std::size_t pos = 0; pos <= rest.size();) {
    auto nl = rest.find('\n', pos);
    out += "    " + text::printable(rest.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos)) + "\n";
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return out;
}

std::vector<const Decision*> decision_rows(const State& s, const std::string& phase) {
  std::vector<const Decision*> out;
  for (const auto& d : s.decisions)
    if (phase.empty() || d.phase == phase) out.push_back(&d);
  return out;
}

std::string decisions_text(const std::vector<const Decision*>& rows) {
  std::vector<std::vector<std::string>> t = {
      {"ID", "DATE", "PHASE", "OUTCOME", "FOR", "AGAINST", "ABSTAIN", "ELIGIBLE", "RULE", "TITLE"}};
  for (const auto* d : rows) {
    t.push_back({d->id, clock::date_of(d->time),
                 d->iteration > 1 ? fmt::format("{}#{}", d->phase, d->iteration) : d->phase, d->outcome,
                 std::to_string(d->votes_for), std::to_string(d->votes_against), std::to_string(d->votes_abstain),
                 std::to_string(d->eligible),
                 d->rule == "supermajority" ? fmt::format("supermajority {}", d->threshold) : d->rule, cell(d->title)});
  }
  return text::table(t);
}

Json decision_json(const Decision& d) {
  Json j = {{"id", d.id},
            {"hash", d.hash},
            {"time", d.time},
            {"recorded_by", d.actor},
            {"title", d.title},
            {"phase", d.phase},
            {"iteration", d.iteration},
            {"for", d.votes_for},
            {"against", d.votes_against},
            {"abstain", d.votes_abstain},
            {"eligible", d.eligible},
            {"needed", d.needed},
            {"rule", d.rule},
            {"quorum", d.quorum},
            {"outcome", d.outcome},
            {"addresses", d.addresses},
            {"review", d.review},
            {"note", d.note}};
  if (!d.threshold.empty()) j["threshold"] = d.threshold;
  return j;
}

Json decisions_json(const std::vector<const Decision*>& rows) {
  Json arr = Json::array();
  for (const auto* d : rows) arr.push_back(decision_json(*d));
  return {{"format_version", kViewsFormatVersion}, {"decisions", arr}};
}

std::string decisions_csv(const std::vector<const Decision*>& rows) {
  std::string out = io::csv::format_row({"id", "time", "phase", "iteration", "title", "for", "against", "abstain",
                                         "eligible", "needed", "rule", "threshold", "quorum", "outcome", "review"});
  for (const auto* d : rows) {
    out += io::csv::format_row({d->id, d->time, d->phase, std::to_string(d->iteration), d->title,
                                std::to_string(d->votes_for), std::to_string(d->votes_against),
                                std::to_string(d->votes_abstain), std::to_string(d->eligible),
                                std::to_string(d->needed), d->rule, d->threshold, d->quorum, d->outcome, d->review});
  }
  return out;
}

void print_trace_text(std::ostream& os, const std::vector<FeedbackRow>& rows) {
  std::string out;
  for (const auto& r : rows) {
    out.clear();
    const Feedback& f = *r.item->feedback;
    out += fmt::format("{} {} from {}{} in {}: \"{}\"\n", f.id, r.item->open() ? "OPEN    " : "answered",
                       text::printable(f.from), r.sector.empty() ? "" : " (" + r.sector + ")",
                       f.iteration > 1 ? fmt::format("{}#{}", f.phase, f.iteration) : f.phase,
                       text::printable(cell(f.text, 70)));
    for (const auto& a : r.item->answers) out += "    <- " + text::printable(answer_line(a)) + "\n";
    for (const auto& a : r.item->pending) out += "    (named by " + text::printable(answer_line(a)) + ")\n";
    os << out;
  }
}

void print_trace_json(std::ostream& out, const std::vector<FeedbackRow>& rows) { print_items_json(out, "trace", rows); }

}  // namespace interlink::process
