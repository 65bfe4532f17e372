// dist.c — the MPI side of data-parallel training (dist.h). Sums gather every rank's
// contribution (MPI_Allgather) and add them in rank order locally, so every rank computes the
// same bits and the same N and seed give the same results run after run.
#include "dist.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef HGNN_HAVE_MPI
#include <mpi.h>
#endif

#define HOST_MAX 64

// rt_dist_watch's state: every rank's pid and host, and the watching thread.
struct RtDistWatch {
    int rank, size;
    int *pid;                   // size pids
    char (*host)[HOST_MAX];     // size host names
    char note[384];
    pthread_t thread;
    atomic_int stop;
    atomic_int hold;            // rt_dist_hold: a file is being written
};

#ifdef HGNN_HAVE_MPI
static int launched_by_mpirun(void) {
    static const char *vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", NULL};
    for (int i = 0; vars[i]; i++)
        if (getenv(vars[i]))
            return 1;
    return 0;
}
#endif

const char *rt_dist_mpi_version(void) {
#ifdef HGNN_HAVE_MPI
    static char v[MPI_MAX_LIBRARY_VERSION_STRING];
    int n = 0;
    MPI_Get_library_version(v, &n);
    v[strcspn(v, ",\n")] = 0;   // "Open MPI v4.1.4, package: ..." -> "Open MPI v4.1.4"
    return v;
#else
    return NULL;
#endif
}

int rt_dist_init(RtDist *d, int *argc, char ***argv, RtError *err) {
    memset(d, 0, sizeof *d);
    d->size = d->local_size = 1;
#ifdef HGNN_HAVE_MPI
    if (!launched_by_mpirun())
        return 0;
    int provided = 0;
    // Only the main thread calls MPI; the prefetch and compute threads never do.
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return rt_err(err, NULL, 0, "MPI_Init failed");
    d->mpi = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &d->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &d->size);
    // The ranks sharing this node (and its cores): a communicator of them, counted.
    MPI_Comm node;
    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, d->rank, MPI_INFO_NULL,
                            &node) == MPI_SUCCESS) {
        MPI_Comm_size(node, &d->local_size);
        MPI_Comm_free(&node);
    }
#else
    (void)argc;
    (void)argv;
    (void)err;
#endif
    return 0;
}

// Whether process pid has ended: gone from /proc, or a zombie not yet reaped.
static int ended(int pid) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *p = strrchr(buf, ')');     // "pid (comm) S ...": comm may hold spaces
    return p && (p[2] == 'Z' || p[2] == 'X');
}

static void *watch_main(void *arg) {
    struct RtDistWatch *w = arg;
    const struct timespec tick = {0, 50 * 1000 * 1000};
    while (!atomic_load(&w->stop)) {
        nanosleep(&tick, NULL);
        int dead = -1, lowest_alive = -1;
        for (int r = 0; r < w->size; r++) {
            if (strcmp(w->host[r], w->host[w->rank]) != 0)
                continue;
            if (r != w->rank && ended(w->pid[r])) {
                if (dead < 0)
                    dead = r;
            } else if (lowest_alive < 0) {
                lowest_alive = r;
            }
        }
        if (dead < 0 || atomic_load(&w->stop))
            continue;
        for (int i = 0; i < 600 && atomic_load(&w->hold); i++)     // at most 30 s
            nanosleep(&tick, NULL);
        if (lowest_alive == w->rank) {
            char msg[1024];
            int n = snprintf(msg, sizeof msg, "hgnn-run: error: rank %d of %d (pid %d on %s) "
                             "ended before the run did; stopping every rank%s%s\n", dead,
                             w->size, w->pid[dead], w->host[dead], w->note[0] ? "; " : "",
                             w->note);
            if (n > 0 && write(STDERR_FILENO, msg, (size_t)n < sizeof msg ? (size_t)n
                                                                        : sizeof msg - 1) < 0)
                n = 0;  // nothing more to do about a closed stderr
        }
        // Not exit(): the main thread may be inside MPI or holding locks; files are written to
        // temporary names and renamed, so nothing is left half-written.
        _exit(1);
    }
    return NULL;
}

