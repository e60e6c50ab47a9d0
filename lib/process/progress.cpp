// See progress.hpp. Percentages are whole numbers computed in integers, so
// that every renderer and every machine shows the same figure.
#include "process/progress.hpp"

namespace interlink::process {

PhaseProgress phase_progress(const model::Phase& ph, const State& s) {
  PhaseProgress p;
  p.phase = ph.id;
  for (const auto& o : ph.objectives) {
    for (const auto& t : o.tasks) {
      const std::string st = s.task_status(t.id);
      if (st == "skipped") {
        ++p.skipped;
        continue;
      }
      if (st == "active") ++p.active;
      if (t.optional) {
        p.optional_done += st == "done" ? 1 : 0;
        continue;
      }
      ++p.total;
      p.done += st == "done" ? 1 : 0;
    }
  }
  if (p.total > 0) {
    p.percent = static_cast<int>(p.done * 100 / p.total);
  } else {
    p.percent = s.phase_status(ph.id) == "done" ? 100 : 0;
  }
  return p;
}

ProjectProgress project_progress(const model::Project& plan, const State& s) {
  ProjectProgress p;
  long empty_done = 0, empty = 0;  // phases without required tasks count as one unit each
  for (const auto& ph : plan.phases) {
    PhaseProgress pp = phase_progress(ph, s);
    p.done += pp.done;
    p.total += pp.total;
    if (pp.total == 0) {
      ++empty;
      empty_done += pp.percent == 100 ? 1 : 0;
    }
    p.phases.push_back(std::move(pp));
  }
  const long units = p.total + empty;
  p.percent = units == 0 ? 0 : static_cast<int>((p.done + empty_done) * 100 / units);
  return p;
}

}  // namespace interlink::process
