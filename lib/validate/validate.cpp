// The rules of validation (SPEC §8) beyond the per-file schema checks of the
// loaders: unique ids, references, cycles, dates, gates that can never hold,
// the ledger, and consistency between the ledger and the files. Every rule id
// used here is listed in man/interlink-validate.1.
#include "validate/validate.hpp"

#include "validate/check_files.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "catalogue/interlinkers.hpp"
#include "io/project_io.hpp"
#include "ledger/snapshot.hpp"
#include "process/graph.hpp"
#include "process/plan_check.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "validate/ledger_checks.hpp"

namespace interlink::validate {

namespace {

namespace stdfs = std::filesystem;
using model::Finding;
using model::Severity;

class Checker {
 public:
  explicit Checker(io::Workspace& w)
      : w_(w), p_(w.project), phase_graph_(process::phase_graph(p_)), task_graph_(process::task_graph(p_)) {}

  void run() {
    for (const auto& ph : p_.phases) {
      phases_.emplace(ph.id, &ph);
      for (const auto& o : ph.objectives)
        for (const auto& t : o.tasks) task_phase_.emplace(t.id, &ph);
    }
    unique_ids();
    references();
    cycles();
    dates();
    gates();
  }

  void error(const std::string& rule, const SourcePos& pos, std::string msg) {
    w_.findings.push_back({rule, Severity::error, pos, std::move(msg)});
  }
  void warning(const std::string& rule, const SourcePos& pos, std::string msg) {
    w_.findings.push_back({rule, Severity::warning, pos, std::move(msg)});
  }

 private:
  // Ids of phases, of objectives and of tasks are each unique in the project.
  void unique_ids() {
    std::map<std::string, SourcePos> phases, objectives, tasks;
    auto once = [&](std::map<std::string, SourcePos>& seen, const std::string& id, const SourcePos& pos,
                    const char* what) {
      if (id.empty()) return;
      auto [it, fresh] = seen.emplace(id, pos);
      if (!fresh) {
        error("duplicate-id", pos,
              fmt::format("{} id '{}' is used twice (first at line {})", what, id, it->second.line));
      }
    };
    for (const auto& ph : p_.phases) {
      once(phases, ph.id, ph.at.at("id"), "phase");
      for (const auto& o : ph.objectives) {
        once(objectives, o.id, o.at.at("id"), "objective");
        for (const auto& t : o.tasks) once(tasks, t.id, t.at.at("id"), "task");
      }
    }
  }

  void dangling(const SourcePos& pos, const std::string& what, const std::string& id,
                const std::vector<std::string>& candidates, const std::string& hint = {}) {
    error("dangling-reference", pos,
          fmt::format("{} '{}', which does not exist{}{}", what, text::excerpt(id), text::did_you_mean(id, candidates),
                      hint));
  }

  void references() {
    // Every file's id, those with errors included: a reference to a file
    // that exists is not dangling, whatever else is wrong with the file.
    const auto stakeholder_ids = w_.file_ids();
    const std::vector<std::string> interlinker_ids = catalogue::all_interlinker_ids(p_);
    std::set<std::string> profiles(catalogue::known_problem_profiles().begin(),
                                   catalogue::known_problem_profiles().end());
    auto has = [](const std::vector<std::string>& v, const std::string& x) {
      return std::find(v.begin(), v.end(), x) != v.end();
    };
    auto stakeholder = [&](const model::Task& t, const std::string& key, const std::string& id) {
      if (!id.empty() && !has(stakeholder_ids, id)) {
        dangling(t.at.at(key), fmt::format("{} of task '{}': stakeholder", key, t.id), id, stakeholder_ids,
                 "; stakeholders are files in stakeholders/");
      }
    };
    // Requirements: the walk the commands that move the process refuse on
    // too (process/plan_check.hpp). Requiring oneself is a cycle, not this.
    process::each_unknown_requirement(
        p_, [&](const SourcePos& pos, const std::string& what, const std::string& id,
                const std::vector<std::string>& candidates) { dangling(pos, what, id, candidates); });
    for (const auto& ph : p_.phases) {
      for (const auto& o : ph.objectives) {
        for (const auto& t : o.tasks) {
          for (const auto& il : t.interlinkers) {
            if (!has(interlinker_ids, il)) {
              dangling(t.at.at("interlinkers"), fmt::format("task '{}' recommends INTERLINKER", t.id), il,
                       interlinker_ids, "; see 'interlink catalogue list', or add it under 'interlinkers:'");
            }
          }
          for (const auto& pp : t.problem_profiles) {
            if (!profiles.count(pp)) {
              warning("unknown-problem-profile", t.at.at("problem_profiles"),
                      fmt::format("task '{}' names problem profile '{}', which the catalogue does not know{}", t.id, pp,
                                  text::did_you_mean(pp, catalogue::known_problem_profiles())));
            }
          }
          for (const auto& s : t.responsible) stakeholder(t, "responsible", s);
          stakeholder(t, "accountable", t.accountable);
          for (const auto& s : t.consulted) stakeholder(t, "consulted", s);
          for (const auto& s : t.informed) stakeholder(t, "informed", s);
        }
      }
    }
  }

  // Reports each cycle of a graph once, naming its members in order, at the
  // `requires` of the node that closes it.
  template <typename Node>
  void report_cycles(const process::Graph& g, const std::vector<const Node*>& nodes, const char* what) {
    std::map<std::string, const Node*> by_id;
    for (const Node* n : nodes) by_id.emplace(n->id, n);
    for (const auto& loop : g.cycles()) {
      error("cycle", by_id.at(loop[loop.size() - 2])->at.at("requires"),
            fmt::format("{}s depend on each other in a cycle: {}", what, text::join(loop, " -> ")));
    }
  }

