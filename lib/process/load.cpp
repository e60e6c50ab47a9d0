// See load.hpp. For now a full replay; the cache (keyed on the ledger's
// root, heads and newest seq) is added in cache.cpp.
#include "process/load.hpp"

namespace interlink::process {

State load_state(project::Handle& h) { return load_state(h.ledger(), h.root(), true); }

State load_state(const ledger::Ledger& led, const std::filesystem::path&, bool) { return replay(led); }

}  // namespace interlink::process
