// The process's heap, placed where the kernel can back it with transparent
// huge pages.
//
// A command that reads a large project allocates tens of megabytes in small
// pieces (10,000 stakeholders, a state of a million events), and each 4 KiB
// page of it costs a page fault on first touch. `status` on the 1m bench
// project took 16,000 of them; on a virtual machine that charges ~10 us a
// fault that was a third of its time (issue 10). glibc's own answer, the
// tunable glibc.malloc.hugetlb=1, is read from GLIBC_TUNABLES before main()
// and so cannot be set by the program itself; prepare_heap() does what it
// does for the first part of the heap.
#pragma once

namespace interlink {

// Call first thing in main(), once. Makes malloc take large blocks from the
// heap too (below 32 MiB), grow the heap by a reserve of address space that
// it keeps, and advises that reserve MADV_HUGEPAGE. No memory is touched:
// a command that allocates little (a write, --version) faults in the same
// pages as before; one that allocates tens of megabytes takes a fault every
// 2 MiB, not every 4 KiB, where the kernel's transparent_hugepage setting is
// `madvise` or `always`. True if a range was advised; false when
// INTERLINK_NO_HUGE_PAGES is set and not empty, under a limit of address
// space or data (ulimit -v or -d: the reserve would be taken from what the
// command may need), when the heap could not grow (another allocator, as
// under AddressSanitizer), or when the kernel refused the advice (no
// transparent huge pages).
bool prepare_heap();

}  // namespace interlink
