// See heap.hpp.
#include "util/heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <limits>

namespace interlink {

bool prepare_heap() {
  constexpr std::uintptr_t kHugePage = 2u << 20;
  // Address space only: what is never touched costs nothing. Large enough
  // for the commands with a memory goal (status, validate, report --format
  // html on a million events: ~65 MiB), and for those that hold a large
  // ledger's items (status on a clone without a cache, report, feedback
  // list on the 1m bench project: ~1 GiB), which spent a fifth of their time
  // in 4 KiB page faults past the 256 MiB this was (cold status 9.2-9.9 s ->
  // 7.4-7.5 s; report --format html 8.2 -> 6.6 s at the same peak; cold
  // status's peak 1.0 -> 1.2 GiB, whole huge pages). What a command needs
  // past it comes in ordinary pages, as before. mallopt takes an int.
  constexpr int kReserve = 1 << 30;
  constexpr int kGlibcDefault = 128 << 10;  // of M_TOP_PAD, M_MMAP_THRESHOLD and M_TRIM_THRESHOLD (mallopt(3))
  if (const char* off = std::getenv("INTERLINK_NO_HUGE_PAGES"); off && *off) return false;
  // Under a limit of address space or data (ulimit -v, -d), a reserve taken
  // up front is taken from what the command may need later: `status` on
  // examples/pspm ran out of memory under `ulimit -v 200000`. There the
  // heap stays as glibc makes it.
  for (int resource : {RLIMIT_AS, RLIMIT_DATA}) {
    rlimit limit{};
    if (::getrlimit(resource, &limit) != 0 || limit.rlim_cur != RLIM_INFINITY) return false;
  }
  // Blocks under 32 MiB (glibc's largest threshold) from the heap, not each
  // from its own mmap outside the advised range; and a heap that keeps its
  // reserve rather than giving it back at every free().
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());  // above the reserve and the block that makes it
  mallopt(M_TOP_PAD, kReserve);
  auto* const before = static_cast<char*>(sbrk(0));
  // One block larger than all that is free in the heap (fordblks: the top
  // and the free chunks below it) makes malloc extend the heap, by the block
  // and the reserve; one that fitted in a free chunk would not. At a
  // command's start what is free is the top, a few KiB; a process that had
  // freed larger blocks before (the unit tests') was refused the reserve
  // now and then when only the top (keepcost) was outgrown. volatile: a
  // block only freed may otherwise be elided by the compiler, and the heap
  // not grow.
  void* volatile grow = std::malloc(mallinfo2().fordblks + (64u << 10));
  auto* const after = static_cast<char*>(sbrk(0));
  std::free(grow);
  // The reserve is made once: later growth asks for glibc's usual 128 KiB
  // more, not for another reserve, which could fail where a small block
  // would not.
  mallopt(M_TOP_PAD, kGlibcDefault);
  // The whole huge pages inside what was added.
  const std::uintptr_t from = (reinterpret_cast<std::uintptr_t>(before) + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t to = reinterpret_cast<std::uintptr_t>(after) & ~(kHugePage - 1);
  if (before == reinterpret_cast<char*>(-1) || to <= from) {
    // Not grown (another allocator, or no address space): as glibc was.
    mallopt(M_MMAP_THRESHOLD, kGlibcDefault);
    mallopt(M_TRIM_THRESHOLD, kGlibcDefault);
    return false;
  }
  return ::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE) == 0;
}

}  // namespace interlink
