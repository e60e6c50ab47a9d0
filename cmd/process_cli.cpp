// See process_cli.hpp.
#include "process_cli.hpp"

#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "process/status.hpp"
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

void print_gate(const Globals& g, const process::GateCheck& c) {
  std::cout << process::gate_lines(c, use_color(g, STDOUT_FILENO));
}

}  // namespace interlink::cli
