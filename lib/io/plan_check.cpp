// See plan_check.hpp.
#include "io/plan_check.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
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

}  // namespace

void require_readable_plan(const stdfs::path& root) {
  auto bytes = fs::read_file_if_exists(root / "interlink.yaml", 4u << 20);
  const stdfs::path cache = cache_file(root);
  std::string key;
  if (bytes) {
    key = std::string("interlink ") + INTERLINK_VERSION + " " + sha256_hex(*bytes) + "\n";
    std::ifstream in(cache, std::ios::binary);
    std::string seen((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (seen == key) return;
  }
  model::Findings ignored;
  read_manifest(root, ignored);  // throws for a plan it cannot read (or a missing one)
  verified() = key;
}

void remember_readable_plan(const stdfs::path& root) {
  const std::string& key = verified();
  if (key.empty()) return;
  // Best-effort: a read-only checkout simply parses each time.
  const stdfs::path cache = cache_file(root);
  std::error_code ec;
  // Only where .interlink/ exists already: it is the private store's folder,
  // which a project without personal data does not have and is not given.
  if (!stdfs::is_directory(root / ".interlink", ec)) return;
  stdfs::create_directories(cache.parent_path(), ec);
  if (ec) return;
  if (!stdfs::exists(cache.parent_path() / ".gitignore", ec)) {
    std::ofstream(cache.parent_path() / ".gitignore") << "# Written by interlink: caches never go into git.\n*\n";
  }
  const stdfs::path tmp = cache.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << key;
    if (!out) {
      stdfs::remove(tmp, ec);
      return;
    }
  }
  stdfs::rename(tmp, cache, ec);
  if (ec) stdfs::remove(tmp, ec);
}

}  // namespace interlink::io
