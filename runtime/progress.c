// progress.c — terminal progress bar and per-epoch log lines. The bar is redrawn in place with
// "\r...\033[K" and throttled so that drawing never shows up in the epoch time.
#include "progress.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

double rt_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

double rt_cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

void rt_progress_init(RtProgress *p, int quiet, int force_bar) {
    memset(p, 0, sizeof *p);
    p->quiet = quiet;
    p->out = stdout;
    p->bar = !quiet && (force_bar > 0 || (force_bar < 0 && isatty(STDERR_FILENO)));
}

void rt_progress_start(RtProgress *p, const char *label, int64_t total) {
    snprintf(p->label, sizeof p->label, "%s", label);
    p->total = total;
    p->t0 = rt_now();
    p->last_draw = 0;
}

void rt_progress_step(RtProgress *p, int64_t done, double running_loss) {
    if (!p->bar)
        return;
    double now = rt_now();
    if (done < p->total && now - p->last_draw < 0.1)
        return;
    p->last_draw = now;
    double el = now - p->t0, rate = el > 0 ? (double)done / el : 0.0;
    double eta = rate > 0 ? (double)(p->total - done) / rate : 0.0;
    enum { W = 24 };
    char bar[W + 1];
    int fill = p->total > 0 ? (int)(W * done / p->total) : W;
    for (int i = 0; i < W; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[W] = 0;
    fprintf(stderr, "\r%s [%s] %lld/%lld  %.1f it/s  ETA %.1fs", p->label, bar, (long long)done,
            (long long)p->total, rate, eta);
    if (running_loss == running_loss)
        fprintf(stderr, "  loss %.4f", running_loss);
    fputs("\033[K", stderr);
    fflush(stderr);
    p->drawn = 1;
}

void rt_progress_finish(RtProgress *p) {
    if (p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        p->drawn = 0;
    }
}

void rt_progress_epoch(const RtProgress *p, const RtEpochStats *e, int32_t n_epochs) {
    if (p->quiet)
        return;
    fprintf(p->out, "epoch %d/%d  loss %.4f  %.2f s  %.1f batches/s", e->epoch, n_epochs,
            e->loss, e->seconds, e->seconds > 0 ? (double)e->batches / e->seconds : 0.0);
    if (e->val_auc == e->val_auc)
        fprintf(p->out, "  val AUC %.4f", e->val_auc);
    if (e->val_rmse == e->val_rmse)
        fprintf(p->out, "  val RMSE %.4f", e->val_rmse);
    if (e->lr == e->lr)
        fprintf(p->out, "  lr %.3g", e->lr);
    fputc('\n', p->out);
    fflush(p->out);
}
