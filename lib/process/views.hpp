// The lists of the process commands — tasks, feedback, decisions, trace — as
// rows computed once and rendered by pure functions (text table, JSON, CSV),
// the pattern of lib/validate/render*.cpp. Every text cell goes through
// text::printable, every CSV cell through io::csv.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "ledger/event.hpp"
#include "model/project.hpp"
#include "model/stakeholder.hpp"
#include "process/state.hpp"
#include "process/trace.hpp"

namespace interlink::process {

inline constexpr int kViewsFormatVersion = 1;

// ---- tasks ----
struct TaskRow {
  std::string id, name, phase, objective, status, due;
  bool optional = false, overdue = false;
  std::vector<std::string> responsible;
  std::string accountable;
  const TaskState* state = nullptr;  // nullptr when the task never moved
};
struct TaskFilter {
  std::string phase{}, status{}, responsible{};
  bool overdue = false;
};
// Tasks in plan order; overdue: due before today and neither done nor skipped.
std::vector<TaskRow> task_rows(const model::Project& plan, const State& s, const std::string& today,
                               const TaskFilter& f = {});
std::string tasks_text(const std::vector<TaskRow>& rows);
ledger::Json tasks_json(const std::vector<TaskRow>& rows);
std::string tasks_csv(const std::vector<TaskRow>& rows);

// ---- feedback ----
struct FeedbackFilter {
  bool open = false;
  std::string phase{}, sector{}, type{};
};
struct FeedbackRow {
  const TraceItem* item = nullptr;
  std::string sector;  // of who said it ("" if unknown)
};
// The sector of each row: see process/sectors.hpp (records: State::stakeholders).
std::vector<FeedbackRow> feedback_rows(const std::vector<TraceItem>& items,
                                       const std::vector<model::Stakeholder>& stakeholders,
                                       const StakeholderRecords& records, const FeedbackFilter& f);
// The listing as text, JSON and CSV, written to out row by row: a listing of
// every item of the 1m bench project (989,000 rows) held its rows several
// times over as cells, strings and a JSON document (1.9 GiB, issue 10).
// The JSON is {"feedback": [each row's feedback_item_json], "format_version"}
// laid out as one document dumped with an indent of 2; the CSV is the export
// format of interlink-csv(5).
void print_feedback_text(std::ostream& out, const std::vector<FeedbackRow>& rows);
void print_feedback_json(std::ostream& out, const std::vector<FeedbackRow>& rows);
// One item as the JSON lists hold it, and as `feedback show` writes it.
ledger::Json feedback_item_json(const FeedbackRow& row);
void print_feedback_csv(std::ostream& out, const std::vector<FeedbackRow>& rows);
// One item in full: every field and what answered it.
std::string feedback_show_text(const FeedbackRow& row);

// ---- decisions ----
std::vector<const Decision*> decision_rows(const State& s, const std::string& phase);
std::string decisions_text(const std::vector<const Decision*>& rows);
ledger::Json decisions_json(const std::vector<const Decision*>& rows);
std::string decisions_csv(const std::vector<const Decision*>& rows);
ledger::Json decision_json(const Decision& d);

// ---- trace ----
// As print_feedback_text and print_feedback_json; the JSON's list is
// "trace", after "format_version".
void print_trace_text(std::ostream& out, const std::vector<FeedbackRow>& rows);
void print_trace_json(std::ostream& out, const std::vector<FeedbackRow>& rows);

}  // namespace interlink::process
