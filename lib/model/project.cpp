// See project.hpp.
#include "model/project.hpp"

namespace interlink::model {

const Phase* Project::find_phase(const std::string& pid) const {
  for (const auto& p : phases)
    if (p.id == pid) return &p;
  return nullptr;
}

std::pair<const Phase*, const Task*> Project::find_task(const std::string& tid) const {
  for (const auto& p : phases)
    for (const auto& o : p.objectives)
      for (const auto& t : o.tasks)
        if (t.id == tid) return {&p, &t};
  return {nullptr, nullptr};
}

std::vector<std::string> Project::phase_ids() const {
  std::vector<std::string> ids;
  for (const auto& p : phases) ids.push_back(p.id);
  return ids;
}

std::vector<std::string> Project::task_ids() const {
  std::vector<std::string> ids;
  for (const auto& p : phases)
    for (const auto& o : p.objectives)
      for (const auto& t : o.tasks) ids.push_back(t.id);
  return ids;
}

}  // namespace interlink::model
