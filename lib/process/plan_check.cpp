// See plan_check.hpp.
#include "process/plan_check.hpp"

#include <optional>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "process/graph.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace interlink::process {

namespace {

struct Dangling {
  SourcePos pos;
  std::string message;
};

}  // namespace

void each_unknown_requirement(const model::Project& plan, const UnknownRequirement& found) {
  const Graph phases = phase_graph(plan), tasks = task_graph(plan);
  const auto phase_ids = plan.phase_ids(), task_ids = plan.task_ids();
  for (const auto& ph : plan.phases) {
    for (const auto& r : phases.unresolved(ph.id, ph.requires_))
      found(ph.at.at("requires"), fmt::format("phase '{}' requires phase", ph.id), r, phase_ids);
    const Graph objectives = objective_graph(ph);
    const auto objective_ids = objectives.ids();
    for (const auto& o : ph.objectives) {
      for (const auto& r : objectives.unresolved(o.id, o.requires_)) {
        found(o.at.at("requires"), fmt::format("objective '{}' requires objective (of phase '{}')", o.id, ph.id), r,
              objective_ids);
      }
      for (const auto& t : o.tasks) {
        for (const auto& r : tasks.unresolved(t.id, t.requires_))
          found(t.at.at("requires"), fmt::format("task '{}' requires task", t.id), r, task_ids);
      }
    }
  }
}

void require_known_requirements(const model::Project& plan) {
  std::optional<Dangling> first;
  each_unknown_requirement(plan, [&](const SourcePos& pos, const std::string& what, const std::string& id,
                                     const std::vector<std::string>& candidates) {
    if (first && std::tie(first->pos.line, first->pos.column) <= std::tie(pos.line, pos.column)) return;
    first = Dangling{pos, fmt::format("{} '{}', which does not exist{}", what, text::excerpt(text::printable(id)),
                                      text::did_you_mean(id, candidates))};
  });
  if (!first) return;
  throw Error(ExitStatus::unreadable, first->message,
              "the process does not move on a file with errors: 'interlink validate' lists every finding", first->pos);
}

const model::Project& plan_to_move(project::Handle& h) {
  const model::Project& plan = h.require_valid_plan();
  require_known_requirements(plan);
  return plan;
}

}  // namespace interlink::process
