// See project_io.hpp. The schema of both formats is documented in
// man/interlink-project.5; keep the two in step.
#include "io/project_io.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "io/parse_cache.hpp"
#include "io/yaml.hpp"
#include "model/vocab.hpp"
#include "util/beneath.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/text.hpp"

namespace interlink::io {

namespace {

namespace stdfs = std::filesystem;

// `sectors: {public: 3}` style maps of names to minimum counts.
std::map<std::string, int> read_counts(MapReader& r, const std::string& key, const std::vector<std::string>& names) {
  std::map<std::string, int> out;
  YamlNode n = r.node(key);
  if (!n.present()) return out;
  MapReader m(n, r.ctx(), fmt::format("'{}'", key));
  if (!m.ok()) return out;
  for (const auto& kv : n.entries()) {
    if (!kv.key().is_scalar()) continue;
    const std::string& name = kv.key().scalar();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      r.ctx().error("bad-value", kv.key().pos(r.ctx().path),
                    fmt::format("'{}' is not a valid name under '{}'{}; expected one of: {}", name, key,
                                text::did_you_mean(name, names), text::join(names, ", ")));
      m.node(name);  // known: do not report it twice
      continue;
    }
    if (auto v = m.integer(name, 0, 1000000)) out[name] = static_cast<int>(*v);
  }
  m.finish();
  return out;
}

model::Gate read_gate(const YamlNode& node, Context& ctx, const std::string& what) {
  model::Gate g;
  MapReader r(node, ctx, what);
  if (!r.ok()) return g;
  g.at = r.positions();
  if (YamlNode s = r.node("stakeholders"); s.present()) {
    MapReader sr(s, ctx, what + " 'stakeholders'");
    if (sr.ok()) {
      if (auto v = sr.integer("min", 0, 1000000)) g.stakeholders_min = static_cast<int>(*v);
      g.sectors_min = read_counts(sr, "sectors", model::vocab::sectors);
      g.roles_min = read_counts(sr, "roles", model::vocab::roles);
      sr.finish();
      for (const auto& [k, p] : sr.positions().keys) g.at.keys["stakeholders." + k] = p;
    }
  }
  if (r.has("consent")) g.consent_all = r.one_of("consent", {"all"}) == "all";
  if (r.has("tasks")) g.tasks_required = r.one_of("tasks", {"required"}) == "required";
  if (auto v = r.integer("decisions", 0, 1000000)) g.decisions_min = static_cast<int>(*v);
  if (auto v = r.integer("feedback", 0, 1000000)) g.feedback_min = static_cast<int>(*v);
  r.finish();
  return g;
}

model::Task read_task(const YamlNode& node, Context& ctx) {
  model::Task t;
  MapReader r(node, ctx, "task");
  if (!r.ok()) return t;
  t.id = r.id("id");
  r.rename(fmt::format("task '{}'", t.id));
  t.name = r.str("name", true);
  t.description = r.str("description");
  t.requires_ = r.str_list("requires");
  t.interlinkers = r.str_list("interlinkers");
  t.problem_profiles = r.str_list("problem_profiles");
  t.responsible = r.str_list("responsible");
  t.accountable = r.str("accountable");
  t.consulted = r.str_list("consulted");
  t.informed = r.str_list("informed");
  t.due = r.date("due");
  t.optional = r.boolean("optional", false);
  r.finish();
  t.at = r.positions();
  return t;
}

template <typename T, typename F>
std::vector<T> read_list(MapReader& r, const std::string& key, F read_item, bool required) {
  std::vector<T> out;
  YamlNode n = r.node(key);
  if (!n.present()) {
    if (required) r.ctx().error("missing-key", r.positions().self, fmt::format("{}: '{}' is required", r.what(), key));
    return out;
  }
  if (!n.is_sequence()) {
    r.ctx().error("wrong-type", r.at(key), fmt::format("'{}' must be a list", key));
    return out;
  }
  for (YamlNode item : n.items()) out.push_back(read_item(item));
  return out;
}

model::Objective read_objective(const YamlNode& node, Context& ctx) {
  model::Objective o;
  MapReader r(node, ctx, "objective");
  if (!r.ok()) return o;
  o.id = r.id("id");
  r.rename(fmt::format("objective '{}'", o.id));
  o.name = r.str("name", true);
  o.description = r.str("description");
  o.requires_ = r.str_list("requires");
  o.tasks = read_list<model::Task>(
      r, "tasks", [&](const YamlNode& n) { return read_task(n, ctx); }, false);
  r.finish();
  o.at = r.positions();
  return o;
}

model::Phase read_phase(const YamlNode& node, Context& ctx) {
  model::Phase p;
  MapReader r(node, ctx, "phase");
  if (!r.ok()) return p;
  p.id = r.id("id");
  std::string what = fmt::format("phase '{}'", p.id);
  r.rename(what);
  p.name = r.str("name", true);
  p.description = r.str("description");
  p.participation = r.one_of("participation", model::vocab::participation_levels);
  p.start = r.date("start");
  p.end = r.date("end");
  p.requires_ = r.str_list("requires");
  if (YamlNode e = r.node("entry"); e.present()) p.entry = read_gate(e, ctx, what + " entry gate");
  if (YamlNode e = r.node("exit"); e.present()) p.exit = read_gate(e, ctx, what + " exit gate");
  p.objectives = read_list<model::Objective>(
      r, "objectives", [&](const YamlNode& n) { return read_objective(n, ctx); }, false);
  r.finish();
  p.at = r.positions();
  return p;
}

model::Governance read_governance(const YamlNode& node, Context& ctx) {
  model::Governance g;
  MapReader r(node, ctx, "governance");
  if (!r.ok()) return g;
  g.model = r.one_of("model", model::vocab::governance_models, false, g.model);
  g.participation = r.one_of("participation", model::vocab::participation_levels, false, g.participation);
  if (YamlNode d = r.node("decisions"); d.present()) {
    MapReader dr(d, ctx, "governance 'decisions'");
    if (dr.ok()) {
      g.decisions.rule = dr.one_of("rule", model::vocab::decision_rules, false, g.decisions.rule);
      if (auto q = dr.number("quorum", 0.0, 1.0)) g.decisions.quorum = *q;
      if (auto t = dr.number("threshold", 0.5, 1.0)) g.decisions.threshold = *t;
      g.decisions.voters = dr.str_list("voters");
      for (const auto& v : g.decisions.voters) {
        if (std::find(model::vocab::roles.begin(), model::vocab::roles.end(), v) == model::vocab::roles.end()) {
          ctx.error("bad-value", dr.at("voters"),
                    fmt::format("'{}' is not a valid role in voters{}; expected one of: {}", text::excerpt(v),
                                text::did_you_mean(v, model::vocab::roles), text::join(model::vocab::roles, ", ")));
        }
      }
      dr.finish();
    }
  }
  g.representation = read_counts(r, "representation", model::vocab::sectors);
  r.finish();
  g.at = r.positions();
  return g;
}

model::Interlinker read_interlinker(const YamlNode& node, Context& ctx) {
  model::Interlinker il;
  MapReader r(node, ctx, "interlinker");
  if (!r.ok()) return il;
  il.id = r.id("id");
  il.name = r.str("name", true);
  il.nature = r.one_of("nature", {"knowledge", "software"}, false, "knowledge");
  il.description = r.str("description");
  il.url = r.str("url");
  il.problem_profiles = r.str_list("problem_profiles");
  r.finish();
  il.at = r.positions();
  return il;
}

}  // namespace

