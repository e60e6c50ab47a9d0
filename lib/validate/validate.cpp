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
#include "ledger/kinds.hpp"
#include "ledger/ledger.hpp"
#include "ledger/snapshot.hpp"
#include "ledger/verify.hpp"
#include "process/graph.hpp"
#include "process/load.hpp"
#include "process/plan_check.hpp"
#include "process/verified.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "validate/process_checks.hpp"

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

// What check_ledger needs of the ledger: verified, replayed (the core and
// the digest of the items) and its refs. From the cache when `verify` has
// checked this very file since it last changed and the state cache has the
// digest (process/verified.hpp, load_digested: no event is read, or only
// those appended since); else verified and replayed in one read, the refs
// noted from each event verify accepts.
struct CheckedLedger {
  process::VerifiedState checked;
  process::LedgerRefs refs;
};

CheckedLedger check_events(const ledger::Ledger& led, const stdfs::path& root, const stdfs::path& db, bool thorough) {
  CheckedLedger out;
  const auto verified = thorough ? std::nullopt : process::verified_rows_print(root, db, led);
  if (verified) {
    // Only state replayed from the very rows verify checked (the print).
    if (auto s = process::load_digested(led, root); s && s->print && s->print->hex() == *verified) {
      out.refs = std::move(*s->refs);
      s->refs.reset();
      out.checked.state = std::move(*s);
      return out;
    }
  }
  // Without the items (their digest: what check_process needs): the 1m
  // project's 989,047 items were ~650 MB of validate's 758 MiB (issue 10).
  out.checked = process::verify_and_replay(
      led, db, /*replay_unverified=*/false, [&](const ledger::RecordView& e) { out.refs.note(e.kind, e.subject); },
      process::Items::digest);
  return out;
}

// The ledger: readable, verified, and consistent with the files.
void check_ledger(io::Workspace& w, Checker& c, bool thorough) {
  const stdfs::path db = io::ledger_path(w.root);
  const SourcePos at{"ledger.db"};
  std::error_code ec;
  if (!stdfs::exists(db, ec)) {
    c.error("ledger-missing", at, "ledger.db is missing: every project has a ledger ('interlink init' creates it)");
    return;
  }
  // Consistency: what the ledger says exists must exist in the files. The
  // refs keep each phase and task that events name once, in the order first
  // named: a million events name a few hundred, and a list of every event's
  // pair held 1m strings to the end (issue 10).
  std::optional<ledger::Ledger> opened;
  CheckedLedger events;
  try {
    opened.emplace(ledger::Ledger::open(db, ledger::Ledger::Mode::read_only));
    events = check_events(*opened, w.root, db, thorough);
  } catch (const Error& e) {
    w.unreadable = true;
    c.error("unreadable", at, e.message());
    return;
  }
  const process::VerifiedState& checked = events.checked;
  const ledger::VerifyResult& v = checked.verify;
  if (!v.ok) {
    c.error("ledger-verify", at, v.problem);
    return;
  }
  const auto& stakeholders = events.refs.stakeholders;
  const ledger::Ledger& ledger = *opened;
  // A ledger of another project (copied over, or brought in by a git
  // fast-forward, which never calls the merge driver) verifies as a chain:
  // its first event names the project it was made for. Every other finding
  // would follow from the mismatch, so it is the only one.
  if (const auto created = ledger.read({.kind = std::string(ledger::kinds::project_created)});
      !created.empty() && !w.project.id.empty() && created.front().subject != w.project.id) {
    c.error("ledger-consistency", at,
            fmt::format("the ledger was made for project '{}', but interlink.yaml is project '{}': what it records "
                        "belongs to the other project; restore this project's ledger.db from git",
                        text::excerpt(text::printable(created.front().subject)),
                        text::excerpt(text::printable(w.project.id))));
    return;
  }
  // Files of a killed command's change, staged and not yet written: one
  // finding for the change, not one per missing file. validate never writes
  // (SPEC §8), so it does not finish the change itself.
  std::set<std::string> staged;
  for (const auto& f : ledger.staged()) staged.insert(f.path);
  if (!staged.empty()) {
    c.error("interrupted-change", at,
            fmt::format("a change interrupted by a kill is still staged in the ledger ({} file{} not yet written); "
                        "validate never writes: the next interlink command that records a change, run where the "
                        "project is writable, finishes it first",
                        staged.size(), staged.size() == 1 ? "" : "s"));
  }
  for (const auto& [id, present] : stakeholders) {
    // A file that exists is not missing, even one that cannot be parsed
    // (a merge conflict's markers): its own finding says what is wrong.
    if (present && !w.has_file(id) && !staged.count(io::stakeholder_path(id))) {
      c.error("ledger-consistency", SourcePos{io::stakeholder_path(id)},
              fmt::format("the ledger records stakeholder '{}' but its file is missing; restore it from git, or "
                          "record its removal with 'interlink stakeholder remove'",
                          id));
    }
  }
  // The files with errors too, by the id they hold (their own findings say
  // what else is wrong with them).
  std::vector<const model::Stakeholder*> files;
  for (const auto& s : w.stakeholders) files.push_back(&s);
  for (const auto& f : w.invalid) files.push_back(&f.parsed);
  for (const model::Stakeholder* file : files) {
    const model::Stakeholder& s = *file;
    if (s.id.empty()) continue;  // its file already has a missing-key finding
    auto it = stakeholders.find(s.id);
    if (it == stakeholders.end()) {
      c.warning("unrecorded-stakeholder", s.at.self,
                fmt::format("stakeholder '{}' has no 'stakeholder.added' event in the ledger (added by hand?)", s.id));
    } else if (!it->second) {
      c.error("ledger-consistency", s.at.self,
              fmt::format("stakeholder '{}' was removed according to the ledger, but its file is still here", s.id));
    }
  }
  for (const auto& [phase, subject] : events.refs.plan_refs) {
    bool exists = phase ? w.project.find_phase(subject) != nullptr : w.project.find_task(subject).second != nullptr;
    if (!exists) {
      c.error("ledger-consistency", SourcePos{"interlink.yaml"},
              fmt::format("the ledger records events of {} '{}', which is no longer in interlink.yaml",
                          phase ? "phase" : "task", subject));
    }
  }
  for (const auto& k : events.refs.unknown_kinds) {
    c.warning("unknown-event-kind", at,
              fmt::format("the ledger holds events of kind '{}', unknown to this version", k));
  }
  check_process(w, ledger, checked.state, clock::today());
}

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
  check_ledger(w, c, options.thorough);
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
