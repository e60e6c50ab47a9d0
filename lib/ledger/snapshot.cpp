// See snapshot.hpp.
#include "ledger/snapshot.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "ledger/db.hpp"
#include "util/error.hpp"

namespace interlink::ledger {

namespace {

volatile sig_atomic_t lock_deadline_passed = 0;

extern "C" void on_lock_deadline(int) { lock_deadline_passed = 1; }

// flock(fd, op) that waits asleep until the lock is granted or timeout_ms
// have passed; -1 with errno EWOULDBLOCK then.
//
// It used to poll (LOCK_NB, then sleep 2 ms): every waiter woke 500 times a
// second (741 voluntary context switches over a 1.5 s wait, against 34 now),
// and the lock could sit free for up to 2 ms after a change before a sleeper
// looked again (issue 10: 8 concurrent writers; the events/s did not move
// measurably on their own). A blocking flock is woken by the kernel the
// moment the lock is released. The timeout is an ITIMER_REAL whose SIGALRM is
// handled without SA_RESTART, so it interrupts the wait. It repeats every
// 50 ms after the deadline: a signal that lands between the flag's check and
// the next flock() cannot leave the wait unbounded. interlink runs a single
// thread and uses SIGALRM nowhere else; the previous handler and timer are
// put back all the same.
int flock_within(int fd, int op, int timeout_ms) {
  int rc = ::flock(fd, op | LOCK_NB);
  if (rc == 0 || errno != EWOULDBLOCK || timeout_ms <= 0) return rc;
  struct sigaction on_deadline {};
  struct sigaction previous_action {};
  on_deadline.sa_handler = on_lock_deadline;
  sigemptyset(&on_deadline.sa_mask);
  on_deadline.sa_flags = 0;  // no SA_RESTART: the signal must end the wait
  lock_deadline_passed = 0;
  if (::sigaction(SIGALRM, &on_deadline, &previous_action) != 0) return -1;
  itimerval deadline{};
  deadline.it_value.tv_sec = timeout_ms / 1000;
  deadline.it_value.tv_usec = static_cast<suseconds_t>(timeout_ms % 1000) * 1000;
  deadline.it_interval.tv_usec = 50000;
  itimerval previous_timer{};
  ::setitimer(ITIMER_REAL, &deadline, &previous_timer);
  while ((rc = ::flock(fd, op)) != 0 && errno == EINTR && !lock_deadline_passed) {
  }
  const int err = rc == 0 ? 0 : (lock_deadline_passed ? EWOULDBLOCK : errno);
  ::setitimer(ITIMER_REAL, &previous_timer, nullptr);
  ::sigaction(SIGALRM, &previous_action, nullptr);
  errno = err;
  return rc;
}

}  // namespace

ChangeLock::ChangeLock(const std::filesystem::path& db_path, bool exclusive) {
  int fd = ::open(db_path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return;
  }
  const int timeout_ms = db::busy_timeout_ms();
  if (flock_within(fd, exclusive ? LOCK_EX : LOCK_SH, timeout_ms) != 0 && errno == EWOULDBLOCK) {
    ::close(fd);
    os_failure(fmt::format("{}: the ledger is locked by another interlink process (waited {} ms)", db_path.string(),
                           timeout_ms),
               "nothing was changed; try again when the other command has finished");
  }
  // Any other failure means no flock here (some network file systems): go on without.
  fd_ = fd;
}

ChangeLock::~ChangeLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace interlink::ledger
