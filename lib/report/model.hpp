// The report model (SPEC §7): every figure of a project's report, computed
// once from the plan, the stakeholders, the replayed state and the ledger's
// verification. Plain data, no presentation: the renderers (render_md,
// render_html, render_json, render_csv) only turn it into bytes, the way
// validate's renderers turn one Report into text, json, junit or sarif.
// Dates are ISO (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ) and figures integers, so
// that the same input gives the same bytes under any locale.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ledger/verify.hpp"
#include "model/project.hpp"
#include "model/stakeholder.hpp"
#include "process/state.hpp"
#include "process/trace.hpp"

namespace interlink::report {

inline constexpr int kFormatVersion = 1;  // of the json format (schemas/report.schema.json)

// The sections of SPEC §7, in report order.
enum class Section { overview, phases, timeline, stakeholders, participation, decisions, traceability, record };
const std::vector<std::string>& section_names();
std::string section_name(Section s);
// Throws Error(usage) naming the choices and the nearest one.
Section parse_section(const std::string& name);

struct Progress {
  int done = 0;   // non-optional, non-skipped tasks done
  int total = 0;  // non-optional, non-skipped tasks
  int percent = 0;
};

struct TaskRow {
  std::string id, name, objective;
  std::string status;    // pending | active | done | skipped
  std::string due;       // planned, "" if none
  std::string finished;  // ISO time of done/skip, "" otherwise
  bool optional = false;
  bool overdue = false;  // due before today and neither done nor skipped
  int evidence = 0;
  std::vector<std::string> addresses;
};

struct PhaseRow {
  std::string id, name;
  std::string status;                      // pending | active | done
  int iteration = 0;                       // 0 while pending
  bool forced = false;                     // its current or last iteration started or completed by force
  std::string participation;               // the phase's IAP2 level (the project's when it sets none)
  std::string planned_start, planned_end;  // YYYY-MM-DD or ""
  std::string actual_start, actual_end;    // ISO times or ""
  Progress progress;
  int feedback = 0, decisions = 0;
  std::vector<TaskRow> tasks;
};

struct Overview {
  std::string purpose;                     // the project's description
  std::string model;                       // governance model
  std::string participation;               // the project's IAP2 level
  std::vector<std::string> levels;         // distinct IAP2 levels of the phases, lowest first
  std::vector<std::string> active_phases;  // ids
  Progress progress;
  int stakeholders = 0, feedback = 0, unanswered = 0, decisions = 0, overdue = 0;
  long events = 0;
};

struct GridPoint {
  std::string id, label;  // label: an organization's or group's name; a person's only with names
  std::string kind, sector, role;
  int influence = 0, interest = 0;  // 1..5
  std::string quadrant;             // manage-closely | keep-satisfied | keep-informed | monitor
};

struct Count {
  std::string key;
  int count = 0;
};

struct SectorRow {
  std::string sector;
  int count = 0;
  int target = 0;  // governance.representation; 0 = none set
  bool met = true;
};

struct Stakeholders {
  int total = 0;                // current stakeholders
  std::vector<GridPoint> grid;  // rated ones, by id
  // Those without influence or interest, by id: influence, interest 0 and
  // quadrant "" (the csv still gives their kind, sector, role and label).
  std::vector<GridPoint> unrated;
  std::vector<Count> quadrants;    // the four, in the order of quadrant_names()
  std::vector<SectorRow> sectors;  // vocabulary order, then others
  std::vector<Count> roles, kinds;
  std::vector<Count> consent;  // of current persons only, as the consent gate counts
};

struct Participation {
  int total = 0;
  std::vector<Count> by_sector, by_phase, by_type;
  // Feedback per sector (rows) and phase (columns): cells[r][c].
  std::vector<std::string> matrix_sectors, matrix_phases;
  std::vector<std::vector<int>> cells;
  std::vector<std::string> sectors_not_heard;       // with stakeholders or a target, no feedback
  std::vector<std::string> stakeholders_not_heard;  // current ones, by id
};

struct DecisionRow {
  std::string id, date, title, phase;
  int iteration = 1;
  int votes_for = 0, votes_against = 0, votes_abstain = 0, eligible = 0;
  std::string rule, quorum, threshold, outcome, review, note;
  std::vector<std::string> addresses;
};

struct Answer {
  std::string kind;  // task | decision
  std::string id, name, date;
};

struct TraceRow {
  std::string id, date, from, from_label, sector, phase, type, text;
  std::vector<std::string> tags;
  std::vector<Answer> answers;  // empty: unanswered
};

struct OverrideRow {
  std::string time, actor, phase, transition, reason;
  int iteration = 1;
  std::vector<process::UnmetCondition> unmet;
};

struct Record {
  long events = 0;
  std::vector<std::string> heads;
  std::string root;
  bool verified = false;
  std::string problem;  // "" when verified
  std::string last_event;
  std::vector<OverrideRow> overrides;
};

// The items a report leaves out of its traceability list (html and md of
// more than process::kTraceListed items; csv and json list every one).
struct Unlisted {
  long answered = 0, open = 0;
  [[nodiscard]] long total() const { return answered + open; }
};

struct Report {
  std::string id, title, organization, language;
  std::string generated;  // ISO time of the report (the clock: SOURCE_DATE_EPOCH when set)
  std::string today;      // its date
  bool with_names = false;
  std::vector<Section> sections;  // the ones asked for, in report order
  Overview overview;
  std::vector<PhaseRow> phases;
  Stakeholders stakeholders;
  Participation participation;
  std::vector<DecisionRow> decisions;
  std::vector<TraceRow> trace;
  Unlisted unlisted;
  Record record;

  [[nodiscard]] bool has(Section s) const;
};

// What the model is computed from. names: persons' names from the private
// store, used only when with_names.
struct Input {
  const model::Project* project = nullptr;
  const std::vector<model::Stakeholder>* stakeholders = nullptr;
  // The replayed state; it holds its items when every_row or no digest.
  const process::State* state = nullptr;
  // What the report shows of the items (process/trace.hpp); nullptr: the
  // state's own, computed from its items.
  const process::TraceDigest* digest = nullptr;
  // List every feedback item in the traceability section (csv, json), not
  // only the digest's (html, md).
  bool every_row = false;
  ledger::VerifyResult verify;
  std::map<std::string, std::string> names;
  bool with_names = false;
  // The names the ledger recorded for organizations and groups whose file is
  // gone (removed), by id: their feedback stays labelled with the name.
  std::map<std::string, std::string> recorded_names;
  std::string now;                // ISO time
  std::vector<Section> sections;  // empty: all
};

Report build(const Input& in);

// The quadrant of Mendelow's grid for influence (power) and interest on 1..5:
// 3 and above is high, so that the middle of the scale is engaged rather than
// left to monitor.
std::string quadrant(int influence, int interest);
const std::vector<std::string>& quadrant_names();

}  // namespace interlink::report
