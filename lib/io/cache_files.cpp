// See cache_files.hpp.
#include "io/cache_files.hpp"

#include <sys/stat.h>

#include <cerrno>

#include "io/cache_seal.hpp"
#include "util/beneath.hpp"
#include "util/fs.hpp"

namespace interlink::io {

namespace stdfs = std::filesystem;

namespace {

// A real folder, not a symlink; created 0700 when missing and create is set.
bool real_folder(const stdfs::path& dir, bool create) {
  if (create && ::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return false;
  struct stat st {};
  return ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

std::optional<std::string> read_cache_file(const stdfs::path& root, const std::string& name, std::size_t max_bytes) {
  try {
    const CacheSeal* seal = CacheSeal::get(false);
    if (!seal) return std::nullopt;  // no key: no cache of this user's exists
    // Opened one component at a time, refusing a link anywhere below root
    // and anything but a regular file (util/beneath.hpp): no window between
    // a check and the open.
    auto bytes = fs::read_beneath_if_exists(root, ".interlink/cache/" + name, max_bytes + CacheSeal::kTagBytes);
    if (!bytes) return std::nullopt;
    auto inner = seal->open(name, *bytes);
    if (!inner) return std::nullopt;  // not sealed by this user's key
    bytes->resize(inner->size());     // the bytes are a prefix: drop the tag in place
    return bytes;
  } catch (...) {  // a link, a folder, too large, unreadable: a miss
    return std::nullopt;
  }
}

namespace {

// The seal and .interlink/cache/ to write a cache file into, made as the
// header says; nullopt when there is none (no key, a link in the way, a
// project without .interlink/ and !create_private).
std::optional<std::pair<const CacheSeal*, stdfs::path>> cache_folder(const stdfs::path& root, bool create_private) {
  const CacheSeal* seal = CacheSeal::get(true);
  if (!seal) return std::nullopt;  // no key to seal with: no cache
  const stdfs::path priv = root / ".interlink", dir = priv / "cache";
  std::error_code ec;
  const bool fresh = !stdfs::exists(stdfs::symlink_status(priv, ec));
  if (fresh && !create_private) return std::nullopt;
  if (!real_folder(priv, true)) return std::nullopt;
  if (fresh)
    fs::write_file_atomic(priv / ".gitignore", "# Written by interlink: personal data never goes into git.\n*\n");
  if (!real_folder(dir, true)) return std::nullopt;
  if (!stdfs::exists(stdfs::symlink_status(dir / ".gitignore", ec)))
    fs::write_file_atomic(dir / ".gitignore", "# Written by interlink: caches never go into git.\n*\n");
  return std::make_pair(seal, dir);
}

std::string_view tag_bytes(const std::array<unsigned char, CacheSeal::kTagBytes>& tag) {
  return {reinterpret_cast<const char*>(tag.data()), tag.size()};
}

}  // namespace

bool write_cache_file(const stdfs::path& root, const std::string& name, std::string_view bytes, bool create_private) {
  try {
    auto to = cache_folder(root, create_private);
    if (!to) return false;
    const auto tag = to->first->tag(name, bytes);
    // 0600: the mapped readers (process/load.cpp) accept only a file that
    // no one else could change under their mapping. Not synced: a cache a
    // crash loses or tears is a miss (its seal fails), and a write that
    // keeps verify's mark (process/verified.hpp) would otherwise pay two
    // more fsyncs, ~1 ms of an 11 ms `feedback add` on examples/pspm.
    fs::write_file_atomic(to->second / name, {bytes, tag_bytes(tag)}, 0600, false);
    return true;
  } catch (...) {  // the cache is only an optimisation
    return false;
  }
}

bool write_split_cache_file(const stdfs::path& root, const std::string& name, std::string_view head,
                            std::string_view tail, bool create_private) {
  try {
    auto to = cache_folder(root, create_private);
    if (!to) return false;
    const auto tag = to->first->split_tag(name, head);
    const std::string size = CacheSeal::split_size(head.size());
    fs::write_file_atomic(to->second / name, {head, tail, size, tag_bytes(tag)}, 0600, false);  // as above
    return true;
  } catch (...) {  // the cache is only an optimisation
    return false;
  }
}

}  // namespace interlink::io
