// hugepage.c — a madvise hint for the per-edge and per-parameter arrays of large graphs.
// Takes an array; yields nothing but fewer TLB misses (the hint may be refused).
#include "hugepage.h"

#include <stdint.h>
#include <sys/mman.h>

void rt_huge_hint(void *p, size_t bytes) {
#ifdef MADV_HUGEPAGE
    if (bytes < (8u << 20))
        return;
    uintptr_t page = 4096, a = ((uintptr_t)p + page - 1) & ~(page - 1),
              b = ((uintptr_t)p + bytes) & ~(page - 1);
    madvise((void *)a, b - a, MADV_HUGEPAGE);   // may fail (no THP): the array works either way
#else
    (void)p;
    (void)bytes;
#endif
}
