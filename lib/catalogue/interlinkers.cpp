// See interlinkers.hpp. The built-in file is part of the binary: a problem in
// it is a bug, reported as an internal error (and caught by the unit tests).
#include "catalogue/interlinkers.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "catalogue/templates.hpp"
#include "io/yaml.hpp"
#include "util/error.hpp"

namespace interlink::catalogue {

namespace {

constexpr const char* kCataloguePath = "catalogue/interlinkers.yaml";

template <typename F>
void for_each_item(io::MapReader& r, const std::string& key, F f) {
  YAML::Node n = r.node(key);
  if (!n.IsDefined() || n.IsNull()) return;
  if (!n.IsSequence()) {
    r.ctx().error("wrong-type", r.at(key), fmt::format("'{}' must be a list", key));
    return;
  }
  for (const auto& item : n) f(item);
}

const Catalogue& builtin() {
  static const Catalogue c = [] {
    model::Findings findings;
    Catalogue cat = parse_catalogue(builtin_file(kCataloguePath), kCataloguePath, findings);
    for (const auto& f : findings) {
      if (f.severity == model::Severity::error) os_failure(fmt::format("built-in {}: {}", f.pos.str(), f.message));
    }
    return cat;
  }();
  return c;
}

}  // namespace

Catalogue parse_catalogue(std::string_view text, const std::string& path, model::Findings& findings) {
  Catalogue cat;
  YAML::Node root = io::parse_yaml(text, path);
  io::Context ctx{path, &findings};
  io::MapReader r(root, ctx, path);
  if (!r.ok()) return cat;
  for_each_item(r, "interlinkers", [&](const YAML::Node& node) {
    io::MapReader ir(node, ctx, "interlinker");
    if (!ir.ok()) return;
    model::Interlinker il;
    il.id = ir.id("id");
    ir.rename(fmt::format("interlinker '{}'", il.id));
    il.name = ir.str("name", true);
    il.nature = ir.one_of("nature", {"knowledge", "software"}, true, "knowledge");
    il.description = ir.str("description");
    il.url = ir.str("url");
    il.problem_profiles = ir.str_list("problem_profiles");
    ir.finish();
    il.at = ir.positions();
    cat.interlinkers.push_back(std::move(il));
  });
  for_each_item(r, "problem_profiles", [&](const YAML::Node& node) {
    io::MapReader pr(node, ctx, "problem profile");
    if (!pr.ok()) return;
    ProblemProfile p;
    p.id = pr.str("id", true);
    p.label = pr.str("label", true);
    pr.finish();
    cat.profiles.push_back(std::move(p));
  });
  r.finish();
  return cat;
}

const std::vector<model::Interlinker>& builtin_interlinkers() { return builtin().interlinkers; }

const std::vector<ProblemProfile>& problem_profiles() { return builtin().profiles; }

const std::vector<std::string>& known_problem_profiles() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> out;
    for (const auto& p : problem_profiles()) out.push_back(p.id);
    return out;
  }();
  return ids;
}

std::vector<model::Interlinker> all_interlinkers(const model::Project& project) {
  std::map<std::string, model::Interlinker> by_id;
  for (const auto& il : builtin_interlinkers()) by_id[il.id] = il;
  for (const auto& il : project.interlinkers) by_id[il.id] = il;
  std::vector<model::Interlinker> out;
  out.reserve(by_id.size());
  for (auto& [id, il] : by_id) out.push_back(std::move(il));
  return out;
}

}  // namespace interlink::catalogue
