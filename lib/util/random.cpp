// See random.hpp.
#include "util/random.hpp"

#include <sys/random.h>

#include <cerrno>

namespace interlink {

bool random_bytes(void* out, std::size_t n) {
  auto* p = static_cast<unsigned char*>(out);
  std::size_t got = 0;
  while (got < n) {
    // Reads of up to 256 bytes from an initialised pool are never short,
    // but a signal can interrupt a larger one: keep what came.
    const ssize_t r = ::getrandom(p + got, n - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    got += static_cast<std::size_t>(r);
  }
  return true;
}

}  // namespace interlink
