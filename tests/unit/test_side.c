// test_side.c — runtime/side.c: a task posted runs on the second thread (named, and beside the
// caller: it sees what the caller does after posting), wait returns after it, many post/wait
// rounds lose none, and a stopped or never started RtSide runs tasks inline.
#define _GNU_SOURCE     // pthread_getname_np
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "side.h"

typedef struct Probe {
    pthread_t ran_on;
    char name[16];
    _Atomic int go;                 // set by the caller after posting
    int saw_go;                     // the task saw it within 2 s
    int count;
} Probe;

static void record(void *ctx) {
    Probe *p = ctx;
    p->ran_on = pthread_self();
    pthread_getname_np(pthread_self(), p->name, sizeof p->name);
}

// Waits (up to 2 s) for the caller's go: only a task running beside the caller can see it.
static void await_go(void *ctx) {
    Probe *p = ctx;
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do {
        if (atomic_load(&p->go)) {
            p->saw_go = 1;
            return;
        }
        clock_gettime(CLOCK_MONOTONIC, &t);
    } while ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) < 2000000000L);
}

static void bump(void *ctx) { ((Probe *)ctx)->count++; }

int main(void) {
    RtSide s;
    memset(&s, 0, sizeof s);
    CHECK(rt_side_start(&s, "hgnn-test-side-thread") == 0);
    Probe p;
    memset(&p, 0, sizeof p);
    rt_side_post(&s, record, &p);
    rt_side_wait(&s);
    CHECK(!pthread_equal(p.ran_on, pthread_self()));
    CHECK(strcmp(p.name, "hgnn-test-side-") == 0);     // 15 bytes kept

    rt_side_post(&s, await_go, &p);
    atomic_store(&p.go, 1);
    rt_side_wait(&s);
    CHECK(p.saw_go == 1);

    for (int i = 0; i < 1000; i++) {
        rt_side_post(&s, bump, &p);
        rt_side_wait(&s);
    }
    CHECK(p.count == 1000);
    rt_side_wait(&s);       // nothing pending: returns at once

    rt_side_stop(&s);
    rt_side_stop(&s);       // harmless
    rt_side_post(&s, record, &p);   // stopped: inline
    rt_side_wait(&s);
    CHECK(pthread_equal(p.ran_on, pthread_self()));

    RtSide never;
    memset(&never, 0, sizeof never);
    p.count = 0;
    rt_side_post(&never, bump, &p);
    CHECK(p.count == 1);    // ran before post returned
    rt_side_wait(&never);
    rt_side_stop(&never);
    return check_done("test_side");
}
