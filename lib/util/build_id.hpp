// The identity of the code that is running: the GNU build IDs the linker
// puts in the executable and in every shared library loaded (a hash of each
// one's code and data, different for every change), folded into one
// SHA-256, as lowercase hex. Caches of what the code computes from files
// (io/parse_cache.hpp) carry it, so that a binary built from other code, or
// the same binary with another libyaml, fmt or libstdc++, never trusts what
// an earlier one stored.
#pragma once

#include <string>

namespace interlink {

// That identity, "" when the main executable has no build ID (a linker run
// with --build-id=none): callers then cache nothing.
const std::string& build_id();

}  // namespace interlink
