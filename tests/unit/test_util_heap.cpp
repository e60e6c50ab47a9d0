// Unit tests for lib/util/heap: the heap's reserve advised for transparent
// huge pages (util/heap.hpp says why).
#include <doctest/doctest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "util/heap.hpp"

// Under a sanitizer, malloc is the sanitizer's own, which never grows the
// heap. GCC says so with __SANITIZE_*__, Clang (the fuzzing and sanitizer
// build's compiler) with __has_feature.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define INTERLINK_SANITIZER_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define INTERLINK_SANITIZER_MALLOC 1
#endif
#endif

namespace {

// The size of the largest mapping of this process whose VmFlags carry "hg"
// (advised MADV_HUGEPAGE), from /proc/self/smaps.
[[maybe_unused]] std::uintptr_t largest_advised_mapping() {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  std::uintptr_t size = 0, largest = 0;
  while (std::getline(smaps, line)) {
    if (line.rfind("VmFlags:", 0) == 0) {
      if ((line + " ").find(" hg ") != std::string::npos && size > largest) largest = size;
      continue;
    }
    const auto dash = line.find('-');
    const auto space = line.find(' ');
    if (dash == std::string::npos || space == std::string::npos || dash > space) continue;
    const std::string lo = line.substr(0, dash), hi = line.substr(dash + 1, space - dash - 1);
    if (lo.find_first_not_of("0123456789abcdef") != std::string::npos || lo.empty()) continue;
    size = std::stoull(hi, nullptr, 16) - std::stoull(lo, nullptr, 16);  // a mapping's first line
  }
  return largest;
}

}  // namespace

TEST_SUITE("util.heap") {
  TEST_CASE("prepare_heap advises a reserve of the heap for huge pages, unless told not to") {
#ifdef INTERLINK_SANITIZER_MALLOC
    // The sanitizers' allocators do not grow the heap: nothing to advise.
    CHECK_FALSE(interlink::prepare_heap());
#else
    if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled")) {
      MESSAGE("this kernel has no transparent huge pages: nothing to check");
      return;
    }
    ::setenv("INTERLINK_NO_HUGE_PAGES", "1", 1);
    CHECK_FALSE(interlink::prepare_heap());
    ::unsetenv("INTERLINK_NO_HUGE_PAGES");
    // Under any limit of data or address space, even one far away, the
    // reserve is not made: it would be taken from what the command needs.
    for (int resource : {RLIMIT_DATA, RLIMIT_AS}) {
      rlimit was{};
      REQUIRE(::getrlimit(resource, &was) == 0);
      if (was.rlim_max != RLIM_INFINITY) continue;  // cannot be put back: not this runner's to change
      rlimit far = was;
      far.rlim_cur = rlim_t{1} << 44;
      REQUIRE(::setrlimit(resource, &far) == 0);
      const bool made = interlink::prepare_heap();
      REQUIRE(::setrlimit(resource, &was) == 0);
      CHECK_FALSE(made);
    }
    REQUIRE(interlink::prepare_heap());
    // The reserve is 1 GiB: its whole huge pages, at least 1022 MiB, are
    // one advised mapping (the kernel merges it with what was advised
    // before, in this process, so it may be larger). It stays: freeing the
    // block that made it does not give it back (M_TRIM_THRESHOLD).
    CHECK(largest_advised_mapping() >= std::uintptr_t{1022} << 20);
    // Small blocks come from that heap, and so do large ones (below 32 MiB,
    // where glibc would mmap each block of 128 KiB or more on its own).
    void* volatile block = std::malloc(4u << 20);
    void* volatile top = ::sbrk(0);
    CHECK(reinterpret_cast<std::uintptr_t>(block) < reinterpret_cast<std::uintptr_t>(top));
    std::free(block);
    // The reserve is made once: once it is used up, the heap grows by what
    // is asked and glibc's 128 KiB, not by another 1 GiB of address space,
    // which could fail where the block alone would not. Blocks of 30 MiB,
    // untouched, use it up; the step that grows the heap is measured.
    std::vector<void*> blocks;
    std::uintptr_t step = 0;
    for (int i = 0; i < 64 && step == 0; ++i) {
      const auto at = reinterpret_cast<std::uintptr_t>(::sbrk(0));
      blocks.push_back(std::malloc(30u << 20));
      step = reinterpret_cast<std::uintptr_t>(::sbrk(0)) - at;
    }
    for (void* b : blocks) std::free(b);
    CHECK(step > 0);
    CHECK(step < (std::uintptr_t{40} << 20));
#endif
  }
}
