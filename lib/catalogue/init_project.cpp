// See init_project.hpp.
#include "catalogue/init_project.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ledger/git.hpp"
#include "ledger/ledger.hpp"
#include "util/beneath.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace interlink::catalogue {

namespace stdfs = std::filesystem;

const char* const kGitignoreLines =
    "# interlink: personal data and caches (.interlink/) and SQLite's side files stay out of git\n"
    ".interlink/\n"
    "ledger.db-journal\n"
    "ledger.db-wal\n"
    "ledger.db-shm\n"
    "*.tmp-*\n";

const char* const kGitattributesLines =
    "# interlink: show ledger events in git diff, merge ledgers by union ('interlink git-setup')\n"
    "ledger.db diff=interlink-ledger merge=interlink-ledger\n";

namespace {

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view line : text::split(text, '\n')) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    out.emplace_back(line);
  }
  return out;
}

// The existing file with the rules it lacks appended after our comment, or
// our lines alone when there is no file.
std::string merged(const std::optional<std::string>& existing, std::string_view lines) {
  if (!existing) return std::string(lines);
  std::vector<std::string> have = split_lines(*existing);
  std::string comment, missing;
  for (const auto& line : split_lines(lines)) {
    if (line.rfind('#', 0) == 0) {
      comment += line + "\n";
    } else if (std::find(have.begin(), have.end(), line) == have.end()) {
      missing += line + "\n";
    }
  }
  std::string out = *existing;
  if (missing.empty()) return out;
  if (!out.empty() && out.back() != '\n') out += '\n';
  if (!out.empty()) out += '\n';
  return out + comment + missing;
}

std::string folder_name(const stdfs::path& dir) {
  std::error_code ec;
  stdfs::path abs = stdfs::absolute(dir, ec).lexically_normal();
  std::string name = abs.filename().string();
  if (name.empty()) name = abs.parent_path().filename().string();
  return name;
}

void refuse_existing(const stdfs::path& dir) {
  std::error_code ec;
  if (stdfs::exists(dir, ec) && !stdfs::is_directory(dir, ec)) {
    refuse(fmt::format("{} exists and is not a folder", dir.string()), "name a new or existing folder");
  }
  for (const char* name : {"interlink.yaml", "ledger.db"}) {
    if (stdfs::exists(dir / name, ec) || stdfs::is_symlink(dir / name, ec)) {
      refuse(
          fmt::format("{} already holds an interlink project ({} exists); nothing was changed", dir.string(), name),
          "to start over, choose another folder; to check this one, run 'interlink -C " + dir.string() + " validate'");
    }
  }
  for (stdfs::directory_iterator it(dir / "stakeholders", ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml") {
      refuse(fmt::format("{} already holds stakeholder files; nothing was changed", (dir / "stakeholders").string()),
             "init starts an empty project: choose another folder, or move stakeholders/ away");
    }
  }
}

}  // namespace

InitResult init_project(const InitRequest& req) {
  InitResult result;
  const stdfs::path& dir = req.dir;
  refuse_existing(dir);
  InitParams params = req.params;
  if (params.folder_name.empty()) params.folder_name = folder_name(dir);
  result.rendered = render_template(req.source, params);
  const RenderedProject& r = result.rendered;
  result.warnings = r.warnings;

  // The plan lands with the ledger's first event, through its stage. The
  // git files and stakeholders/ are written first, directly: the stage holds
  // only files whose content the ledger vouches for (ledger/staged.hpp), and
  // the .gitignore must keep .interlink/ out of git before anything goes there.
  // Both are idempotent, should init be run again after a failure.
  std::vector<ledger::FileChange> files;
  for (const auto& [path, bytes] : r.files) files.push_back({path, bytes});
  constexpr std::size_t kMaxGitFileBytes = 1u << 20;
  const std::vector<std::pair<std::string, std::optional<std::string>>> git_files = {
      {"stakeholders/.gitkeep", std::string()},
      {".gitignore", merged(fs::read_beneath_if_exists(dir, ".gitignore", kMaxGitFileBytes), kGitignoreLines)},
      {".gitattributes",
       merged(fs::read_beneath_if_exists(dir, ".gitattributes", kMaxGitFileBytes), kGitattributesLines)},
  };
  for (const auto& f : files) result.written.push_back(f.path);
  for (const auto& f : git_files) result.written.push_back(f.first);
  result.written.push_back("ledger.db");
  std::error_code ec;

  ledger::Json payload = {{"id", r.id}, {"title", r.title}, {"template", r.template_name}, {"origin", r.origin}};
  bool created_dir = !stdfs::exists(dir, ec);
  try {
    if (created_dir) stdfs::create_directories(dir);
    fs::write_files_atomic(dir, git_files);
    ledger::Ledger::create(dir / "ledger.db", req.actor, payload, r.id, files);
  } catch (...) {
    if (created_dir) stdfs::remove_all(dir, ec);
    throw;
  }

  if (!req.exe.empty() && ledger::in_git_work_tree(dir)) {
    try {
      ledger::git_setup(dir, req.exe);
      result.git_configured = true;
    } catch (const Error& e) {
      result.warnings.push_back(
          fmt::format("the project was created, but registering its git drivers failed: {} "
                      "(run 'interlink git-setup' in the project)",
                      e.message()));
    }
  }
  return result;
}

}  // namespace interlink::catalogue
