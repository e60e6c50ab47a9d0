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
  io::YamlNode n = r.node(key);
  if (!n.present()) return;
  if (!n.is_sequence()) {
    r.ctx().error("wrong-type", r.at(key), fmt::format("'{}' must be a list", key));
    return;
  }
  for (io::YamlNode item : n.items()) f(item);
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
  io::YamlDoc doc = io::parse_yaml(text, path);
  io::YamlNode root = doc.root();
  io::Context ctx{path, &findings};
  io::MapReader r(root, ctx, path);
  if (!r.ok()) return cat;
  for_each_item(r, "interlinkers", [&](const io::YamlNode& node) {
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
  for_each_item(r, "problem_profiles", [&](const io::YamlNode& node) {
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

const CatalogueIds& builtin_ids() {
  static const CatalogueIds ids = [] {
    CatalogueIds out;
    std::vector<std::string>* list = nullptr;
    const std::string file = builtin_file(kCataloguePath);  // a copy: the view below must not outlive it
    std::string_view text = file;
    while (!text.empty()) {
      std::size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
      if (line == "interlinkers:") list = &out.interlinkers;
      if (line == "problem_profiles:") list = &out.profiles;
      // "  - id: X" (block style) or "  - {id: X, ...}" (flow style).
      constexpr std::string_view item = "  - ";
      if (!list || line.substr(0, item.size()) != item) continue;
      line.remove_prefix(item.size());
      if (!line.empty() && line.front() == '{') line.remove_prefix(1);
      if (line.substr(0, 4) != "id: ") continue;
      line.remove_prefix(4);
      std::string_view id = line.substr(0, line.find_first_of(",}"));
      while (!id.empty() && (id.back() == ' ' || id.back() == '\r')) id.remove_suffix(1);
      list->emplace_back(id);
    }
    return out;
  }();
  return ids;
}

const std::vector<std::string>& known_problem_profiles() { return builtin_ids().profiles; }

std::vector<std::string> all_interlinker_ids(const model::Project& project) {
  std::vector<std::string> ids = builtin_ids().interlinkers;
  for (const auto& il : project.interlinkers) ids.push_back(il.id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
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
