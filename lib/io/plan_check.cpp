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
  // Best-effort, and only where .interlink/ exists already: it is the private
  // store's folder, which a project without personal data does not have and
  // is not given. A read-only checkout simply parses each time.
  write_cache_file(root, kCacheName, key, false);
}

}  // namespace interlink::io
