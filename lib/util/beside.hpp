// Work run beside the caller: in a thread of its own when one can be had,
// else, when its result is asked for, in the asker's thread. Used where two
// reads of different files share nothing and each leaves part of a core
// idle (verify's scan and SQLite's check of the same file; the files a merge
// or `verify --base` verifies at once: issue 10).
#pragma once

#include <future>
#include <system_error>
#include <utility>

namespace interlink {

// The future of f(); its destructor waits for the thread, so nothing f uses
// may go before the future does.
template <class F>
auto run_beside(F f) -> std::future<decltype(f())> {
  try {
    return std::async(std::launch::async, f);
  } catch (const std::system_error&) {  // no thread to be had
    return std::async(std::launch::deferred, std::move(f));
  }
}

}  // namespace interlink
