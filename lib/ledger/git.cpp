// See git.hpp. git is run through util/git.hpp: an argument vector (no
// shell, so paths with spaces or quotes need no escaping on our side), with
// what a crafted repository could make it run (hooks, fsmonitor) turned off.
#include "ledger/git.hpp"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "ledger/db.hpp"
#include "ledger/ledger.hpp"
#include "ledger/staged.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"
#include "util/git.hpp"
#include "util/text.hpp"

namespace interlink::ledger {

void dump(const std::filesystem::path& path, const std::function<void(const std::string& line)>& out) {
  SQLite::Database db = db::open(path, false);
  db::guard(path, [&] {
    db::for_each_row(db, [&](const db::Row& r) {
      out(readable_line(short_id(r.hash, 12), r.time, r.actor, r.kind, r.subject, r.payload));
    });
    // Staged rows after the events: a review must see what a ledger would write.
    for (const auto& line : staged::dump_lines(db)) out(line);
  });
}

std::string dump(const std::filesystem::path& path) {
  std::string text;
  dump(path, [&](const std::string& line) {
    text += line;
    text += '\n';
  });
  return text;
}

bool in_git_work_tree(const std::filesystem::path& dir) {
  if (!git::may_be_in_work_tree(dir)) return false;
  git::Result r = git::run(dir, {"rev-parse", "--is-inside-work-tree"});
  return r.status == 0 && r.out.rfind("true", 0) == 0;
}

std::optional<bool> git_ignores(const std::filesystem::path& dir, const std::string& rel) {
  if (!git::may_be_in_work_tree(dir)) return std::nullopt;
  // One git process where there used to be two (rev-parse, then
  // check-ignore): check-ignore says 0 or 1 inside a work tree, and fails
  // outside one, which only then is asked apart. Without --no-index: a
  // tracked file is not ignored, whatever .gitignore says.
  git::Result r = git::run(dir, {"check-ignore", "-q", "--", rel});
  if (r.status == 0) return true;
  if (r.status == 1) return false;
  if (!in_git_work_tree(dir)) return std::nullopt;
  os_failure(fmt::format("git check-ignore failed in {}: {}", dir.string(), text::printable(r.err)));
}

void git_setup(const std::filesystem::path& dir, const std::string& exe) {
  const std::string where = dir.empty() ? "." : dir.string();
  if (!in_git_work_tree(dir)) {
    refuse(fmt::format("{} is not inside a git work tree", where), "run 'git init' first, then 'interlink git-setup'");
  }
  // Quoted for the POSIX shell that git runs drivers with.
  const std::string q = text::shell_quote(exe);
  const std::pair<std::string, std::string> settings[] = {
      {"diff.interlink-ledger.textconv", q + " ledger dump"},
      // git keeps each blob's dump (in refs/notes/textconv/interlink-ledger)
      // and dumps a version once, not at every diff: on a ledger of 100,000
      // events `git log -p` dumped both sides of every commit, 1.5 s each
      // (issue 10). git drops the notes when the textconv command changes.
      {"diff.interlink-ledger.cachetextconv", "true"},
      {"merge.interlink-ledger.name", "interlink ledger: union of both sides' events"},
      {"merge.interlink-ledger.driver", q + " ledger merge %O %A %B"},
  };
  for (const auto& [key, value] : settings) {
    git::Result r = git::run(dir, {"config", "--local", key, value});
    if (r.status != 0) os_failure(fmt::format("git config {} failed: {}", key, r.err));
  }
}

std::string self_exe() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) os_failure(fmt::format("cannot find the interlink executable: {}", ec.message()));
  return p.string();
}

namespace {

// A configuration or attributes file's text; "" when it is missing, not a
// regular file (a FIFO a crafted repository put there must not make every
// write wait for a writer: fs::read_file never blocks), or unreadable.
std::string read_small(const std::filesystem::path& p) {
  try {
    return fs::read_file_if_exists(p, std::size_t{1} << 20).value_or(std::string());
  } catch (const Error&) {
    return {};
  }
}

}  // namespace

bool merge_driver_missing(const std::filesystem::path& dir) {
  namespace stdfs = std::filesystem;
  for (const char* v : {"GIT_DIR", "GIT_CONFIG", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_COUNT"})
    if (std::getenv(v) != nullptr) return false;
  std::error_code ec;
  stdfs::path wt = stdfs::absolute(dir, ec);
  if (ec) return false;
  bool routed = false;
  for (;; wt = wt.parent_path()) {
    routed = routed || read_small(wt / ".gitattributes").find("merge=interlink-ledger") != std::string::npos;
    if (stdfs::exists(wt / ".git", ec)) break;
    if (wt == wt.parent_path()) return false;  // not in a work tree
  }
  if (!routed || !stdfs::is_directory(wt / ".git", ec)) return false;
  std::vector<stdfs::path> configs{wt / ".git" / "config", "/etc/gitconfig"};
  if (const char* home = std::getenv("HOME"); home && *home) configs.emplace_back(stdfs::path(home) / ".gitconfig");
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) {
    configs.emplace_back(stdfs::path(x) / "git" / "config");
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    configs.emplace_back(stdfs::path(home) / ".config" / "git" / "config");
  }
  for (const auto& c : configs) {
    const std::string text = read_small(c);
    if (text.find("[merge \"interlink-ledger\"]") != std::string::npos) return false;
    if (text.find("[include") != std::string::npos) return false;  // unsure: it may be there
  }
  return true;
}

}  // namespace interlink::ledger
