// See import_schema.hpp. The platform's format, as far as it matters here:
//   metadata.json: {"id", "name_translations": {lang: text}, ...}
//   phases/<x>.json: {"id", "name_translations", "prerequisites": [{"item"}],
//     "objectives": [{"id", "name_translations", "prerequisites",
//       "tasks": [{"id", "name_translations", "prerequisites", "problemprofiles"}]}]}
#include "catalogue/import_schema.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/json_error.hpp"
#include "util/text.hpp"

namespace interlink::catalogue {

namespace {

namespace stdfs = std::filesystem;
using Json = nlohmann::json;

SourcePos pos_at(std::string_view text, std::size_t offset, const std::string& path) {
  auto [line, col] = text::line_column(text, offset);
  return SourcePos{path, line, col};
}

// nlohmann's parser keeps its own stack, but the values it builds are freed
// recursively: refuse absurd nesting before parsing.
void check_depth(std::string_view text, const std::string& path) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        unreadable(fmt::format("nesting is deeper than {} levels", kMaxJsonDepth), pos_at(text, i, path));
      }
    }
    if (c == ']' || c == '}') --depth;
  }
}

Json read_json(const stdfs::path& file, const std::string& shown) {
  std::error_code ec;
  if (!stdfs::is_regular_file(file, ec)) unreadable("no such file", SourcePos{shown});
  std::string text = fs::read_file(file, kMaxSchemaFileBytes);
  check_depth(text, shown);
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {  // parse_error, and out_of_range for "1e999"
    auto err = json_error(text, shown, e);
    unreadable(fmt::format("JSON {}", err.message), err.pos);
  }
}

// Reading one item of the schema, with messages that name where it is.
struct Reader {
  std::string file;  // as shown in messages
  std::string language;
  std::set<std::string> fell_back_to;  // the languages names were taken in, for want of the one asked

  [[noreturn]] void fail(const std::string& where, const std::string& msg) const {
    unreadable(fmt::format("{}: {}", where, msg), SourcePos{file},
               "is this an INTERLINK platform schema folder (metadata.json + phases/*.json)?");
  }

  const Json& object(const Json& j, const std::string& where) const {
    if (!j.is_object()) fail(where, "must be a JSON object");
    return j;
  }

  // An array member; absent or null gives an empty array.
  const Json& array(const Json& j, const char* key, const std::string& where) const {
    static const Json empty = Json::array();
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return empty;
    if (!it->is_array()) fail(where, fmt::format("'{}' must be a list", key));
    return *it;
  }

  std::string string(const Json& j, const char* key, const std::string& where, bool required) const {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
      if (required) fail(where, fmt::format("'{}' is missing", key));
      return {};
    }
    if (!it->is_string()) fail(where, fmt::format("'{}' must be text", key));
    return it->get<std::string>();
  }

  // The name in the chosen language, else English, else any, else "".
  std::string name(const Json& j, const std::string& where) {
    auto it = j.find("name_translations");
    if (it != j.end() && it->is_object()) {
      auto pick = [&](const std::string& lang) -> std::string {
        auto t = it->find(lang);
        return t != it->end() && t->is_string() ? t->get<std::string>() : std::string();
      };
      if (auto s = pick(language); !s.empty()) return s;
      std::string lang = "en";
      std::string s = pick(lang);
      for (auto t = it->begin(); s.empty() && t != it->end(); ++t) {
        if (t->is_string()) {
          s = t->get<std::string>();
          lang = t.key();
        }
      }
      if (!s.empty()) fell_back_to.insert(lang);
      return s;
    }
    return string(j, "name", where, false);
  }

  // Prerequisite ids: [{"item": "task-x", ...}] (plain strings are accepted too).
  std::vector<std::string> prerequisites(const Json& j, const std::string& where) const {
    std::vector<std::string> out;
    for (const auto& p : array(j, "prerequisites", where)) {
      if (p.is_string()) {
        out.push_back(p.get<std::string>());
      } else if (p.is_object() && p.contains("item") && p["item"].is_string()) {
        out.push_back(p["item"].get<std::string>());
      } else {
        fail(where, "each prerequisite must name an 'item'");
      }
    }
    return out;
  }

  std::vector<std::string> strings(const Json& j, const char* key, const std::string& where) const {
    std::vector<std::string> out;
    for (const auto& s : array(j, key, where)) {
      if (!s.is_string()) fail(where, fmt::format("items of '{}' must be text", key));
      std::string v = s.get<std::string>();
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    }
    return out;
  }
};

