// The identity of the code that is running: the GNU build IDs the linker
// puts in the executable and in every shared library loaded (a hash of each
// one's code and data, different for every change), folded into one
// SHA-256, as lowercase hex. Caches of what the code computes from files
// (io/parse_cache.hpp, process/verified.hpp) carry it, so that a binary built
// from other code, or the same binary with another libyaml, fmt or
// libstdc++, never trusts what an earlier one stored. The kernel's vDSO is
// not part of it: a kernel update keeps the caches, and so does a run under
// valgrind.
#pragma once

#include <string>
#include <vector>

namespace interlink {

// That identity, "" when the main executable has no build ID (a linker run
// with --build-id=none): callers then cache nothing.
const std::string& build_id();

// What it is made of: the build ID (hex) of each object loaded, the main
// program first, "" for an object without one; never the vDSO's.
std::vector<std::string> loaded_build_ids();

// The vDSO's build ID (hex), "" if the kernel maps no vDSO or gives it none.
std::string vdso_build_id();

}  // namespace interlink
