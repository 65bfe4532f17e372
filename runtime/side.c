// side.c — one task at a time on a second thread (side.h).
#define _GNU_SOURCE     // pthread_setname_np
#include "side.h"

#include <stdio.h>
#include <string.h>

enum { SIDE_IDLE, SIDE_POSTED, SIDE_DONE, SIDE_QUIT };

static void *side_main(void *arg) {
    RtSide *s = arg;
    pthread_setname_np(pthread_self(), s->name);
    pthread_mutex_lock(&s->mu);
    for (;;) {
        while (s->state != SIDE_POSTED && s->state != SIDE_QUIT)
            pthread_cond_wait(&s->cv, &s->mu);
        if (s->state == SIDE_QUIT)
            break;
        RtSideFn *fn = s->fn;
        void *ctx = s->ctx;
        pthread_mutex_unlock(&s->mu);
        fn(ctx);
        pthread_mutex_lock(&s->mu);
        s->state = SIDE_DONE;
        pthread_cond_broadcast(&s->cv);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

int rt_side_start(RtSide *s, const char *name) {
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    if (pthread_create(&s->thread, NULL, side_main, s) != 0) {
        pthread_mutex_destroy(&s->mu);
        pthread_cond_destroy(&s->cv);
        return -1;
    }
    s->started = 1;
    return 0;
}

void rt_side_post(RtSide *s, RtSideFn *fn, void *ctx) {
    if (!s->started) {
        fn(ctx);
        return;
    }
    pthread_mutex_lock(&s->mu);
    s->fn = fn;
    s->ctx = ctx;
    s->state = SIDE_POSTED;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

// Waits for the task in flight, if any, then sets the state `next` (and tells the thread).
static void settle(RtSide *s, int next) {
    pthread_mutex_lock(&s->mu);
    while (s->state == SIDE_POSTED)
        pthread_cond_wait(&s->cv, &s->mu);
    s->state = next;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

void rt_side_wait(RtSide *s) {
    if (s->started)
        settle(s, SIDE_IDLE);
}

void rt_side_stop(RtSide *s) {
    if (!s->started)
        return;
    settle(s, SIDE_QUIT);
    pthread_join(s->thread, NULL);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    s->started = 0;
}
