// The plan's dependency graphs (SPEC §4: `requires` on phases, objectives and
// tasks): the one place that resolves requirements to nodes, finds cycles,
// computes levels and answers "does A require B, perhaps through others",
// for validate, and that says which prerequisites of a phase or task are met,
// for run-phase and task moves.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/project.hpp"
#include "process/state.hpp"

namespace interlink::process {

// A directed graph of ids, each node with the ids it requires. The first node
// added with an id is the one that counts (a duplicate id is validate's
// finding, not the graph's); a requirement naming no node is left out of
// cycles, levels and reach (a dangling reference, also validate's).
class Graph {
 public:
  // Adds a node; `needs` (the ids it requires) must outlive the graph (the plan's vectors do).
  void add(const std::string& id, const std::vector<std::string>& needs);

  [[nodiscard]] bool has(const std::string& id) const { return index_.count(id) != 0; }
  [[nodiscard]] std::size_t size() const { return nodes_.size(); }
  // The ids in the order they were first added.
  [[nodiscard]] std::vector<std::string> ids() const;
  // Resolves the requirements `needs` of the node `id`: those that name no
  // node of the graph, in the order written, leaving out id itself
  // (requiring oneself is a cycle, not a dangling reference).
  [[nodiscard]] std::vector<std::string> unresolved(const std::string& id, const std::vector<std::string>& needs) const;

  // Every cycle, each once, as its members in the order they require each
  // other with the first repeated at the end ("a", "b", "a"): a depth-first
  // search from each node in the order added, with its own stack (a plan may
  // chain thousands of tasks: recursion would overflow the C++ stack). The
  // last-but-one member is the node whose requirement closes the cycle.
  [[nodiscard]] std::vector<std::vector<std::string>> cycles() const;

  // Levels (Kahn's algorithm): 0 for a node that requires no node, else one
  // above the highest level of the nodes it requires. Nodes caught in a cycle,
  // or requiring one, get the level above all others.
  [[nodiscard]] const std::map<std::string, int>& levels() const;

  // True if `from` requires `target`, directly or through other nodes. Only
  // nodes above target's level can lead to it, which keeps the search short
  // on long chains.
  [[nodiscard]] bool reaches(const std::string& from, const std::string& target) const;

 private:
  struct Node {
    std::string id;
    const std::vector<std::string>* needs;
  };
  std::vector<Node> nodes_;
  std::map<std::string, std::size_t> index_;  // id -> first node with it
  mutable std::map<std::string, int> levels_;
  mutable bool levels_done_ = false;
};

// The graphs of a plan: its phases, its tasks (requirements across the whole
// project), and the objectives of one phase (requirements within the phase).
Graph phase_graph(const model::Project& plan);
Graph task_graph(const model::Project& plan);
Graph objective_graph(const model::Phase& phase);

// One requirement of a phase, an objective or a task against the replayed
// state: a phase's is met when that phase is done; an objective's when that
// objective is done (objective_status); a task's when that task is done or
// skipped (in the current iteration of its phase).
struct Prerequisite {
  std::string id;
  std::string status;  // the required phase's or task's status
  bool met = false;
};

std::vector<Prerequisite> prerequisites(const model::Phase& phase, const State& state);
std::vector<Prerequisite> prerequisites(const model::Task& task, const State& state);

// The status of an objective in the current iteration of its phase: done
// when every non-optional task of it is done or skipped (an objective of
// optional tasks only is done); active when one of its tasks moved; else
// pending.
std::string objective_status(const model::Objective& objective, const State& state);

// The requirements of an objective (`requires`: objectives of the same
// phase), each met when that objective is done. A requirement naming no
// objective of the phase is left out (validate's dangling reference).
std::vector<Prerequisite> prerequisites(const model::Phase& phase, const model::Objective& objective,
                                        const State& state);

}  // namespace interlink::process
