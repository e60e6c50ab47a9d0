// See std_streams.hpp.
#include "std_streams.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "ledger/ledger.hpp"

namespace interlink::cli {

namespace {
bool g_stdout_was_closed = false;
}  // namespace

void guard_standard_streams() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    if (fd == 1) g_stdout_was_closed = true;
    // open() returns the lowest free descriptor: fd itself, as 0..fd-1 are open.
    int got = ::open(fd == 1 ? "/dev/full" : "/dev/null", (fd == 0 ? O_RDONLY : O_WRONLY) | O_CLOEXEC);
    if (got < 0 && fd == 1) got = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (got >= 0 && got != fd) ::close(got);  // cannot happen; leave nothing open by accident
    if (got == fd) ::fcntl(fd, F_SETFD, 0);   // inherited by git and other children, as a real stream is
  }
}

int finish_output(int code) {
  errno = 0;
  std::cout.flush();
  bool failed = !std::cout.good();
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) failed = true;
  if (!failed) return code;
  const int err = errno;
  std::string why = g_stdout_was_closed ? "it is closed" : (err != 0 ? std::strerror(err) : "a write failed");
  std::cerr << "interlink: error: cannot write standard output: " << why << '\n';
  if (ledger::recorded_in_this_process())
    std::cerr << "hint: the change itself was recorded; 'interlink log -n 1' shows it\n";
  return 4;
}

}  // namespace interlink::cli
