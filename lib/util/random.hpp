// Random bytes from the kernel's generator, for the few things interlink
// draws: a person's pseudonymous id, the cache seal's key.
#pragma once

#include <cstddef>

namespace interlink {

// Fills n bytes from getrandom(2), which blocks only until the kernel's pool
// is first seeded at boot and never returns weak bytes after that. False if
// the call fails (a kernel older than 3.17, or a seccomp filter denying it);
// callers then say so instead of going on with weaker bytes.
//
// Why not OpenSSL's RAND_bytes, which draws from the same source: linked
// statically, it brings OpenSSL 3's DRBG and provider machinery into the
// binary — 3.2 MB of libcrypto and 332 KB of pointer tables that the loader
// relocates, and the kernel copies page by page, at every process start,
// whether or not anything is drawn (issue 10: 80% of the binary's 23,000
// relocations). SHA-256 is still OpenSSL's (util/hash.cpp).
[[nodiscard]] bool random_bytes(void* out, std::size_t n);

}  // namespace interlink
