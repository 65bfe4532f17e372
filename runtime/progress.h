// progress.h — what hgnn-run shows people while it works: a live bar on stderr when stderr is a
// terminal (batches, it/s, ETA, running loss), nothing in between when it is not, and one plain
// line per epoch on stdout either way.
#ifndef HGNN_PROGRESS_H
#define HGNN_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

#include "metrics.h"

typedef struct RtProgress {
    int bar;                // draw the live bar (stderr is a terminal and not quiet)
    int quiet;              // no per-epoch lines either
    char label[64];         // "epoch 2/5", "val"
    int64_t total;
    double t0, last_draw;   // monotonic seconds
    int drawn;              // a bar is on screen and must be erased
    FILE *out;              // where the per-epoch lines go: stdout unless set after init
} RtProgress;

// quiet: print nothing but errors; force_bar: 1 always, 0 never, -1 when stderr is a terminal.
void rt_progress_init(RtProgress *p, int quiet, int force_bar);
void rt_progress_start(RtProgress *p, const char *label, int64_t total);
// Called after each batch; redraws at most 10 times a second.
void rt_progress_step(RtProgress *p, int64_t done, double running_loss);
void rt_progress_finish(RtProgress *p);     // erases the bar
// "epoch 1/5  loss 0.4483  2.13 s  89.2 batches/s" on p->out (unless quiet), then
// "  val AUC 0.9012" when the epoch's val AUC was measured ("  val RMSE 0.9312" for loss mse).
void rt_progress_epoch(const RtProgress *p, const RtEpochStats *e, int32_t n_epochs);
double rt_now(void);                        // monotonic seconds
double rt_cpu_now(void);                    // CPU seconds of the process, all its threads

#endif
