// See plan_check.hpp.
#include "io/plan_check.hpp"

#include <string>

#include "io/cache_files.hpp"
#include "io/project_io.hpp"
#include "model/finding.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

namespace interlink::io {

namespace stdfs = std::filesystem;

namespace {

constexpr const char* kCacheName = "plan-readable";

// The key of the plan bytes this process parsed and found readable.
std::string& verified() {
  static std::string key;
  return key;
}

}  // namespace

void require_readable_plan(const stdfs::path& root) {
  auto bytes = fs::read_file_if_exists(root / "interlink.yaml", 4u << 20);
  std::string key;
  if (bytes) {
    key = std::string("interlink ") + INTERLINK_VERSION + " " + sha256_hex(*bytes) + "\n";
    if (read_cache_file(root, kCacheName, 4096).value_or("") == key) return;
  }
  model::Findings ignored;
  read_manifest(root, ignored);  // throws for a plan it cannot read (or a missing one)
  verified() = key;
}

void remember_readable_plan(const stdfs::path& root) {
  const std::string& key = verified();
  if (key.empty()) return;
  // Best-effort (a read-only checkout simply parses each time). Called only
  // after a change was written, so it may create .interlink/ (0700, its
  // .gitignore of `*`), as `status` does for the state cache: it used to
  // write only where the folder existed, so on a fresh clone of a project
  // without persons every add-stakeholder parsed the whole plan again until
  // something else made the folder (issue 10: 8 concurrent writers on a
  // fresh copy of examples/pspm spent 4.7 of their 9.9 ms of CPU each there).
  write_cache_file(root, kCacheName, key, true);
}

}  // namespace interlink::io