int rt_dist_watch(RtDist *d, const char *note, RtError *err) {
    if (d->size <= 1 || d->watch)
        return 0;
#ifdef HGNN_HAVE_MPI
    struct RtDistWatch *w = calloc(1, sizeof *w);
    int *pid = w ? malloc((size_t)d->size * sizeof *pid) : NULL;
    char(*host)[HOST_MAX] = pid ? calloc((size_t)d->size, HOST_MAX) : NULL;
    if (!host) {
        free(w);
        free(pid);
        return rt_err(err, NULL, 0, "out of memory");
    }
    w->rank = d->rank;
    w->size = d->size;
    w->pid = pid;
    w->host = host;
    snprintf(w->note, sizeof w->note, "%s", note ? note : "");
    int me = (int)getpid();
    char name[HOST_MAX] = {0};
    gethostname(name, sizeof name - 1);
    MPI_Allgather(&me, 1, MPI_INT, pid, 1, MPI_INT, MPI_COMM_WORLD);
    MPI_Allgather(name, HOST_MAX, MPI_CHAR, host, HOST_MAX, MPI_CHAR, MPI_COMM_WORLD);
    atomic_init(&w->stop, 0);
    atomic_init(&w->hold, 0);
    if (pthread_create(&w->thread, NULL, watch_main, w) != 0) {
        free(pid);
        free(host);
        free(w);
        return rt_err(err, NULL, 0, "cannot start the thread that watches the other ranks");
    }
    d->watch = w;
    return 0;
#else
    (void)note;
    (void)err;
    return 0;
#endif
}

void rt_dist_hold(RtDist *d, int on) {
    if (d->watch)
        atomic_store(&d->watch->hold, on != 0);
}

// Stops watching: from here on, ranks end when they are done.
static void unwatch(RtDist *d) {
    struct RtDistWatch *w = d->watch;
    if (!w)
        return;
    atomic_store(&w->stop, 1);
    pthread_join(w->thread, NULL);
    free(w->pid);
    free(w->host);
    free(w);
    d->watch = NULL;
}

void rt_dist_finalize(RtDist *d) {
    unwatch(d);
#ifdef HGNN_HAVE_MPI
    if (d->mpi)
        MPI_Finalize();
#endif
    free(d->gather);
    memset(d, 0, sizeof *d);
    d->size = d->local_size = 1;
}

_Noreturn void rt_dist_abort(RtDist *d, int code) {
#ifdef HGNN_HAVE_MPI
    if (d->mpi && d->size > 1) {
        unwatch(d);
        fflush(NULL);
        MPI_Abort(MPI_COMM_WORLD, code);
    }
#else
    (void)d;
#endif
    exit(code);
}

int rt_dist_sum_floats(RtDist *d, float *x, int64_t n, float w, RtError *err) {
    if (d->size <= 1) {
        if (w != 1.0f)
            for (int64_t i = 0; i < n; i++)
                x[i] *= w;
        return 0;
    }
#ifdef HGNN_HAVE_MPI
    // One more float per rank carries its weight.
    int64_t row = n + 1;
    if (row * d->size > d->cap) {
        free(d->gather);
        d->cap = row * d->size;
        if (!(d->gather = malloc((size_t)d->cap * sizeof *d->gather))) {
            d->cap = 0;
            return rt_err(err, NULL, 0, "out of memory for %lld gathered floats",
                          (long long)row * d->size);
        }
    }
    float *mine = d->gather + (int64_t)d->rank * row;
    memcpy(mine, x, (size_t)n * sizeof *x);
    mine[n] = w;
    MPI_Allgather(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, d->gather, (int)row, MPI_FLOAT,
                  MPI_COMM_WORLD);
    d->bytes_sent += (uint64_t)row * sizeof(float) * (uint64_t)(d->size - 1);
    const float *g0 = d->gather;
    for (int64_t i = 0; i < n; i++)
        x[i] = g0[n] * g0[i];
    for (int r = 1; r < d->size; r++) {
        const float *g = d->gather + (int64_t)r * row;
        float wr = g[n];
        for (int64_t i = 0; i < n; i++)
            x[i] += wr * g[i];
    }
    return 0;
#else
    (void)err;
    return 0;
#endif
}

