// See templates.hpp.
#include "catalogue/templates.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "catalogue/embedded.hpp"
#include "catalogue/import_schema.hpp"
#include "io/project_io.hpp"
#include "io/project_write.hpp"
#include "io/stakeholder_write.hpp"
#include "io/yaml.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/mustache_error.hpp"
#include "util/text.hpp"

namespace interlink::catalogue {

namespace {

namespace stdfs = std::filesystem;
namespace mu = kainjow::mustache;

constexpr std::string_view kProjectsDir = "projects/";

struct Meta {
  std::string name, description, title, organization;
};

// template.yaml: a small mapping; problems in it are the template's author's
// to fix, so they refuse with the first one.
Meta read_meta(std::string_view text, const std::string& shown) {
  model::Findings findings;
  io::YamlDoc doc = io::parse_yaml(text, shown);
  io::YamlNode root = doc.root();
  io::Context ctx{shown, &findings};
  io::MapReader r(root, ctx, "template.yaml");
  Meta m;
  m.name = r.str("name");
  m.description = r.str("description");
  m.title = r.str("title");
  m.organization = r.str("organization");
  r.finish();
  for (const auto& f : findings) {
    if (f.severity == model::Severity::error) unreadable(f.message, f.pos);
  }
  return m;
}

std::vector<std::string> builtin_names() {
  std::vector<std::string> names;
  for (const auto& f : embedded_files()) {
    std::string_view p = f.path;
    if (p.substr(0, kProjectsDir.size()) != kProjectsDir) continue;
    p.remove_prefix(kProjectsDir.size());
    auto slash = p.find('/');
    if (slash == std::string_view::npos || p.substr(slash + 1) != "template.yaml") continue;
    names.emplace_back(p.substr(0, slash));
  }
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    if ((a == kDefaultTemplate) != (b == kDefaultTemplate)) return a == kDefaultTemplate;
    return a < b;
  });
  return names;
}

// Refuses a template mustache could not use, at path:line:column.
[[noreturn]] void template_error(const std::string& text, const std::string& shown, std::string message) {
  auto e = mustache_error(text, shown, std::move(message));
  unreadable(fmt::format("template error: {}", e.message), e.pos);
}

// A YAML scalar for every {{x}}: values stay valid YAML whatever they hold.
std::string render_mustache(const std::string& text, const std::string& shown, const mu::data& data) {
  mu::mustache tmpl{text};
  if (!tmpl.is_valid()) template_error(text, shown, tmpl.error_message());
  tmpl.set_custom_escape([](const std::string& s) { return io::yaml_scalar(s); });
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid()) template_error(text, shown, tmpl.error_message());
  return out;
}

std::string choose_id(const InitParams& params, const std::string& default_title) {
  if (!params.id.empty()) {
    if (!text::is_slug(params.id)) {
      std::string s = text::slugify(params.id);
      bad_usage(fmt::format("'{}' is not a valid project id: use lowercase letters, digits and '-', starting with a "
                            "letter or digit, at most 64 characters",
                            params.id),
                s.empty() ? "for example --id my-project" : fmt::format("for example --id {}", s));
    }
    return params.id;
  }
  std::string id;
  if (!params.title.empty()) id = text::slugify(params.title);
  if (id.empty()) id = text::slugify(params.folder_name);
  if (id.empty()) id = text::slugify(default_title);
  return id.empty() ? "project" : id;
}

// Loads the rendered plan back: a template whose plan has errors makes no
// project. Reference checks (requires, interlinkers, cycles) are validate's.
model::Project check_plan(const std::string& text, const std::string& shown) {
  model::Findings findings;
  model::Project p = io::load_manifest(text, shown, findings);
  std::vector<std::string> errors;
  for (const auto& f : findings) {
    if (f.severity == model::Severity::error) errors.push_back(fmt::format("{}: {}", f.pos.str(), f.message));
  }
  if (!errors.empty()) {
    if (errors.size() > 5) {
      auto more = errors.size() - 5;
      errors.resize(5);
      errors.push_back(fmt::format("… and {} more", more));
    }
    refuse(fmt::format("the template's plan has errors:\n  {}", text::join(errors, "\n  ")),
           "fix the template's interlink.yaml; 'interlink validate' explains each rule");
  }
  return p;
}

RenderedProject from_mustache(const std::string& text, const std::string& shown, const Meta& meta,
                              const InitParams& params) {
  RenderedProject out;
  out.title = params.title.empty() ? meta.title : params.title;
  if (out.title.empty()) out.title = meta.name.empty() ? "New co-design project" : meta.name;
  out.id = choose_id(params, out.title);
  std::string organization = params.organization.empty() ? meta.organization : params.organization;
  mu::data data;
  data.set("id", out.id);
  data.set("title", out.title);
  data.set("language", params.language.empty() ? "en" : params.language);
  data.set("today", clock::today());
  if (organization.empty()) {
    data.set("organization", mu::data(false));
  } else {
    data.set("organization", organization);
  }
  std::string plan = render_mustache(text, shown, data);
  out.project = check_plan(plan, shown);
  // The plan is the truth: a template may set its own id or title.
  if (!params.id.empty() && out.project.id != params.id) {
    out.warnings.push_back(
        fmt::format("the template sets the id '{}' itself: --id {} was not used", out.project.id, params.id));
  }
  out.id = out.project.id;
  out.title = out.project.title;
  out.files["interlink.yaml"] = std::move(plan);
  return out;
}

