// The identity of the code that is running: the GNU build ID the linker
// puts in the executable (a hash of its code and data, different for every
// change), as lowercase hex. Caches of what the code computes from files
// (io/parse_cache.hpp) carry it, so that a binary built from other code
// never trusts what an earlier one stored.
#pragma once

#include <string>

namespace interlink {

// The build ID of the main executable, "" when it has none (a linker run
// with --build-id=none): callers then cache nothing.
const std::string& build_id();

}  // namespace interlink
