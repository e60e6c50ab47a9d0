// See status.hpp.
#include "process/status.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "model/vocab.hpp"
#include "process/actions.hpp"
#include "process/sectors.hpp"
#include "process/trace.hpp"
#include "util/clock.hpp"
#include "util/table.hpp"
#include "util/text.hpp"

namespace interlink::process {

using ledger::Json;

namespace {

PhaseStatus phase_status(const model::Phase& ph, const State& s, const std::string& today) {
  PhaseStatus p;
  p.id = ph.id;
  p.name = ph.name;
  p.status = s.phase_status(ph.id);
  p.iteration = s.phase_iteration(ph.id);
  p.progress = phase_progress(ph, s);
  p.planned_start = ph.start;
  p.planned_end = ph.end;
  if (auto it = s.phases.find(ph.id); it != s.phases.end()) {
    p.started = clock::date_of(it->second.first_started());
    p.completed = clock::date_of(it->second.last_completed());
    p.forced = it->second.forced();
  }
  // The completion of a phase is due the day after its planned end (the
  // rule of run-phase --auto, completion_due): an active phase is past its
  // end from that day on, and a done phase is late only if completed after
  // that day, so that one --auto completed when it was due is not late.
  const std::string due = completion_due(ph);
  if (p.status == "pending" && !ph.start.empty() && ph.start < today) {
    p.late = "should have started " + ph.start;
  } else if (p.status == "active" && !due.empty() && due <= today) {
    p.late = "past its planned end " + ph.end;
  } else if (p.status == "done" && !due.empty() && p.completed > due) {
    p.late = "completed after its planned end " + ph.end;
  }
  return p;
}

}  // namespace

Status compute_status(const Context& ctx, const std::string& today) {
  Status st;
  st.id = ctx.plan.id;
  st.title = ctx.plan.title;
  st.today = today;
  st.progress = project_progress(ctx.plan, ctx.state);
  for (const auto& ph : ctx.plan.phases) {
    st.phases.push_back(phase_status(ph, ctx.state, today));
    const std::string status = ctx.state.phase_status(ph.id);
    if (status == "active") st.active.push_back(ph.id);
    if (status == "pending") st.next.push_back(check_transition(ctx, ph, Transition::start));
    if (status == "active") st.next.push_back(check_transition(ctx, ph, Transition::complete));
  }
  st.overdue = task_rows(ctx.plan, ctx.state, today, {.overdue = true});
  // What status needs of the items: from the cache's summary when the state
  // was loaded without them (Detail::summary), else computed from them. One
  // path either way, so the two cannot disagree.
  const ItemSummary computed = ctx.state.summary ? ItemSummary{} : summarize(ctx.state);
  const ItemSummary& items = ctx.state.summary ? *ctx.state.summary : computed;
  for (const auto& d : items.reviewable)
    if (d.review <= today) st.reviews_due.push_back(d);
  st.feedback_total = ctx.state.feedback_total;
  st.feedback_open = items.open;
  const Sectors sectors(ctx.stakeholders, ctx.state.stakeholders);
  auto sector_for = [&](const std::string& from) -> const std::string& { return sectors.of(from); };
  for (const auto& [from, n] : items.open_by_from) st.open_feedback[sector_for(from)] += n;
  std::set<std::string> heard;
  for (const auto& from : items.heard) heard.insert(sector_for(from));
  const auto current = ctx.current();
  for (const auto& sector : model::vocab::sectors) {
    long have = std::count_if(current.begin(), current.end(), [&](const auto* s) { return s->sector == sector; });
    auto t = ctx.plan.governance.representation.find(sector);
    long target = t == ctx.plan.governance.representation.end() ? 0 : t->second;
    if (have > 0 || target > 0) st.representation.push_back({sector, have, target});
    if (!st.active.empty() && have > 0 && !heard.count(sector)) st.not_heard.push_back(sector);
  }
  return st;
}

std::string gate_lines(const GateCheck& c, bool color) {
  std::string out;
  if (!c.impossible.empty()) out += "  " + text::printable(c.impossible) + "\n";
  for (const auto& k : c.conditions) {
    std::string mark = k.met ? "met    " : "not met";
    if (color) mark = (k.met ? "\033[32m" : "\033[31m") + mark + "\033[0m";
    out += fmt::format("  {}  {}\n", mark, text::printable(k.text));
  }
  if (c.conditions.empty() && c.impossible.empty()) out += "  (no conditions)\n";
  return out;
}

std::string status_text(const Status& s) {
  std::string out =
      fmt::format("{} — {}\nprogress {}% ({} of {} required tasks done), today {}\n\n", text::printable(s.id),
                  text::printable(s.title), s.progress.percent, s.progress.done, s.progress.total, s.today);
  std::vector<std::vector<std::string>> t = {{"PHASE", "STATUS", "PROGRESS", "PLANNED", "ACTUAL", "LATE"}};
  for (const auto& p : s.phases) {
    std::string status = p.iteration > 1 ? fmt::format("{} #{}", p.status, p.iteration) : p.status;
    if (p.forced) status += " (forced)";
    std::string planned = p.planned_start.empty() && p.planned_end.empty()
                              ? "-"
                              : fmt::format("{}..{}", p.planned_start.empty() ? "?" : p.planned_start,
                                            p.planned_end.empty() ? "?" : p.planned_end);
    std::string actual = p.started.empty() ? "-" : fmt::format("{}..{}", p.started, p.completed);
    t.push_back({p.id, status, fmt::format("{}% ({}/{})", p.progress.percent, p.progress.done, p.progress.total),
                 planned, actual, p.late.empty() ? "-" : p.late});
  }
  out += text::table(t);
  out += "\nnext transitions:\n";
  if (s.next.empty()) out += "  none: every phase is done\n";
  for (const auto& c : s.next) {
    out += fmt::format("{} {}: {}\n", transition_name(c.transition), c.phase,
                       c.allowed() ? "possible" : fmt::format("blocked ({} unmet)", c.unmet().size()));
    out += gate_lines(c);
  }
  if (!s.overdue.empty()) {
    out += "\noverdue tasks:\n";
    for (const auto& r : s.overdue)
      out += fmt::format("  {} ({}), due {}, {}\n", text::printable(r.id), r.phase, r.due, r.status);
  }
  if (!s.reviews_due.empty()) {
    out += "\ndecisions due for review:\n";
    for (const auto& d : s.reviews_due)
      out += fmt::format("  {} \"{}\" review {}\n", d.id, text::printable(text::excerpt(d.title, 60)), d.review);
  }
  out += fmt::format("\nfeedback: {} item{}, {} open", s.feedback_total, s.feedback_total == 1 ? "" : "s",
                     s.feedback_open);
  if (!s.open_feedback.empty()) {
    std::vector<std::string> parts;
    for (const auto& [sector, n] : s.open_feedback)
      parts.push_back(fmt::format("{} {}", sector.empty() ? "?" : sector, n));
    out += " (" + text::join(parts, ", ") + ")";
  }
  out += "\n";
  if (!s.representation.empty()) {
    std::vector<std::string> parts;
    for (const auto& r : s.representation) {
      parts.push_back(r.target
                          ? fmt::format("{} {}/{}{}", r.sector, r.have, r.target, r.have < r.target ? " (below)" : "")
                          : fmt::format("{} {}", r.sector, r.have));
    }
    out += "representation: " + text::join(parts, ", ") + "\n";
  }
  if (!s.not_heard.empty()) out += "not heard in the active phases: " + text::join(s.not_heard, ", ") + "\n";
  return out;
}

Json gate_json(const GateCheck& c) {
  Json conds = Json::array();
  for (const auto& k : c.conditions) {
    conds.push_back({{"condition", k.name}, {"met", k.met}, {"have", k.have}, {"need", k.need}, {"text", k.text}});
  }
  Json j = {{"phase", c.phase},
            {"transition", transition_name(c.transition)},
            {"allowed", c.allowed()},
            {"conditions", conds}};
  if (!c.impossible.empty()) j["impossible"] = c.impossible;
  return j;
}

Json status_json(const Status& s) {
  Json phases = Json::array();
  for (const auto& p : s.phases) {
    phases.push_back({{"id", p.id},
                      {"name", p.name},
                      {"status", p.status},
                      {"iteration", p.iteration},
                      {"forced", p.forced},
                      {"progress",
                       {{"percent", p.progress.percent},
                        {"done", p.progress.done},
                        {"total", p.progress.total},
                        {"skipped", p.progress.skipped},
                        {"active", p.progress.active}}},
                      {"planned", {{"start", p.planned_start}, {"end", p.planned_end}}},
                      {"actual", {{"start", p.started}, {"end", p.completed}}},
                      {"late", p.late}});
  }
  Json next = Json::array();
  for (const auto& c : s.next) next.push_back(gate_json(c));
  Json reviews = Json::array();
  for (const auto& d : s.reviews_due) reviews.push_back({{"id", d.id}, {"title", d.title}, {"review", d.review}});
  Json repr = Json::array();
  for (const auto& r : s.representation) repr.push_back({{"sector", r.sector}, {"have", r.have}, {"target", r.target}});
  Json open = Json::object();
  for (const auto& [sector, n] : s.open_feedback) open[sector.empty() ? "unknown" : sector] = n;
  return {{"format_version", kStatusFormatVersion},
          {"project", s.id},
          {"title", s.title},
          {"today", s.today},
          {"progress", {{"percent", s.progress.percent}, {"done", s.progress.done}, {"total", s.progress.total}}},
          {"active", s.active},
          {"phases", phases},
          {"next", next},
          {"overdue_tasks", tasks_json(s.overdue)["tasks"]},
          {"reviews_due", reviews},
          {"feedback", {{"total", s.feedback_total}, {"open", s.feedback_open}, {"open_by_sector", open}}},
          {"representation", repr},
          {"not_heard", s.not_heard}};
}

}  // namespace interlink::process