model::Project load_manifest(std::string_view text, const std::string& path, model::Findings& findings) {
  YamlDoc doc = parse_yaml(text, path);
  YamlNode root = doc.root();
  Context ctx{path, &findings};
  if (!root.is_map()) {
    unreadable(root.is_null() ? "is empty: an interlink.yaml needs at least 'interlink: 1', 'id' and 'title'"
                              : "must be a mapping of keys to values",
               root.pos(path), "see man 5 interlink-project, or create a project with 'interlink init'");
  }
  model::Project p;
  YamlNode v = root["interlink"];
  if (!v.present()) {
    unreadable("'interlink' (the format version) is missing", SourcePos{path, 1, 1},
               fmt::format("add 'interlink: {}' as the first line", kProjectFormat));
  }
  if (!v.is_scalar() || v.scalar() != std::to_string(kProjectFormat)) {
    unreadable(fmt::format("unsupported format version '{}': this interlink reads version {}",
                           v.is_scalar() ? v.scalar() : "?", kProjectFormat),
               v.pos(path), "upgrade interlink to read this project");
  }
  MapReader r(root, ctx, "interlink.yaml");
  r.node("interlink");
  p.id = r.id("id");
  p.title = r.str("title", true);
  p.organization = r.str("organization");
  p.language = r.str("language", false, "en");
  p.description = r.str("description");
  if (YamlNode g = r.node("governance"); g.present()) p.governance = read_governance(g, ctx);
  p.phases = read_list<model::Phase>(
      r, "phases", [&](const YamlNode& n) { return read_phase(n, ctx); }, true);
  p.interlinkers = read_list<model::Interlinker>(
      r, "interlinkers", [&](const YamlNode& n) { return read_interlinker(n, ctx); }, false);
  r.finish();
  p.at = r.positions();
  return p;
}

