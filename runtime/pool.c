// pool.c — the fork-join thread pool behind HgnnHost.parallel_for. Takes a thread count; yields
// rt_pool_for, which cuts a loop into one contiguous slice per thread. A fork-join costs a few
// microseconds: idle workers spin briefly on the job counter before they sleep on a futex, and
// the caller claims slices like any worker, so a late worker never holds the loop up.
#define _GNU_SOURCE    // sched_getaffinity, CPU_COUNT
#include "pool.h"

#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

// Pause instructions (about 20 ns each on the EPYC we measure on) a waiting thread spins through
// before it sleeps: a worker about 200 us, which bridges the serial stretches between the parallel
// kernels of a training step; the caller about 100 us waiting for a slice, after which its core
// is better given to whoever holds that slice. Shorter spins measured slower (bench_model_step,
// a movielens train step on 2 threads: 2.34 ms with 10 / 4 us, 1.24 ms with 50 / 20 us, 1.14 ms
// with these).
#define WORKER_SPIN 10000
#define CALLER_SPIN 5000

#define RT_POOL_MAX 64

// The job ticket packs (generation << 32) | (slices << 16) | next unclaimed slice, so claiming a
// slice is one compare-and-swap that fails when the job it saw is no longer current.
struct RtPool {
    int n_threads;                      // threads started, the caller's included
    int active;                         // of which loops use the first `active` (set_threads)
    pthread_t thread[RT_POOL_MAX];
    int started;                        // workers running
    _Atomic uint64_t ticket;
    _Atomic uint32_t seq;               // bumped per job and at shutdown; workers sleep on it
    _Atomic uint32_t done;              // slices finished of the current job; the caller sleeps on it
    _Atomic int sleepers;               // workers asleep (or about to be) on seq
    _Atomic int caller_waiting;         // the caller asleep (or about to be) on done
    _Atomic int quit;
    uint32_t gen;
    // The current job, written by the caller before it publishes the ticket.
    HgnnTaskFn fn;
    void *ctx;
    int64_t n, grain, units;
};

static void futex_wait(_Atomic uint32_t *addr, uint32_t val) {
    syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *addr) {
    syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static void cpu_relax(void) { __builtin_ia32_pause(); }

// Slice s of k: whole grains [s * units / k, (s + 1) * units / k), the last one cut at n.
static void run_slice(RtPool *p, uint32_t s, uint32_t k) {
    int64_t lo = (int64_t)s * p->units / k * p->grain;
    int64_t hi = ((int64_t)s + 1) * p->units / k * p->grain;
    if (hi > p->n)
        hi = p->n;
    if (lo < hi)
        p->fn(p->ctx, lo, hi);
}

// Claims and runs slices of the current job until none is left.
static void work(RtPool *p) {
    for (;;) {
        uint64_t t = atomic_load_explicit(&p->ticket, memory_order_acquire);
        uint32_t next = (uint32_t)(t & 0xffff), k = (uint32_t)((t >> 16) & 0xffff);
        if (next >= k)
            return;
        if (!atomic_compare_exchange_weak_explicit(&p->ticket, &t, t + 1, memory_order_acq_rel,
                                                   memory_order_relaxed))
            continue;
        run_slice(p, next, k);
        // seq_cst pairs with the caller's store of caller_waiting: one of the two sees the other.
        if (atomic_fetch_add(&p->done, 1) + 1 == k && atomic_load(&p->caller_waiting))
            futex_wake(&p->done);
    }
}

static void *worker_main(void *arg) {
    RtPool *p = arg;
    uint32_t seen = 0;
    pthread_setname_np(pthread_self(), "hgnn-compute");     // in top -H, perf, gdb
    for (;;) {
        uint32_t s;
        int spins = 0;
        while ((s = atomic_load_explicit(&p->seq, memory_order_acquire)) == seen) {
            if (++spins < WORKER_SPIN) {
                cpu_relax();
                continue;
            }
            atomic_fetch_add(&p->sleepers, 1);
            if (atomic_load(&p->seq) == seen)
                futex_wait(&p->seq, seen);
            atomic_fetch_sub(&p->sleepers, 1);
            spins = 0;
        }
        seen = s;
        if (atomic_load(&p->quit))
            return NULL;
        work(p);
    }
}

RtPool *rt_pool_new(int n_threads) {
    RtPool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n_threads = n_threads < 1 ? 1 : n_threads > RT_POOL_MAX ? RT_POOL_MAX : n_threads;
    for (int i = 1; i < p->n_threads; i++) {
        if (pthread_create(&p->thread[i], NULL, worker_main, p) != 0) {
            rt_pool_free(p);
            return NULL;
        }
        p->started = i;
    }
    p->active = p->n_threads;
    return p;
}

void rt_pool_free(RtPool *p) {
    if (!p)
        return;
    atomic_store(&p->quit, 1);
    atomic_fetch_add(&p->seq, 1);
    futex_wake(&p->seq);
    for (int i = 1; i <= p->started; i++)
        pthread_join(p->thread[i], NULL);
    free(p);
}

int rt_pool_threads(const RtPool *p) { return p ? p->active : 1; }

void rt_pool_set_threads(RtPool *p, int n) {
    if (p)
        p->active = n < 1 ? 1 : n > p->n_threads ? p->n_threads : n;
}

int rt_pool_cores(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

void rt_pool_for(void *pool, HgnnTaskFn fn, void *ctx, int64_t n, int64_t grain) {
    RtPool *p = pool;
    if (grain < 1)
        grain = 1;
    if (!p || p->active <= 1 || n <= grain) {
        if (n > 0)
            fn(ctx, 0, n);
        return;
    }
    int64_t units = (n + grain - 1) / grain;
    uint32_t k = units < p->active ? (uint32_t)units : (uint32_t)p->active;
    p->fn = fn;
    p->ctx = ctx;
    p->n = n;
    p->grain = grain;
    p->units = units;
    atomic_store_explicit(&p->done, 0, memory_order_relaxed);
    p->gen++;
    atomic_store_explicit(&p->ticket, (uint64_t)p->gen << 32 | (uint64_t)k << 16,
                          memory_order_release);
    atomic_fetch_add(&p->seq, 1);
    if (atomic_load(&p->sleepers))
        futex_wake(&p->seq);
    work(p);
    int spins = 0;
    uint32_t d;
    while ((d = atomic_load_explicit(&p->done, memory_order_acquire)) != k) {
        if (++spins < CALLER_SPIN) {
            cpu_relax();
            continue;
        }
        atomic_store(&p->caller_waiting, 1);
        d = atomic_load(&p->done);
        if (d != k)
            futex_wait(&p->done, d);
        atomic_store(&p->caller_waiting, 0);
        spins = 0;
    }
}