  void cycles() {
    std::vector<const model::Phase*> phases;
    std::vector<const model::Task*> tasks;
    for (const auto& ph : p_.phases) {
      phases.push_back(&ph);
      std::vector<const model::Objective*> objectives;
      for (const auto& o : ph.objectives) {
        objectives.push_back(&o);
        for (const auto& t : o.tasks) tasks.push_back(&t);
      }
      report_cycles(process::objective_graph(ph), objectives, "objective");
    }
    report_cycles(phase_graph_, phases, "phase");
    report_cycles(task_graph_, tasks, "task");
  }

  void dates() {
    for (const auto& ph : p_.phases) {
      if (!ph.start.empty() && !ph.end.empty() && ph.end < ph.start) {
        error("bad-dates", ph.at.at("end"),
              fmt::format("phase '{}' ends ({}) before it starts ({})", ph.id, ph.end, ph.start));
      }
      for (const auto& o : ph.objectives) {
        for (const auto& t : o.tasks) {
          if (t.due.empty()) continue;
          if ((!ph.start.empty() && t.due < ph.start) || (!ph.end.empty() && t.due > ph.end)) {
            error("date-outside-phase", t.at.at("due"),
                  fmt::format("task '{}' is due {}, outside its phase '{}' ({} to {})", t.id, t.due, ph.id,
                              ph.start.empty() ? "?" : ph.start, ph.end.empty() ? "?" : ph.end));
          }
        }
      }
      // A phase should not be planned to start before a phase it requires ends.
      for (const auto& r : ph.requires_) {
        auto found = phases_.find(r);
        const model::Phase* dep = found == phases_.end() ? nullptr : found->second;
        if (dep && dep != &ph && !dep->end.empty() && !ph.start.empty() && ph.start < dep->end) {
          warning("overlapping-phases", ph.at.at("start"),
                  fmt::format("phase '{}' is planned to start {} but requires phase '{}', planned to end {}", ph.id,
                              ph.start, dep->id, dep->end));
        }
      }
    }
  }

  void gates() {
    for (const auto& ph : p_.phases) {
      bool has_required_task = false;
      for (const auto& o : ph.objectives)
        for (const auto& t : o.tasks) has_required_task |= !t.optional;
      if (ph.entry.tasks_required && has_required_task) {
        error("gate-impossible", ph.entry.at.at("tasks"),
              fmt::format("the entry gate of phase '{}' requires its tasks done, but tasks can only be done while "
                          "the phase is active",
                          ph.id));
      }
      for (const model::Gate* g : {&ph.entry, &ph.exit}) {
        int sum = 0;
        for (const auto& [s, n] : g->sectors_min) sum += n;
        if (g->stakeholders_min && sum > *g->stakeholders_min) {
          warning("gate-inconsistent", g->at.at("stakeholders.min"),
                  fmt::format("phase '{}': stakeholders min {} is below the sum of the per-sector minimums ({}); "
                              "the sector minimums decide",
                              ph.id, *g->stakeholders_min, sum));
        }
      }
      // A task that requires a task of a phase that can only start after this
      // one is done can never start; if it is required, the exit gate never holds.
      for (const auto& o : ph.objectives) {
        for (const auto& t : o.tasks) {
          for (const auto& r : t.requires_) {
            auto dep = task_phase_.find(r);
            if (dep == task_phase_.end() || dep->second->id == ph.id) continue;
            const model::Phase* dep_phase = dep->second;
            if (phase_graph_.reaches(dep_phase->id, ph.id)) {
              error("gate-impossible", t.at.at("requires"),
                    fmt::format("task '{}' requires task '{}' of phase '{}', which can only start after phase '{}' "
                                "is done: it can never start",
                                t.id, r, dep_phase->id, ph.id));
            }
          }
        }
      }
    }
  }

  io::Workspace& w_;
  const model::Project& p_;
  std::map<std::string, const model::Phase*> phases_;      // by id
  std::map<std::string, const model::Phase*> task_phase_;  // task id -> its phase
  const process::Graph phase_graph_;
  const process::Graph task_graph_;
};

}  // namespace

int Report::errors() const {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                        [](const model::Finding& f) { return f.severity == model::Severity::error; }));
}

int Report::warnings() const { return static_cast<int>(findings.size()) - errors(); }

Report validate_project(const std::filesystem::path& root, const Options& options) {
  // The files and the ledger as of one moment: never half of a writer's change.
  ledger::ReadSnapshot snapshot(io::ledger_path(root));
  // Through the parse caches, read only (validate never writes): each entry
  // is for a file's exact bytes and sealed with the user's own key
  // (io/cache_seal.hpp), so it holds what parsing them gives, findings and
  // their positions included; a clean checkout has none and parses all.
  io::Workspace w = io::load_workspace(root, io::ParseCache::read_only);
  check_files(w);
  Checker c(w);
  c.run();
  check_ledger(w, options.thorough);
  Report r;
  r.unreadable = w.unreadable;
  r.findings = std::move(w.findings);
  if (options.strict) {
    for (auto& f : r.findings) f.severity = model::Severity::error;
  }
  std::stable_sort(r.findings.begin(), r.findings.end(), [](const model::Finding& a, const model::Finding& b) {
    return std::tie(a.pos.path, a.pos.line, a.pos.column) < std::tie(b.pos.path, b.pos.line, b.pos.column);
  });
  return r;
}

}  // namespace interlink::validate
