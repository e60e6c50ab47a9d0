// See mapped_cache.hpp.
#include "process/mapped_cache.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>

#include "io/cache_seal.hpp"
#include "util/beneath.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace interlink::process {

MappedCache::MappedCache(const std::filesystem::path& root, const char* name, bool split) {
  int fd = -1;
  try {
    fs::DirFd dir = fs::open_dir_beneath(root, ".interlink/cache", false);
    // O_NONBLOCK: a FIFO in a cache's place (an unpacked archive can hold
    // one) must not hang the command; it is then no regular file, a miss.
    if (dir.get() >= 0) fd = ::openat(dir.get(), name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  } catch (const Error&) {  // a link or not a folder: a miss
    return;
  }
  if (fd < 0) return;
  struct stat st {};
  // The seal is checked once, over the mapping, which is then read for
  // the whole command: a file someone else could write to would let them
  // change its bytes after the check (a MAP_PRIVATE page not yet touched
  // still shows writes to the file). So only a file of this user's that no
  // one else may write is mapped (cache files are written 0600).
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && fs::only_user_writes(st.st_uid, st.st_mode)) {
    void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      data_ = p;
      size_ = static_cast<std::size_t>(st.st_size);
    }
  }
  ::close(fd);
  // Only what this user's interlink wrote; the view leaves the seal out.
  const io::CacheSeal* seal = io::CacheSeal::get(false);
  const std::string_view all(static_cast<const char*>(data_), size_);
  std::optional<io::CacheSeal::Split> parts;
  if (seal && data_) {
    if (split) {
      parts = seal->open_split(name, all);
    } else if (auto inner = seal->open(name, all)) {
      parts = io::CacheSeal::Split{*inner, {}};
    }
  }
  if (parts) {
    inner_ = parts->head;
    tail_ = parts->tail;
  } else if (data_) {
    ::munmap(data_, size_);
    data_ = nullptr;
  }
}

MappedCache::~MappedCache() {
  if (data_) ::munmap(data_, size_);
}

}  // namespace interlink::process
