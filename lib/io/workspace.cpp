// See project_io.hpp: loading the stakeholder files into a Workspace, and
// what a Workspace answers about them. A file with an error finding is kept
// apart (Workspace::invalid), so that nothing counts it.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "io/layout.hpp"
#include "io/parse_cache.hpp"
#include "io/project_io.hpp"
#include "io/yaml.hpp"
#include "util/beneath.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/text.hpp"

namespace interlink::io {

namespace stdfs = std::filesystem;

std::string stakeholder_path(const std::string& id) { return "stakeholders/" + id + ".yaml"; }

const model::Stakeholder* Workspace::find_stakeholder(const std::string& id) const {
  auto it = std::lower_bound(stakeholders.begin(), stakeholders.end(), id,
                             [](const model::Stakeholder& s, const std::string& k) { return s.id < k; });
  return it != stakeholders.end() && it->id == id ? &*it : nullptr;
}

bool Workspace::has_file(const std::string& id) const {
  if (find_stakeholder(id)) return true;
  auto it = std::lower_bound(invalid.begin(), invalid.end(), id,
                             [](const InvalidStakeholder& f, const std::string& k) { return f.id < k; });
  return it != invalid.end() && it->id == id;
}

std::vector<std::string> Workspace::file_ids() const {
  std::vector<std::string> ids;
  ids.reserve(stakeholders.size() + invalid.size());
  for (const auto& s : stakeholders) ids.push_back(s.id);
  for (const auto& f : invalid) ids.push_back(f.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

void check_file_name(const model::Stakeholder& s, const std::string& file_name, model::Findings& findings) {
  if (!s.id.empty() && s.id + ".yaml" != file_name) {
    findings.push_back({"file-name", model::Severity::error, s.at.at("id"),
                        fmt::format("stakeholder '{}' must be in the file stakeholders/{}.yaml", s.id, s.id)});
  }
}

namespace {

// Stakeholders in the order of their ids, those of one id in file order. Read
// in the order of their file names they are nearly sorted already ("a-b.yaml"
// comes before "a.yaml"), and a stable sort of 10,000 whole records cost 127 M
// instructions (callgrind of status on the 1m bench project): only indexes are
// sorted, and each record moved once.
void sort_by_id(std::vector<model::Stakeholder>& list) {
  auto by_id = [](const model::Stakeholder& a, const model::Stakeholder& b) { return a.id < b.id; };
  if (std::is_sorted(list.begin(), list.end(), by_id)) return;
  std::vector<std::size_t> order(list.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return by_id(list[a], list[b]); });
  std::vector<model::Stakeholder> sorted;
  sorted.reserve(list.size());
  for (std::size_t i : order) sorted.push_back(std::move(list[i]));
  list = std::move(sorted);
}

}  // namespace

Workspace load_workspace(const stdfs::path& root, ParseCache cache) {
  Workspace w;
  w.root = root;
  w.project = read_manifest(root, w.findings, cache);
  load_stakeholders(w, cache);
  return w;
}

namespace {

// Loads the files of names (file names in stakeholders/, sorted) into w, each
// kept apart when it has an error. A name missing from the folder is an
// unreadable file when it was listed (it went since), and no file at all
// when it was only asked for.
void load_stakeholder_files(Workspace& w, const std::vector<std::string>& names, ParseCache cache, bool listed) {
  const stdfs::path& root = w.root;
  // The folder is opened once (without following a link), each file in it
  // without following one either (util/beneath.hpp).
  fs::DirFd dir;
  try {
    if (!names.empty()) dir = fs::open_dir_beneath(root, "stakeholders", false);
    if (dir.get() < 0) return;  // removed since it was listed, or none: no stakeholders
  } catch (const Error& e) {    // replaced by a link since it was listed
    w.unreadable = true;
    w.findings.push_back({"unreadable", model::Severity::error, e.pos(), e.message()});
    return;
  }
  std::optional<StakeholderParseCache> parsed;
  if (cache != ParseCache::bypass) parsed.emplace(root);
  for (const auto& name : names) {
    std::string rel = "stakeholders/" + name;
    // The file's id as its name gives it: what validate calls it when the
    // file cannot be read, or holds another id.
    std::string id_from_name = name.substr(0, name.size() - std::string_view(".yaml").size());
    try {
      auto read = fs::read_at_if_exists(dir, name, rel, kMaxYamlBytes);
      if (!read && !listed) continue;
      if (!read) unreadable(fmt::format("cannot read: {}", std::strerror(ENOENT)), SourcePos{rel});
      const std::string& bytes = *read;
      model::Stakeholder s;
      model::Findings mine;  // this file's, to tell whether it has an error
      if (!parsed) {
        s = load_stakeholder(bytes, rel, mine);
      } else if (const std::string sha = sha256_hex(bytes); !parsed->get(rel, sha, s, mine)) {
        s = load_stakeholder(bytes, rel, mine);
        parsed->put(rel, sha, s, mine);
      }
      check_file_name(s, name, mine);
      const bool error = std::any_of(mine.begin(), mine.end(),
                                     [](const model::Finding& f) { return f.severity == model::Severity::error; });
      w.findings.insert(w.findings.end(), std::make_move_iterator(mine.begin()), std::make_move_iterator(mine.end()));
      if (error) {
        w.invalid.push_back({std::move(id_from_name), rel, std::move(s)});
      } else {
        w.stakeholders.push_back(std::move(s));
      }
    } catch (const Error& e) {
      w.unreadable = true;
      // Name the file as the project does, whatever path read_file() used.
      SourcePos pos{rel, e.pos().line, e.pos().column};
      w.findings.push_back({"unreadable", model::Severity::error, pos, e.message()});
      w.invalid.push_back({std::move(id_from_name), rel, {}});
    }
  }
  sort_by_id(w.stakeholders);
  // Ids from names ("a-b.yaml" is listed before "a.yaml"); one id per file name.
  std::sort(w.invalid.begin(), w.invalid.end(),
            [](const InvalidStakeholder& a, const InvalidStakeholder& b) { return a.id < b.id; });
  if (parsed && cache == ParseCache::use) parsed->save();
}

// The finding of a stakeholders/ that is not a readable folder (or a link),
// if any: the listing would read another folder, or nothing ("no
// stakeholders yet").
bool stakeholders_folder_unreadable(Workspace& w) {
  for (const auto& p : layout_problems(w.root)) {
    if (p.path != "stakeholders") continue;
    w.unreadable = true;
    w.findings.push_back({"unreadable", model::Severity::error, SourcePos{p.path}, p.message});
    return true;
  }
  return false;
}

}  // namespace

void load_stakeholders(Workspace& w, ParseCache cache) {
  if (stakeholders_folder_unreadable(w)) return;
  std::vector<std::string> files;  // file names, sorted as strings (sorting 10,000 paths: 187 M instructions)
  std::error_code ec;
  for (stdfs::directory_iterator it(w.root / "stakeholders", ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml" && it->path().filename().string()[0] != '.')
      files.push_back(it->path().filename().string());
  }
  std::sort(files.begin(), files.end());
  load_stakeholder_files(w, files, cache, true);
}

void load_stakeholders_named(Workspace& w, const std::vector<std::string>& ids) {
  if (stakeholders_folder_unreadable(w)) return;
  std::vector<std::string> files;
  for (const auto& id : ids) {
    // An id that cannot be a file's name has no file (and must not name a
    // path: ids come from the ledger, which comes from git).
    if (text::is_slug(id)) files.push_back(id + ".yaml");
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  load_stakeholder_files(w, files, ParseCache::bypass, false);
}

}  // namespace interlink::io
