// See recommend.hpp.
#include "catalogue/recommend.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <fmt/format.h>

#include "util/text.hpp"

namespace interlink::catalogue {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::vector<model::Interlinker> search(const std::vector<model::Interlinker>& all, const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(lower(text));
  for (std::string w; in >> w;) words.push_back(w);
  std::vector<model::Interlinker> out;
  for (const auto& il : all) {
    std::string hay = lower(il.id + " " + il.name + " " + il.description + " " + text::join(il.problem_profiles, " "));
    if (std::all_of(words.begin(), words.end(), [&](const std::string& w) { return hay.find(w) != std::string::npos; }))
      out.push_back(il);
  }
  return out;
}

std::vector<Recommendation> recommend(const std::vector<model::Interlinker>& all, const model::Task& task) {
  std::vector<Recommendation> out;
  for (const auto& il : all) {
    bool named = std::find(task.interlinkers.begin(), task.interlinkers.end(), il.id) != task.interlinkers.end();
    std::vector<std::string> shared;
    for (const auto& p : il.problem_profiles)
      if (std::find(task.problem_profiles.begin(), task.problem_profiles.end(), p) != task.problem_profiles.end())
        shared.push_back(p);
    if (!named && shared.empty()) continue;
    Recommendation r{il, {}, named ? 1000 + static_cast<int>(shared.size()) : static_cast<int>(shared.size())};
    r.reason = named ? "named by the task" : fmt::format("addresses {}", text::join(shared, ", "));
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const Recommendation& a, const Recommendation& b) {
    return a.score != b.score ? a.score > b.score : a.interlinker.id < b.interlinker.id;
  });
  return out;
}

}  // namespace interlink::catalogue