void rt_dist_sum_f64(RtDist *d, double *v, int n) {
#ifdef HGNN_HAVE_MPI
    if (d->size <= 1 || n <= 0 || n > 8)
        return;
    double *all = malloc((size_t)(d->size * n) * sizeof *all);
    if (!all)
        rt_dist_abort(d, 1);
    MPI_Allgather(v, n, MPI_DOUBLE, all, n, MPI_DOUBLE, MPI_COMM_WORLD);
    d->bytes_sent += (uint64_t)n * sizeof(double) * (uint64_t)(d->size - 1);
    for (int k = 0; k < n; k++) {
        double s = 0.0;
        for (int r = 0; r < d->size; r++)
            s += all[r * n + k];
        v[k] = s;
    }
    free(all);
#else
    (void)d;
    (void)v;
    (void)n;
#endif
}

int rt_dist_any(RtDist *d, int flag) {
#ifdef HGNN_HAVE_MPI
    if (d->size > 1) {
        int any = 0, mine = flag != 0;
        MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        return any;
    }
#else
    (void)d;
#endif
    return flag != 0;
}

#ifdef HGNN_HAVE_MPI
// Every rank's count (MPI_Allgather), then the displacements of their concatenation in rank
// order: a malloc'd array of 2 x size ints (counts, then displacements); *total gets the sum.
static int *gather_counts(RtDist *d, int mine, int64_t *total) {
    int *counts = malloc((size_t)d->size * 2 * sizeof *counts);
    if (!counts)
        return NULL;
    MPI_Allgather(&mine, 1, MPI_INT, counts, 1, MPI_INT, MPI_COMM_WORLD);
    int *displs = counts + d->size;
    *total = 0;
    for (int r = 0; r < d->size; r++) {
        displs[r] = (int)*total;
        *total += counts[r];
    }
    return counts;
}
#endif

void *rt_dist_gather_alloc(RtDist *d, const void *x, int64_t nbytes, int64_t *total,
                           RtError *err) {
    if (d->size <= 1) {
        void *out = malloc(nbytes > 0 ? (size_t)nbytes : 1);
        if (!out) {
            rt_err(err, NULL, 0, "out of memory");
            return NULL;
        }
        memcpy(out, x, (size_t)nbytes);
        *total = nbytes;
        return out;
    }
#ifdef HGNN_HAVE_MPI
    int mine = (int)nbytes;
    int64_t sum;
    int *counts = gather_counts(d, mine, &sum);
    if (!counts) {
        rt_err(err, NULL, 0, "out of memory");
        return NULL;
    }
    int *displs = counts + d->size;
    char *out = malloc(sum > 0 ? (size_t)sum : 1);
    if (!out) {
        free(counts);
        rt_err(err, NULL, 0, "out of memory for %lld gathered bytes", (long long)sum);
        return NULL;
    }
    MPI_Allgatherv(x, mine, MPI_BYTE, out, counts, displs, MPI_BYTE, MPI_COMM_WORLD);
    d->bytes_sent += (uint64_t)nbytes * (uint64_t)(d->size - 1);
    free(counts);
    *total = sum;
    return out;
#else
    (void)err;
    return NULL;
#endif
}

int rt_dist_same_u64(RtDist *d, uint64_t v) {
#ifdef HGNN_HAVE_MPI
    if (d->size > 1) {
        uint64_t lo = v, hi = v, out[2];
        uint64_t in[2] = {lo, ~hi};
        // max of v and max of ~v: all equal exactly when max(v) == min(v).
        MPI_Allreduce(in, out, 2, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
        return out[0] == ~out[1];
    }
#else
    (void)d;
    (void)v;
#endif
    return 1;
}

int64_t rt_dist_gather_floats(RtDist *d, const float *x, int64_t n, float *out, RtError *err) {
    if (d->size <= 1) {
        if (out != x)
            memmove(out, x, (size_t)n * sizeof *x);
        return n;
    }
#ifdef HGNN_HAVE_MPI
    int mine = (int)n;
    int64_t total;
    int *counts = gather_counts(d, mine, &total);
    if (!counts)
        return rt_err(err, NULL, 0, "out of memory");
    int *displs = counts + d->size;
    MPI_Allgatherv(x, mine, MPI_FLOAT, out, counts, displs, MPI_FLOAT, MPI_COMM_WORLD);
    d->bytes_sent += (uint64_t)n * sizeof(float) * (uint64_t)(d->size - 1);
    free(counts);
    return total;
#else
    (void)err;
    return n;
#endif
}
