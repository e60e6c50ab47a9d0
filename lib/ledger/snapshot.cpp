// See snapshot.hpp.
#include "ledger/snapshot.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "ledger/db.hpp"
#include "util/error.hpp"

namespace interlink::ledger {

ChangeLock::ChangeLock(const std::filesystem::path& db_path, bool exclusive) {
  int fd = ::open(db_path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return;
  }
  using Clock = std::chrono::steady_clock;
  const auto limit = Clock::now() + std::chrono::milliseconds(db::busy_timeout_ms());
  while (::flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) break;  // no flock here (some network file systems): go on without
    if (Clock::now() >= limit) {
      ::close(fd);
      os_failure(fmt::format("{}: the ledger is locked by another interlink process (waited {} ms)", db_path.string(),
                             db::busy_timeout_ms()),
                 "nothing was changed; try again when the other command has finished");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  fd_ = fd;
}

ChangeLock::~ChangeLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace interlink::ledger
