// See plan_check.hpp.
#include "io/plan_check.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <string>

#include "io/project_io.hpp"
#include "model/finding.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

namespace interlink::io {

namespace stdfs = std::filesystem;

namespace {

stdfs::path cache_file(const stdfs::path& root) { return root / ".interlink" / "cache" / "plan-readable"; }

// The key of the plan bytes this process parsed and found readable.
std::string& verified() {
  static std::string key;
  return key;
}

// A real folder, not a symlink (a crafted project must not make the cache be
// read from or land elsewhere; as process/load.cpp's state cache). Created
// 0700 when missing and create is set.
bool safe_folder(const stdfs::path& dir, bool create) {
  if (create && ::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return false;
  struct stat st {};
  return ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The cached key: a regular file (never a link) in real folders, else "".
std::string cached_key(const stdfs::path& root) {
  const stdfs::path f = cache_file(root);
  struct stat st {};
  if (!safe_folder(root / ".interlink", false) || !safe_folder(f.parent_path(), false) ||
      ::lstat(f.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return {};
  }
  try {
    return fs::read_file_if_exists(f, 4096).value_or("");
  } catch (...) {  // NOLINT(bugprone-empty-catch): an unreadable cache is a miss
    return {};
  }
}

}  // namespace

void require_readable_plan(const stdfs::path& root) {
  auto bytes = fs::read_file_if_exists(root / "interlink.yaml", 4u << 20);
  std::string key;
  if (bytes) {
    key = std::string("interlink ") + INTERLINK_VERSION + " " + sha256_hex(*bytes) + "\n";
    if (cached_key(root) == key) return;
  }
  model::Findings ignored;
  read_manifest(root, ignored);  // throws for a plan it cannot read (or a missing one)
  verified() = key;
}

void remember_readable_plan(const stdfs::path& root) {
  const std::string& key = verified();
  if (key.empty()) return;
  // Best-effort, and only where .interlink/ exists already: it is the private
  // store's folder, which a project without personal data does not have and
  // is not given. A read-only checkout simply parses each time.
  try {
    const stdfs::path dir = root / ".interlink" / "cache";
    if (!safe_folder(root / ".interlink", false) || !safe_folder(dir, true)) return;
    std::error_code ec;
    if (!stdfs::exists(stdfs::symlink_status(dir / ".gitignore", ec))) {
      fs::write_file_atomic(dir / ".gitignore", "# Written by interlink: caches never go into git.\n*\n");
    }
    fs::write_file_atomic(cache_file(root), key);
  } catch (...) {  // NOLINT(bugprone-empty-catch): the cache is only an optimisation
  }
}

}  // namespace interlink::io
