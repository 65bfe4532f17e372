// pool.h — a persistent fork-join thread pool: HgnnHost.parallel_for for compiled models, and
// the runtime's own data-parallel loops (Adam). The calling thread takes part in every loop.
#ifndef HGNN_POOL_H
#define HGNN_POOL_H

#include <stdint.h>

#include "hgnn/abi.h"

typedef struct RtPool RtPool;

// A pool of n_threads compute threads: the caller and n_threads - 1 workers. Returns NULL when
// threads cannot be started; n_threads <= 1 starts none (every loop then runs inline).
RtPool *rt_pool_new(int n_threads);
void rt_pool_free(RtPool *p);
// The threads loops use: n_threads, or fewer after rt_pool_set_threads.
int rt_pool_threads(const RtPool *p);
// Lets loops use only n (1 to n_threads) of the pool's threads, as a pool of n would; with 1
// every loop runs inline. For trying thread counts on one pool (hgnn-run --threads auto). Not
// while a loop runs.
void rt_pool_set_threads(RtPool *p, int n);

// The cores this process may run on: CPU_COUNT of its affinity mask (taskset, cpusets, mpirun's
// binding), or the online CPUs when that cannot be read.
int rt_pool_cores(void);

// HgnnHost.parallel_for: runs fn over [0, n) in at most rt_pool_threads contiguous slices whose
// bounds are multiples of grain (the last ends at n) and returns when all have run. Slices go to
// whichever thread claims them first, so a worker that is slow to wake costs no waiting: the
// caller runs its slice too. One loop at a time per pool, from one thread (not re-entrant).
// pool may be NULL: then fn(ctx, 0, n) runs on the calling thread.
void rt_pool_for(void *pool, HgnnTaskFn fn, void *ctx, int64_t n, int64_t grain);

#endif
