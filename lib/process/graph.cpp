// See graph.hpp. Nodes keep a pointer to the plan's own `requires_` vectors:
// building a graph of a plan of thousands of tasks copies no requirement.
#include "process/graph.hpp"

#include <algorithm>
#include <set>

namespace interlink::process {

void Graph::add(const std::string& id, const std::vector<std::string>& needs) {
  if (index_.emplace(id, nodes_.size()).second) nodes_.push_back({id, &needs});
  levels_done_ = false;
}

std::vector<std::string> Graph::ids() const {
  std::vector<std::string> out;
  out.reserve(nodes_.size());
  for (const auto& n : nodes_) out.push_back(n.id);
  return out;
}

std::vector<std::string> Graph::unresolved(const std::string& id, const std::vector<std::string>& needs) const {
  std::vector<std::string> out;
  for (const auto& r : needs)
    if (r != id && !has(r)) out.push_back(r);
  return out;
}

std::vector<std::vector<std::string>> Graph::cycles() const {
  std::vector<std::vector<std::string>> out;
  std::vector<int> state(nodes_.size(), 0);  // 0 new, 1 on the path, 2 done
  std::set<std::string> reported;            // the least member of each cycle reported
  struct Frame {
    std::size_t node;
    std::size_t next;  // index of the next requirement to follow
  };
  for (std::size_t start = 0; start < nodes_.size(); ++start) {
    if (state[start] != 0) continue;
    std::vector<Frame> path{{start, 0}};
    state[start] = 1;
    while (!path.empty()) {
      Frame& top = path.back();
      const auto& needs = *nodes_[top.node].needs;
      if (top.next == needs.size()) {
        state[top.node] = 2;
        path.pop_back();
        continue;
      }
      const std::string& r = needs[top.next++];
      auto it = index_.find(r);
      if (it == index_.end()) continue;
      const std::size_t next = it->second;
      if (state[next] == 1) {
        auto from = std::find_if(path.begin(), path.end(), [&](const Frame& f) { return f.node == next; });
        std::vector<std::string> loop;
        for (auto f = from; f != path.end(); ++f) loop.push_back(nodes_[f->node].id);
        loop.push_back(r);
        if (reported.insert(*std::min_element(loop.begin(), loop.end() - 1)).second) out.push_back(std::move(loop));
      } else if (state[next] == 0) {
        state[next] = 1;
        path.push_back({next, 0});
      }
    }
  }
  return out;
}

const std::map<std::string, int>& Graph::levels() const {
  if (levels_done_) return levels_;
  levels_.clear();
  std::vector<int> pending(nodes_.size(), 0);  // unmet requirements per node
  std::vector<std::vector<std::size_t>> dependants(nodes_.size());
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    for (const auto& r : *nodes_[i].needs) {
      auto it = index_.find(r);
      if (it == index_.end() || it->second == i) continue;
      ++pending[i];
      dependants[it->second].push_back(i);
    }
  }
  std::vector<int> level(nodes_.size(), 0);
  std::vector<std::size_t> ready;
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (pending[i] == 0) ready.push_back(i);
  int top = 0;
  while (!ready.empty()) {
    const std::size_t cur = ready.back();
    ready.pop_back();
    for (std::size_t d : dependants[cur]) {
      level[d] = std::max(level[d], level[cur] + 1);
      top = std::max(top, level[d]);
      if (--pending[d] == 0) ready.push_back(d);
    }
  }
  for (std::size_t i = 0; i < nodes_.size(); ++i) levels_[nodes_[i].id] = pending[i] > 0 ? top + 1 : level[i];
  levels_done_ = true;
  return levels_;
}

bool Graph::reaches(const std::string& from, const std::string& target) const {
  const auto& level = levels();
  auto f = level.find(from);
  auto t = level.find(target);
  if (f == level.end() || t == level.end()) return false;
  const int floor = t->second;
  if (f->second <= floor) return false;
  std::set<std::string> seen{from};
  std::vector<std::string> todo{from};
  while (!todo.empty()) {
    const std::string cur = todo.back();
    todo.pop_back();
    for (const auto& r : *nodes_[index_.at(cur)].needs) {
      if (r == target) return true;
      auto l = level.find(r);
      if (l == level.end() || l->second <= floor || !seen.insert(r).second) continue;
      todo.push_back(r);
    }
  }
  return false;
}

Graph phase_graph(const model::Project& plan) {
  Graph g;
  for (const auto& ph : plan.phases) g.add(ph.id, ph.requires_);
  return g;
}

Graph task_graph(const model::Project& plan) {
  Graph g;
  for (const auto& ph : plan.phases)
    for (const auto& o : ph.objectives)
      for (const auto& t : o.tasks) g.add(t.id, t.requires_);
  return g;
}

Graph objective_graph(const model::Phase& phase) {
  Graph g;
  for (const auto& o : phase.objectives) g.add(o.id, o.requires_);
  return g;
}

std::vector<Prerequisite> prerequisites(const model::Phase& phase, const State& state) {
  std::vector<Prerequisite> out;
  for (const auto& r : phase.requires_) {
    std::string status = state.phase_status(r);
    const bool met = status == "done";
    out.push_back({r, std::move(status), met});
  }
  return out;
}

std::vector<Prerequisite> prerequisites(const model::Task& task, const State& state) {
  std::vector<Prerequisite> out;
  for (const auto& r : task.requires_) {
    std::string status = state.task_status(r);
    const bool met = status == "done" || status == "skipped";
    out.push_back({r, std::move(status), met});
  }
  return out;
}

std::string objective_status(const model::Objective& objective, const State& state) {
  bool done = true, moved = false;
  for (const auto& t : objective.tasks) {
    const std::string st = state.task_status(t.id);
    if (st != "pending") moved = true;
    if (!t.optional && st != "done" && st != "skipped") done = false;
  }
  return done ? "done" : moved ? "active" : "pending";
}

std::vector<Prerequisite> prerequisites(const model::Phase& phase, const model::Objective& objective,
                                        const State& state) {
  std::vector<Prerequisite> out;
  for (const auto& r : objective.requires_) {
    auto o = std::find_if(phase.objectives.begin(), phase.objectives.end(),
                          [&](const model::Objective& other) { return other.id == r; });
    if (o == phase.objectives.end() || &*o == &objective) continue;
    std::string status = objective_status(*o, state);
    const bool done = status == "done";
    out.push_back({r, std::move(status), done});
  }
  return out;
}

}  // namespace interlink::process
