// See heap.hpp.
#include "util/heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace interlink {

bool prepare_heap() {
  constexpr std::uintptr_t kHugePage = 2u << 20;
  // Address space only: what is never touched costs nothing. Large enough
  // for the commands with a memory goal (status, validate, report --format
  // html on a million events: ~65 MiB); what a command needs past it comes
  // in ordinary pages, as before.
  constexpr int kReserve = 256 << 20;
  if (const char* off = std::getenv("INTERLINK_NO_HUGE_PAGES"); off && *off) return false;
  // Blocks under 32 MiB (glibc's largest threshold) from the heap, not each
  // from its own mmap outside the advised range; and a heap that keeps its
  // reserve rather than giving it back at every free().
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 2 * kReserve);
  mallopt(M_TOP_PAD, kReserve);
  auto* const before = static_cast<char*>(sbrk(0));
  // One block larger than what is free at the top (keepcost) makes malloc
  // extend the heap, by the block and the reserve. volatile: a block only
  // freed may otherwise be elided by the compiler, and the heap not grow.
  void* volatile grow = std::malloc(mallinfo2().keepcost + (64u << 10));
  auto* const after = static_cast<char*>(sbrk(0));
  std::free(grow);
  // The whole huge pages inside what was added.
  const std::uintptr_t from = (reinterpret_cast<std::uintptr_t>(before) + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t to = reinterpret_cast<std::uintptr_t>(after) & ~(kHugePage - 1);
  if (before == reinterpret_cast<char*>(-1) || to <= from) return false;
  return ::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE) == 0;
}

}  // namespace interlink
