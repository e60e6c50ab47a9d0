// See process_cli.hpp.
#include "process_cli.hpp"

#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "process/load.hpp"
#include "process/status.hpp"
#include "process/trace_one.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::cli {

project::Handle open_project(const Globals& g) { return project::Handle(project_root(g)); }

std::string today_or(const std::string& given) {
  if (given.empty()) return clock::today();
  if (!clock::parse_date(given))
    bad_usage(fmt::format("--today '{}' is not a date (YYYY-MM-DD)", text::excerpt(text::printable(given))));
  return given;
}

void refuse_unknown_feedback(const std::string& id) {
  refuse(fmt::format("no feedback item has the id '{}'", text::excerpt(text::printable(id))),
         "feedback ids are listed by 'interlink feedback list'");
}

bool print_one_item(project::Handle& h, const std::string& id, const process::FeedbackFilter& filter,
                    const std::function<void(const std::vector<process::FeedbackRow>&)>& print) {
  auto core = process::load_state(h, true, process::Detail::core);
  auto one = process::trace_one(h.ledger(), core, id);
  if (one.found == process::OneItem::Found::none) refuse_unknown_feedback(id);
  if (one.found != process::OneItem::Found::one) return false;
  const std::vector<process::TraceItem> items{{&one.feedback, one.answers, one.pending}};
  auto rows = rows_of_few(h, items, core.stakeholders, filter);
  warn_file_errors(h.errors_warning());
  print(rows);
  return true;
}

std::vector<process::FeedbackRow> rows_of_few(project::Handle& h, const std::vector<process::TraceItem>& items,
                                              const process::StakeholderRecords& records,
                                              const process::FeedbackFilter& filter) {
  std::vector<std::string> senders;
  for (const auto& item : items) senders.push_back(item.feedback->from);
  return process::feedback_rows(items, h.stakeholders_named(senders), records, filter);
}

void print_gate(const Globals& g, const process::GateCheck& c) {
  std::cout << process::gate_lines(c, use_color(g, STDOUT_FILENO));
}

}  // namespace interlink::cli
