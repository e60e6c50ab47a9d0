// Exit codes of the interlink binary (SPEC §3), in one place. The library
// raises errors carrying one of these; cmd/main.cpp maps them once.
#pragma once

namespace interlink {

enum class ExitStatus : int {
  ok = 0,          // done; or, for checks, nothing wrong
  refused = 1,     // refused or failed by the project's rules
  usage = 2,       // bad command line
  unreadable = 3,  // the project cannot be read
  internal = 4,    // operating-system or internal failure
};

}  // namespace interlink