// Hands out ids unique within one scope.
class IdScope {
 public:
  explicit IdScope(std::string fallback) : fallback_(std::move(fallback)) {}

  std::string take(std::string_view platform_id) {
    std::string base = import_id(platform_id);
    if (base.empty()) base = fallback_;
    std::string id = base;
    for (int n = 2; used_.count(id); ++n) {
      std::string suffix = fmt::format("-{}", n);
      std::string head = base.substr(0, std::min(base.size(), 64 - suffix.size()));
      while (!head.empty() && head.back() == '-') head.pop_back();
      id = head + suffix;
    }
    used_.insert(id);
    return id;
  }

 private:
  std::string fallback_;
  std::set<std::string> used_;
};

// Maps the platform's prerequisite ids to plan ids; unknown ones are dropped
// with a warning (the platform only ordered its display by them).
std::vector<std::string> resolve(const std::vector<std::string>& prereqs, const std::map<std::string, std::string>& ids,
                                 const std::string& what, std::vector<std::string>& warnings) {
  std::vector<std::string> out;
  for (const auto& p : prereqs) {
    auto it = ids.find(p);
    if (it == ids.end()) {
      warnings.push_back(fmt::format("{}: dropped the prerequisite '{}', which names nothing in the schema", what, p));
      continue;
    }
    if (std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
  }
  return out;
}

// Orders phases so that each comes after the phases it requires; among the
// phases ready at a step, the file order decides. A cycle keeps file order
// (validate reports it).
std::vector<model::Phase> order_phases(std::vector<model::Phase> phases) {
  std::vector<model::Phase> out;
  std::set<std::string> placed;
  std::vector<bool> done(phases.size(), false);
  while (out.size() < phases.size()) {
    std::size_t pick = phases.size();
    for (std::size_t i = 0; i < phases.size() && pick == phases.size(); ++i) {
      if (done[i]) continue;
      bool ready = std::all_of(phases[i].requires_.begin(), phases[i].requires_.end(),
                               [&](const std::string& r) { return placed.count(r) > 0; });
      if (ready) pick = i;
    }
    if (pick == phases.size()) {
      pick = static_cast<std::size_t>(std::find(done.begin(), done.end(), false) - done.begin());
    }
    done[pick] = true;
    placed.insert(phases[pick].id);
    out.push_back(std::move(phases[pick]));
  }
  return out;
}

std::vector<stdfs::path> phase_files(const stdfs::path& folder) {
  std::vector<stdfs::path> files;
  std::error_code ec;
  for (stdfs::directory_iterator it(folder / "phases", ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json" && it->path().filename().string()[0] != '.') files.push_back(it->path());
    if (files.size() > kMaxSchemaPhaseFiles) {
      unreadable(fmt::format("more than {} phase files", kMaxSchemaPhaseFiles),
                 SourcePos{(folder / "phases").string()});
    }
  }
  if (ec)
    unreadable(fmt::format("cannot list the phases folder: {}", ec.message()), SourcePos{(folder / "phases").string()});
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::string import_id(std::string_view platform_id) {
  for (std::string_view prefix : {"phase-", "objective-", "task-"}) {
    if (platform_id.substr(0, prefix.size()) == prefix) {
      platform_id.remove_prefix(prefix.size());
      break;
    }
  }
  std::string s(platform_id);
  std::replace(s.begin(), s.end(), '_', '-');
  return text::slugify(s, 64);
}

bool is_schema_folder(const stdfs::path& folder) {
  std::error_code ec;
  return stdfs::is_regular_file(folder / "metadata.json", ec) && stdfs::is_directory(folder / "phases", ec);
}

ImportedSchema import_schema(const stdfs::path& folder, const std::string& language) {
  ImportedSchema out;
  Reader r{(folder / "metadata.json").string(), language.empty() ? "en" : language, {}};
  Json meta = read_json(folder / "metadata.json", r.file);
  r.object(meta, "metadata.json");
  out.schema_id = r.string(meta, "id", "metadata.json", false);
  std::string title = r.name(meta, "metadata.json");
  out.project.id = import_id(out.schema_id.empty() ? folder.filename().string() : out.schema_id);
  if (out.project.id.empty()) out.project.id = "project";
  out.project.title = title.empty() ? out.schema_id : title;
  out.project.language = r.language;

  // First pass: every item with its plan id; prerequisites are resolved once
  // all ids are known (a task may require one defined in a later file).
  struct RawPhase {
    model::Phase phase;
    std::vector<std::string> prereqs;
    std::vector<std::vector<std::string>> objective_prereqs;
    std::map<std::string, std::string> objective_ids;
    std::vector<std::vector<std::vector<std::string>>> task_prereqs;
  };
  std::vector<RawPhase> raw;
  std::map<std::string, std::string> phase_ids, task_ids;
  IdScope phase_scope("phase"), objective_scope("objective"), task_scope("task");
  for (const auto& file : phase_files(folder)) {
    r.file = (folder / "phases" / file.filename()).string();
    std::string fname = "phases/" + file.filename().string();
    Json j = read_json(file, r.file);
    r.object(j, fname);
    RawPhase rp;
    std::string pid = r.string(j, "id", fname, false);
    if (pid.empty()) pid = file.stem().string();
    rp.phase.id = phase_scope.take(pid);
    phase_ids[pid] = rp.phase.id;
    rp.phase.name = r.name(j, fname);
    if (rp.phase.name.empty()) rp.phase.name = pid;
    rp.prereqs = r.prerequisites(j, fname);
    const Json& objectives = r.array(j, "objectives", fname);
    for (std::size_t oi = 0; oi < objectives.size(); ++oi) {
      std::string where = fmt::format("{}: objectives[{}]", fname, oi);
      const Json& oj = r.object(objectives[oi], where);
      model::Objective o;
      std::string oid = r.string(oj, "id", where, false);
      std::string oname = r.name(oj, where);
      o.id = objective_scope.take(oid.empty() ? oname : oid);
      if (!oid.empty()) rp.objective_ids[oid] = o.id;
      o.name = oname.empty() ? o.id : oname;
      rp.objective_prereqs.push_back(r.prerequisites(oj, where));
      std::vector<std::vector<std::string>> tprereqs;
      const Json& tasks = r.array(oj, "tasks", where);
      for (std::size_t ti = 0; ti < tasks.size(); ++ti) {
        std::string twhere = fmt::format("{}.tasks[{}]", where, ti);
        const Json& tj = r.object(tasks[ti], twhere);
        model::Task t;
        std::string tid = r.string(tj, "id", twhere, false);
        std::string tname = r.name(tj, twhere);
        t.id = task_scope.take(tid.empty() ? tname : tid);
        if (!tid.empty()) task_ids[tid] = t.id;
        t.name = tname.empty() ? t.id : tname;
        t.problem_profiles = r.strings(tj, "problemprofiles", twhere);
        tprereqs.push_back(r.prerequisites(tj, twhere));
        o.tasks.push_back(std::move(t));
      }
      rp.task_prereqs.push_back(std::move(tprereqs));
      rp.phase.objectives.push_back(std::move(o));
    }
    raw.push_back(std::move(rp));
  }

  std::vector<model::Phase> phases;
  for (auto& rp : raw) {
    model::Phase& p = rp.phase;
    p.requires_ = resolve(rp.prereqs, phase_ids, fmt::format("phase '{}'", p.id), out.warnings);
    for (std::size_t oi = 0; oi < p.objectives.size(); ++oi) {
      model::Objective& o = p.objectives[oi];
      o.requires_ =
          resolve(rp.objective_prereqs[oi], rp.objective_ids, fmt::format("objective '{}'", o.id), out.warnings);
      for (std::size_t ti = 0; ti < o.tasks.size(); ++ti) {
        model::Task& t = o.tasks[ti];
        t.requires_ = resolve(rp.task_prereqs[oi][ti], task_ids, fmt::format("task '{}'", t.id), out.warnings);
      }
    }
    phases.push_back(std::move(p));
  }
  out.project.phases = order_phases(std::move(phases));
  if (!r.fell_back_to.empty()) {
    std::vector<std::string> langs;
    for (const auto& l : r.fell_back_to) langs.push_back("'" + text::printable(l) + "'");
    out.warnings.push_back(fmt::format("some names have no '{}' translation: they are taken in {} instead", r.language,
                                       text::join(langs, ", ")));
  }
  return out;
}

}  // namespace interlink::catalogue