RenderedProject from_builtin(const std::string& name, const InitParams& params) {
  std::string base = fmt::format("{}{}/", kProjectsDir, name);
  Meta meta = read_meta(builtin_file(base + "template.yaml"), "(built-in) " + base + "template.yaml");
  RenderedProject out =
      from_mustache(builtin_file(base + "interlink.yaml"), "(built-in) " + base + "interlink.yaml", meta, params);
  out.template_name = name;
  out.origin = "builtin";
  return out;
}

RenderedProject from_folder(const stdfs::path& dir, const InitParams& params) {
  Meta meta;
  std::string name = dir.filename().string();
  if (name.empty() || name == ".") name = stdfs::absolute(dir).lexically_normal().parent_path().filename().string();
  if (auto t = fs::read_file_if_exists(dir / "template.yaml", io::kMaxYamlBytes)) {
    meta = read_meta(*t, (dir / "template.yaml").string());
  }
  std::string text = fs::read_file(dir / "interlink.yaml", io::kMaxYamlBytes);
  RenderedProject out = from_mustache(text, (dir / "interlink.yaml").string(), meta, params);
  out.template_name = meta.name.empty() ? name : meta.name;
  out.origin = "folder";
  return out;
}

RenderedProject from_schema(const stdfs::path& dir, const InitParams& params) {
  ImportedSchema s = import_schema(dir, params.language.empty() ? "en" : params.language);
  RenderedProject out;
  out.title = params.title.empty() ? s.project.title : params.title;
  out.id = choose_id(params, out.title);
  s.project.id = out.id;
  s.project.title = out.title;
  s.project.organization = params.organization;
  s.project.language = params.language.empty() ? "en" : params.language;
  io::WriteOptions w;
  w.header = fmt::format(
      "The plan of {}, imported by 'interlink init' from the INTERLINK platform schema '{}'.\n"
      "Phases, objectives and tasks keep the schema's names and order; prerequisites are 'requires'.\n"
      "Add descriptions, participation levels, gates, dates and responsibilities as the process takes\n"
      "shape: 'man 5 interlink-project' documents every key, 'interlink validate' checks them.",
      out.id, s.schema_id.empty() ? dir.filename().string() : s.schema_id);
  std::string plan = io::write_project(s.project, w);
  out.project = check_plan(plan, (dir / "metadata.json").string());
  out.files["interlink.yaml"] = std::move(plan);
  out.template_name = s.schema_id.empty() ? dir.filename().string() : s.schema_id;
  out.origin = "schema";
  out.warnings = std::move(s.warnings);
  return out;
}

}  // namespace

std::string builtin_file(const std::string& relative_path) {
  for (const auto& f : embedded_files()) {
    if (f.path == relative_path) return std::string(f.bytes);
  }
  return {};
}

std::vector<TemplateInfo> list_templates() {
  std::vector<TemplateInfo> out;
  for (const auto& name : builtin_names()) {
    std::string path = fmt::format("{}{}/template.yaml", kProjectsDir, name);
    Meta m = read_meta(builtin_file(path), "(built-in) " + path);
    out.push_back({name, m.description, m.title});
  }
  return out;
}

RenderedProject render_template(const std::string& source, const InitParams& params) {
  std::vector<std::string> names = builtin_names();
  bool looks_like_path = source.find('/') != std::string::npos || source == "." || source == "..";
  std::error_code ec;
  if (!looks_like_path) {
    if (std::find(names.begin(), names.end(), source) != names.end()) return from_builtin(source, params);
    if (!stdfs::is_directory(source, ec)) {
      bad_usage(fmt::format("unknown template '{}'{}", source, text::did_you_mean(source, names)),
                "run 'interlink templates' to list the built-in ones, or give the path of a template folder");
    }
  }
  stdfs::path dir = source;
  if (!stdfs::exists(dir, ec)) {
    bad_usage(fmt::format("no such template folder: {}", source),
              "run 'interlink templates' to list the built-in ones");
  }
  if (!stdfs::is_directory(dir, ec)) {
    bad_usage(fmt::format("not a folder: {}", source),
              "give a template folder (with interlink.yaml) or an INTERLINK schema folder (with metadata.json)");
  }
  if (stdfs::exists(dir / "interlink.yaml", ec)) return from_folder(dir, params);
  if (is_schema_folder(dir)) return from_schema(dir, params);
  bad_usage(fmt::format("{} is neither a template folder (no interlink.yaml) nor an INTERLINK schema folder "
                        "(no metadata.json and phases/)",
                        source),
            "run 'interlink templates' to list the built-in ones");
}

}  // namespace interlink::catalogue
