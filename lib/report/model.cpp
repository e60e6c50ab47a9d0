// See model.hpp.
#include "report/model.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "model/vocab.hpp"
#include "process/progress.hpp"
#include "process/sectors.hpp"
#include "process/trace.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::report {

namespace {

const std::vector<std::string> kSections = {"overview",      "phases",    "timeline",     "stakeholders",
                                            "participation", "decisions", "traceability", "record"};
const std::vector<std::string> kQuadrants = {"manage-closely", "keep-satisfied", "keep-informed", "monitor"};
const std::vector<std::string> kTypes = {"requirement", "idea", "concern", "question", "praise"};

Progress progress_of(const model::Phase& phase, const process::State& st) {
  auto p = process::phase_progress(phase, st);
  return {static_cast<int>(p.done), static_cast<int>(p.total), p.percent};
}

// Ordered like the vocabulary, then any other key by name, so that a sector
// or type the vocabulary does not know (a hand-edited file) is still shown.
std::vector<Count> ordered(const std::map<std::string, int>& counts, const std::vector<std::string>& vocab,
                           bool keep_zero) {
  std::vector<Count> out;
  for (const auto& v : vocab) {
    auto it = counts.find(v);
    int n = it == counts.end() ? 0 : it->second;
    if (n > 0 || keep_zero) out.push_back({v, n});
  }
  for (const auto& [k, n] : counts) {
    if (std::find(vocab.begin(), vocab.end(), k) == vocab.end()) out.push_back({k, n});
  }
  return out;
}

// Feedback items and decisions per phase id, from the digest.
struct PhaseCounts {
  std::map<std::string, int> feedback, decisions;
};

PhaseCounts phase_counts(const process::TraceDigest& d) {
  PhaseCounts c;
  for (const auto& [from, phase, n] : d.by_from_phase) c.feedback[phase] += static_cast<int>(n);
  for (const auto& dc : d.decisions) ++c.decisions[dc.phase];
  return c;
}

int count_in(const std::map<std::string, int>& counts, const std::string& key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

PhaseRow phase_row(const model::Phase& ph, const Input& in, const PhaseCounts& counts, const std::string& today) {
  const auto& st = *in.state;
  PhaseRow r;
  r.id = ph.id;
  r.name = ph.name.empty() ? ph.id : ph.name;
  r.participation = ph.participation.empty() ? in.project->governance.participation : ph.participation;
  r.planned_start = ph.start;
  r.planned_end = ph.end;
  r.status = "pending";
  if (auto it = st.phases.find(ph.id); it != st.phases.end()) {
    r.status = it->second.status;
    r.iteration = it->second.iteration;
    r.forced = it->second.forced();
    const auto& its = it->second.iterations;
    if (!its.empty()) {
      r.actual_start = its.front().started;
      if (r.status == "done") r.actual_end = its.back().completed;
    }
  }
  r.progress = progress_of(ph, st);
  for (const auto& o : ph.objectives) {
    for (const auto& t : o.tasks) {
      TaskRow tr;
      tr.id = t.id;
      tr.name = t.name.empty() ? t.id : t.name;
      tr.objective = o.name.empty() ? o.id : o.name;
      tr.due = t.due;
      tr.optional = t.optional;
      // The status in the phase's current iteration, as `tasks` and
      // `status` show it: after a reopening every task is pending again
      // (State::task_status), and what its last move recorded (finish
      // time, evidence, the items it answers) belongs to the earlier
      // iteration, so the row shows none of it.
      tr.status = st.task_status(t.id);
      if (auto it = st.tasks.find(t.id); it != st.tasks.end() && tr.status != "pending") {
        if (tr.status == "done" || tr.status == "skipped") tr.finished = it->second.finished;
        if (tr.status == "done") tr.evidence = static_cast<int>(it->second.evidence.size());
        tr.addresses = it->second.addresses;
      }
      tr.overdue = !t.due.empty() && t.due < today && tr.status != "done" && tr.status != "skipped";
      r.tasks.push_back(std::move(tr));
    }
  }
  r.feedback = count_in(counts.feedback, ph.id);
  r.decisions = count_in(counts.decisions, ph.id);
  return r;
}

bool is_current(const process::State& st, const std::string& id) {
  const auto* r = st.stakeholders.find(id);
  return r == nullptr || r->status == "current";
}

std::string label_of(const model::Stakeholder& s, const Input& in) {
  if (s.kind != "person") return s.name.empty() ? s.id : s.name;
  if (!in.with_names) return {};
  auto it = in.names.find(s.id);
  return it == in.names.end() ? std::string() : it->second;
}

void build_stakeholders(Report& r, const Input& in, const std::vector<const model::Stakeholder*>& current) {
  auto& out = r.stakeholders;
  out.total = static_cast<int>(current.size());
  std::map<std::string, int> quadrants, sectors, roles, kinds, consent;
  for (const auto* s : current) {
    ++sectors[s->sector.empty() ? "unknown" : s->sector];
    ++roles[s->role];
    ++kinds[s->kind];
    // Consent is asked of persons only, as the consent gate counts it:
    // organizations and groups keep the default "pending" for ever.
    if (s->kind == "person") {
      auto rec = in.state->stakeholders.find(s->id);
      ++consent[rec != nullptr && !rec->consent.empty() ? rec->consent : s->consent.status];
    }
    const bool rated = s->influence >= 1 && s->interest >= 1;
    GridPoint p{s->id,
                label_of(*s, in),
                s->kind,
                s->sector,
                s->role,
                rated ? s->influence : 0,
                rated ? s->interest : 0,
                rated ? quadrant(s->influence, s->interest) : std::string()};
    if (!rated) {
      out.unrated.push_back(std::move(p));
      continue;
    }
    ++quadrants[p.quadrant];
    out.grid.push_back(std::move(p));
  }
  out.quadrants = ordered(quadrants, kQuadrants, true);
  out.roles = ordered(roles, model::vocab::roles, false);
  out.kinds = ordered(kinds, model::vocab::kinds, false);
  out.consent = ordered(consent, model::vocab::consent_statuses, false);
  const auto& targets = in.project->governance.representation;
  std::map<std::string, int> all = sectors;
  for (const auto& [k, n] : targets) all.emplace(k, 0);
  // Every sector with stakeholders, and every one with a target even at 0:
  // a target nobody meets yet is the largest gap, not a row to leave out.
  for (const auto& c : ordered(all, model::vocab::sectors, true)) {
    auto t = targets.find(c.key);
    if (c.count == 0 && t == targets.end()) continue;
    SectorRow row{c.key, c.count, t == targets.end() ? 0 : t->second, true};
    row.met = row.count >= row.target;
    out.sectors.push_back(row);
  }
}

void build_participation(Report& r, const Input& in, const process::TraceDigest& d,
                         const std::vector<const model::Stakeholder*>& current, const process::Sectors& sector_of) {
  auto& out = r.participation;
  out.total = static_cast<int>(d.feedback);
  std::map<std::string, int> sectors, phases, types;
  std::map<std::pair<std::string, std::string>, int> cells;
  std::set<std::string> heard;
  for (const auto& [from, phase, count] : d.by_from_phase) {
    const int n = static_cast<int>(count);
    const std::string& known = sector_of.of(from);
    const std::string sector = known.empty() ? "unknown" : known;
    sectors[sector] += n;
    phases[phase] += n;
    cells[{sector, phase}] += n;
    heard.insert(from);
  }
  for (const auto& [type, n] : d.by_type) types[type] = static_cast<int>(n);
  out.by_sector = ordered(sectors, model::vocab::sectors, false);
  out.by_phase = ordered(phases, in.project->phase_ids(), true);
  out.by_type = ordered(types, kTypes, true);
  for (const auto& c : out.by_sector) out.matrix_sectors.push_back(c.key);
  for (const auto& c : out.by_phase) out.matrix_phases.push_back(c.key);
  for (const auto& s : out.matrix_sectors) {
    std::vector<int> row;
    for (const auto& p : out.matrix_phases) {
      auto it = cells.find({s, p});
      row.push_back(it == cells.end() ? 0 : it->second);
    }
    out.cells.push_back(std::move(row));
  }
  for (const auto& s : r.stakeholders.sectors) {
    if (!sectors.count(s.sector)) out.sectors_not_heard.push_back(s.sector);
  }
  for (const auto* s : current) {
    if (!heard.count(s->id)) out.stakeholders_not_heard.push_back(s->id);
  }
}

TraceRow trace_row(const process::Feedback& f, const std::vector<process::Answer>& answers, const Input& in,
                   const std::map<std::string, const model::Stakeholder*>& by_id, const process::Sectors& sector_of) {
  TraceRow t{f.id, f.time, f.from, "", "unknown", f.phase, f.type, f.text, f.tags, {}};
  if (auto it = by_id.find(f.from); it != by_id.end()) {
    t.from_label = label_of(*it->second, in);
  } else if (auto name = in.recorded_names.find(f.from); name != in.recorded_names.end()) {
    t.from_label = name->second;  // removed: the name the ledger recorded (never a person's)
  }
  if (const std::string& sector = sector_of.of(f.from); !sector.empty()) t.sector = sector;
  for (const auto& a : answers) {
    std::string name = a.title;
    if (a.kind == "task") {
      auto [ph, pt] = in.project->find_task(a.id);
      if (pt && !pt->name.empty()) name = pt->name;
    }
    t.answers.push_back({a.kind, a.id, name, a.time});
  }
  return t;
}

// Every item when asked (csv, json: traced, every item of the state);
// else the ones the digest lists, and how many it leaves out.
void build_trace(Report& r, const Input& in, const process::TraceDigest& d,
                 const std::vector<process::TraceItem>& traced,
                 const std::map<std::string, const model::Stakeholder*>& by_id, const process::Sectors& sector_of) {
  if (in.every_row) {
    for (const auto& item : traced) r.trace.push_back(trace_row(*item.feedback, item.answers, in, by_id, sector_of));
    return;
  }
  long answered = 0, open = 0;
  for (const auto& item : d.listed) {
    r.trace.push_back(trace_row(item.feedback, item.answers, in, by_id, sector_of));
    (item.answers.empty() ? open : answered) += 1;
  }
  r.unlisted.open = d.open - open;
  r.unlisted.answered = d.feedback - d.open - answered;
}

}  // namespace

const std::vector<std::string>& section_names() { return kSections; }
const std::vector<std::string>& quadrant_names() { return kQuadrants; }

std::string section_name(Section s) { return kSections.at(static_cast<std::size_t>(s)); }

Section parse_section(const std::string& name) {
  for (std::size_t i = 0; i < kSections.size(); ++i) {
    if (kSections[i] == name) return static_cast<Section>(i);
  }
  bad_usage("unknown section '" + name + "'" + text::did_you_mean(name, kSections) +
            "; expected one of: " + text::join(kSections, ", "));
}

std::string quadrant(int influence, int interest) {
  bool power = influence >= 3, keen = interest >= 3;
  if (power) return keen ? "manage-closely" : "keep-satisfied";
  return keen ? "keep-informed" : "monitor";
}

bool Report::has(Section s) const { return std::find(sections.begin(), sections.end(), s) != sections.end(); }

Report build(const Input& in) {
  const auto& p = *in.project;
  const auto& st = *in.state;
  Report r;
  r.id = p.id;
  r.title = p.title.empty() ? p.id : p.title;
  r.organization = p.organization;
  r.language = p.language;
  r.generated = in.now;
  r.today = in.now.substr(0, 10);
  r.with_names = in.with_names;
  // What the report shows of the items: the digest given (read with the
  // state), or one of the state's own items. Those are traced once, for the
  // digest and for the rows of csv and json, which list every item.
  std::vector<process::TraceItem> traced;
  if (in.every_row || in.digest == nullptr) traced = process::trace(st);
  std::optional<process::TraceDigest> own;
  const auto& d = in.digest != nullptr ? *in.digest : own.emplace(process::digest_trace(st, traced));
  const auto counts = phase_counts(d);
  std::set<Section> asked(in.sections.begin(), in.sections.end());
  for (std::size_t i = 0; i < kSections.size(); ++i) {
    if (asked.empty() || asked.count(static_cast<Section>(i))) r.sections.push_back(static_cast<Section>(i));
  }

  std::vector<const model::Stakeholder*> current;
  std::map<std::string, const model::Stakeholder*> by_id;
  for (const auto& s : *in.stakeholders) {
    by_id[s.id] = &s;
    if (is_current(st, s.id)) current.push_back(&s);
  }
  std::sort(current.begin(), current.end(), [](auto* a, auto* b) { return a->id < b->id; });

  auto& ov = r.overview;
  ov.purpose = p.description;
  ov.model = p.governance.model;
  ov.participation = p.governance.participation;
  std::set<std::string> levels;
  for (const auto& ph : p.phases) {
    r.phases.push_back(phase_row(ph, in, counts, r.today));
    const auto& row = r.phases.back();
    levels.insert(row.participation);
    if (row.status == "active") ov.active_phases.push_back(row.id);
    for (const auto& t : row.tasks) ov.overdue += t.overdue ? 1 : 0;
  }
  auto all = process::project_progress(p, st);
  ov.progress = {static_cast<int>(all.done), static_cast<int>(all.total), all.percent};
  for (const auto& l : model::vocab::participation_levels) {
    if (levels.count(l)) ov.levels.push_back(l);
  }
  ov.stakeholders = static_cast<int>(current.size());
  ov.feedback = static_cast<int>(d.feedback);
  ov.unanswered = static_cast<int>(d.open);
  ov.decisions = static_cast<int>(d.decisions.size());
  ov.events = in.verify.events > 0 ? in.verify.events : st.events;

  build_stakeholders(r, in, current);
  // A removed stakeholder's feedback keeps the sector the ledger recorded.
  const process::Sectors sector_of(*in.stakeholders, st.stakeholders);
  build_participation(r, in, d, current, sector_of);
  for (const auto& dc : d.decisions) {
    r.decisions.push_back({dc.id, dc.time, dc.title, dc.phase, dc.iteration, dc.votes_for, dc.votes_against,
                           dc.votes_abstain, dc.eligible, dc.rule, dc.quorum, dc.threshold, dc.outcome, dc.review,
                           dc.note, dc.addresses});
  }
  build_trace(r, in, d, traced, by_id, sector_of);

  auto& rec = r.record;
  rec.events = ov.events;
  rec.heads = in.verify.heads;
  rec.root = in.verify.root;
  rec.verified = in.verify.ok;
  rec.problem = in.verify.problem;
  rec.last_event = st.last_time;
  for (const auto& o : st.overrides) {
    // gate.overridden records a reopening as "start" (interlink-ledger(5));
    // only a reopening starts an iteration past the first: shown as what it was.
    const std::string transition = o.transition == "start" && o.iteration > 1 ? "reopen" : o.transition;
    rec.overrides.push_back({o.time, o.actor, o.phase, transition, o.reason, o.iteration, o.unmet});
  }
  return r;
}

}  // namespace interlink::report
