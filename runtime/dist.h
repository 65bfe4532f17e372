// dist.h — data-parallel training over MPI: which process this is among how many, and the few
// collective operations the trainer needs. Every reduction is deterministic and gives the same
// bits on every rank: contributions are gathered and then summed in rank order on each rank,
// never left to MPI_Allreduce's unspecified order. Built without MPI (HGNN_HAVE_MPI unset), or
// run without mpirun, a process is rank 0 of 1 and every operation is the identity.
#ifndef HGNN_DIST_H
#define HGNN_DIST_H

#include <stdint.h>

#include "error.h"

typedef struct RtDist {
    int rank, size;         // this process, and how many train together (1 without mpirun)
    int local_size;         // of them, how many run on this node (share its cores); >= 1
    int mpi;                // MPI was initialised here (and must be finalised)
    float *gather;          // size x cap floats: rt_dist_sum_floats's gathered contributions
    int64_t cap;
    uint64_t bytes_sent;    // this rank's bytes sent by the collectives so far
    struct RtDistWatch *watch;  // rt_dist_watch's thread and every rank's pid and host, or NULL
} RtDist;

// Whether this hgnn-run was built with MPI ("Open MPI 4.1.4", say), or NULL.
const char *rt_dist_mpi_version(void);

// Joins the MPI job when the process was started by mpirun (Open MPI's or PMI's environment);
// otherwise, or without MPI support, makes d rank 0 of 1. Returns 0, or -1 with err set.
int rt_dist_init(RtDist *d, int *argc, char ***argv, RtError *err);
// Leaves the job (MPI_Finalize) and frees d's buffers.
void rt_dist_finalize(RtDist *d);
// Watches the other ranks on this machine (every 50 ms, /proc): when one ends before
// rt_dist_finalize, the lowest-numbered surviving rank here prints one line naming it, followed
// by note (may be NULL: "the last checkpoint, ck.st, is intact", say), and every survivor exits
// with status 1 instead of waiting in a collective for mpirun to end it. Ranks on other machines
// are left to mpirun. Returns 0 (also in one process, where it does nothing), or -1 with err set.
int rt_dist_watch(RtDist *d, const char *note, RtError *err);
// While held (on = 1), a rank that ended is reported only after the hold ends (on = 0): around
// a file's write and rename, so that stopping never leaves a temporary file behind.
void rt_dist_hold(RtDist *d, int on);
// Ends the whole job at once with exit status code (MPI_Abort), after this rank printed why.
_Noreturn void rt_dist_abort(RtDist *d, int code);

// x[0..n) <- sum over ranks r, in rank order, of w_r * x_r[0..n), where w_r is rank r's w. The
// same bits on every rank. Returns 0, or -1 with err set (out of memory).
int rt_dist_sum_floats(RtDist *d, float *x, int64_t n, float w, RtError *err);
// v[0..n) <- the sum over ranks, in rank order, of each rank's v[0..n) (n <= 8).
void rt_dist_sum_f64(RtDist *d, double *v, int n);
// Whether any rank passes a nonzero flag.
int rt_dist_any(RtDist *d, int flag);
// Whether every rank passes the same v (a hash of its parameters, say).
int rt_dist_same_u64(RtDist *d, uint64_t v);
// Concatenates, in rank order, every rank's nbytes bytes at x into a new buffer (the caller
// frees it) on every rank; *total receives its size. NULL with err set when out of memory.
void *rt_dist_gather_alloc(RtDist *d, const void *x, int64_t nbytes, int64_t *total,
                           RtError *err);
// Concatenates, in rank order, every rank's x[0..n) into out (room for the total) on every rank;
// returns the total count, or -1 with err set.
int64_t rt_dist_gather_floats(RtDist *d, const float *x, int64_t n, float *out, RtError *err);

#endif
