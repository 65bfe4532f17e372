// side.h — a second thread that runs one task at a time beside the caller: the training loop's
// sampler, which fills the next batch while this one runs.
#ifndef HGNN_SIDE_H
#define HGNN_SIDE_H

#include <pthread.h>

typedef void RtSideFn(void *ctx);

typedef struct RtSide {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int started;
    int state;                      // idle, posted, done, quit (side.c), under mu
    RtSideFn *fn;
    void *ctx;
    char name[16];                  // the thread's name (top -H, perf, gdb)
} RtSide;

// Starts the thread, named `name` (15 bytes kept); 0, or -1 when it cannot be started (then
// rt_side_post runs tasks inline). s must be zeroed or stopped.
int rt_side_start(RtSide *s, const char *name);
// Runs fn(ctx) on the thread, or inline when it has none. One task at a time: a task posted must
// be waited for before the next is posted.
void rt_side_post(RtSide *s, RtSideFn *fn, void *ctx);
// Returns once the task posted last has ended.
void rt_side_wait(RtSide *s);
// Ends the thread (after its task, if one runs); does nothing when it never started.
void rt_side_stop(RtSide *s);

#endif
