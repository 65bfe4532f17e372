// hugepage.h — transparent huge pages under the runtime's large arrays.
#ifndef HGNN_HUGEPAGE_H
#define HGNN_HUGEPAGE_H

#include <stddef.h>

// Asks the kernel for 2 MiB pages under an array of `bytes` at p (madvise MADV_HUGEPAGE, where
// there is one; arrays under 8 MiB are left alone). A hint, for the per-edge arrays of large
// graphs: on the VM the figures come from, a first touch costs ~20 us per 4 KiB page, and
// random reads of arrays of hundreds of MB miss the TLB on every access.
void rt_huge_hint(void *p, size_t bytes);

#endif
