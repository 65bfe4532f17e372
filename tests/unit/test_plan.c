// test_plan.c — pass_plan and plan_verify (compiler/pass_plan.c). Every model given, through the
// whole pipeline with and without prune and under each -fno-NAME flag that shapes the plan, gets a
// plan that plan_verify accepts (in any build type: it is called here directly). Then copies of
// one plan are broken one way each — two live values in one slot, an extent built from a later
// one, a value writing into a node that is no fused add — and plan_verify must stop each with an
// internal error naming pass_plan.c.
// Usage: test_plan FILE.hgnn...
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "codegen.h"
#include "pass_plan.h"
#include "pipeline.h"

static IrModule *planned(Arena *a, const char *path, bool prune, unsigned off) {
    enum { CAP = 1 << 16 };
    char *text = arena_alloc(a, CAP);
    long len = check_read_file(path, text, CAP);
    Pipeline p = {.path = path, .prune = prune, .off = off, .stop_after = PIPE_PLAN};
    if (len < 0 || pipeline_run(a, &p, text, (size_t)len) != 0) {
        fprintf(stderr, "%s: the pipeline rejected it\n", path);
        failures++;
        return NULL;
    }
    return p.module;
}

// The module whose plan the child breaks and checks (run_capturing_stderr takes no argument).
static IrModule *victim;
static int how;

// Two slot-holding values of one shape, the second written while the first is still read.
static bool share_live_slot(Plan *g) {
    for (int i = 0; i < g->n_nodes; i++)
        for (int j = i + 1; j <= g->last[i] && j < g->n_nodes; j++) {
            const IrNode *x = g->nodes[i], *y = g->nodes[j];
            if (g->store[i] != ST_SLOT || g->into[i] >= 0 || g->store[j] != ST_SLOT ||
                g->into[j] >= 0 || g->slot[i] == g->slot[j] || x->type.cols != y->type.cols ||
                x->type.rows.kind != y->type.rows.kind || x->type.rows.n != y->type.rows.n)
                continue;
            g->slot[j] = g->slot[i];
            return true;
        }
    return false;
}

static bool forward_extent(Plan *g) {
    for (int k = 0; k < g->n_ext; k++)
        if (g->ext[k].kind == EX_REACH || g->ext[k].kind == EX_MAX) {
            g->ext[k].a = k;
            return true;
        }
    return false;
}

static bool bad_into(Plan *g) {
    for (int i = 0; i + 1 < g->n_nodes; i++)
        if (g->store[i] == ST_SLOT && g->into[i] < 0 && !g->fused[g->n_nodes - 1]) {
            g->into[i] = g->n_nodes - 1;
            return true;
        }
    return false;
}

static void break_and_verify(void) {
    Plan *g = victim->plan;
    bool broken = how == 0 ? share_live_slot(g) : how == 1 ? forward_extent(g) : bad_into(g);
    if (!broken)
        _exit(3);  // nothing to break in this module: the parent reports it
    plan_verify(victim, g);
}

int main(int argc, char **argv) {
    const unsigned offs[] = {0, CODEGEN_NO_EXTENTS, CODEGEN_NO_FUSE, CODEGEN_NO_REUSE,
                             CODEGEN_NO_SPARSE_GRAD,
                             CODEGEN_NO_EXTENTS | CODEGEN_NO_FUSE | CODEGEN_NO_REUSE};
    for (int f = 1; f < argc; f++)
        for (int prune = 0; prune <= 1; prune++)
            for (size_t k = 0; k < sizeof offs / sizeof offs[0]; k++) {
                Arena a;
                arena_init(&a);
                IrModule *m = planned(&a, argv[f], prune, offs[k]);
                if (m) {
                    CHECK(m->plan && m->plan->off == offs[k]);
                    plan_verify(m, m->plan);
                    CHECK(offs[k] != CODEGEN_NO_REUSE || m->plan->n_slots > 0);
                }
                arena_free(&a);
            }

    // Broken plans, on the first model with reuse off (so that live values of one shape sit in
    // different slots).
    Arena a;
    arena_init(&a);
    victim = argc > 1 ? planned(&a, argv[1], false, CODEGEN_NO_REUSE) : NULL;
    CHECK(victim != NULL);
    for (how = 0; victim && how < 3; how++) {
        char err[512];
        int st = run_capturing_stderr(break_and_verify, err, sizeof err);
        if (!(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT && strstr(err, "internal error at "
                                                                            "pass_plan.c:")))
            fprintf(stderr, "break %d: status %#x, stderr: %s\n", how, st, err);
        CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
        CHECK(strstr(err, "internal error at pass_plan.c:") != NULL);
    }
    arena_free(&a);
    return check_done("test_plan");
}