model::Stakeholder load_stakeholder(std::string_view text, const std::string& path, model::Findings& findings) {
  YamlDoc doc = parse_yaml(text, path);
  YamlNode root = doc.root();
  Context ctx{path, &findings};
  model::Stakeholder s;
  MapReader r(root, ctx, "stakeholder");
  if (!r.ok()) return s;
  s.id = r.id("id");
  s.kind = r.one_of("kind", model::vocab::kinds, true, s.kind);
  s.name = r.str("name", s.kind != "person");
  s.sector = r.one_of("sector", model::vocab::sectors, true);
  s.role = r.one_of("role", model::vocab::roles, false, s.role);
  if (auto v = r.integer("influence", 1, 5)) s.influence = static_cast<int>(*v);
  if (auto v = r.integer("interest", 1, 5)) s.interest = static_cast<int>(*v);
  s.tags = r.str_list("tags");
  s.joined = r.date("joined");
  if (YamlNode c = r.node("consent"); c.present()) {
    MapReader cr(c, ctx, "consent");
    if (cr.ok()) {
      s.consent.status = cr.one_of("status", model::vocab::consent_statuses, true, s.consent.status);
      s.consent.date = cr.date("date");
      s.consent.scope = cr.str("scope");
      cr.finish();
    }
  }
  for (const auto& band : model::vocab::bands) {
    std::string v = r.str(band);
    if (!v.empty()) s.bands[band] = v;
  }
  // Contact details are personal data (of a person, or of an organisation's
  // contact person): they belong in the private store, never in a tracked file.
  for (const char* key : {"email", "phone"}) {
    if (r.has(key)) {
      r.node(key);
      ctx.error("personal-data", r.at(key),
                fmt::format("'{}' must not be in a tracked file: contact details belong in the private store "
                            "(.interlink/); add them with 'interlink stakeholder update {} --{}'",
                            key, s.id.empty() ? "ID" : s.id, key));
    }
  }
  if (s.kind == "person" && !s.name.empty()) {
    ctx.error("personal-data", r.at("name"),
              "a person's name must not be in a tracked file: it belongs in the private store (.interlink/)");
  }
  if (s.kind != "person" && !s.bands.empty()) {
    ctx.warning("bands-not-person", r.positions().self, "bands (age_band, gender, area) apply to persons only");
  }
  r.finish();
  s.at = r.positions();
  return s;
}

model::Project read_manifest(const stdfs::path& root, model::Findings& findings, ParseCache cache) {
  // Not through a link: a committed interlink.yaml -> /etc/passwd would echo
  // that file into error messages and CI logs.
  const std::string bytes = fs::read_beneath(root, "interlink.yaml", kMaxYamlBytes);
  if (cache == ParseCache::bypass) return load_manifest(bytes, "interlink.yaml", findings);
  const std::string sha = sha256_hex(bytes);
  if (auto plan = cached_plan(root, sha, findings)) return std::move(*plan);
  model::Findings mine;
  model::Project plan = load_manifest(bytes, "interlink.yaml", mine);
  if (cache == ParseCache::use) remember_plan(root, sha, plan, mine);
  findings.insert(findings.end(), mine.begin(), mine.end());
  return plan;
}

}  // namespace interlink::io
