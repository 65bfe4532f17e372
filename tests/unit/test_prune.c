// test_prune.c — pass_prune keeps the model's meaning and removes work: the interpreter gives the
// same scores, loss and parameter gradients before and after the pass (within float rounding) on
// the hand-built movielens fixture (mean, sum, max) and on .hgnn files through the real front
// end; the pruned module runs conv2's matmuls on L rows and counts fewer FLOPs for a typical
// MovieLens batch (printed, before and after, forward and forward + backward). The compiled
// pruned module (JIT) is compared with the interpreter on the unpruned one as well.
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "front_fixture.h"
#include "interp.h"
#include "ir.h"
#include "ir_fixture.h"
#include "jit.h"
#include "pass_grad.h"
#include "pass_prune.h"

#define RTOL 1e-5
#define ATOL 1e-9
#define CODEGEN_TOL 1e-4  // float kernels vs the double interpreter, as in test_codegen

static double worst_rel;

// |x - y| within RTOL of the larger; reports the first few mismatches of a run.
static bool close_to(const char *what, const char *name, int64_t k, double x, double y) {
    double err = fabs(x - y), scale = fmax(fabs(x), fabs(y));
    if (scale > 0 && err / scale > worst_rel && scale > ATOL / RTOL)
        worst_rel = err / scale;
    if (err <= ATOL + RTOL * scale)
        return true;
    fprintf(stderr, "%s: %s[%lld]: before %.9g, after %.9g\n", what, name, (long long)k, x, y);
    return false;
}

// Runs both modules (grad stage, same parameter list) on one batch and compares everything they
// output. The parameters are the same arrays for both.
static void compare_runs(const char *what, const IrModule *before, const IrModule *after,
                         const FixtureBatch *fb, float **p) {
    CHECK(before->n_params == after->n_params);
    int64_t L = fb->dims[ir_dim_index(before, (IrDim){DIM_LABELS, 0})];
    float *s0 = calloc((size_t)L + 1, sizeof *s0), *s1 = calloc((size_t)L + 1, sizeof *s1);
    float **g0 = fixture_alloc_params(before, fb->dims, 0, 0);
    float **g1 = fixture_alloc_params(after, fb->dims, 0, 0);
    float l0 = -1, l1 = -2;
    interp_run(before, HGNN_RUN_TRAIN, &fb->b, p, g0, s0, &l0);
    interp_run(after, HGNN_RUN_TRAIN, &fb->b, p, g1, s1, &l1);
    int bad = 0;
    bad += !close_to(what, "loss", 0, l0, l1);
    for (int64_t i = 0; i < L; i++)
        bad += !close_to(what, "scores", i, s0[i], s1[i]);
    long nonzero = 0;
    for (int i = 0; i < before->n_params; i++) {
        CHECK(strcmp(before->params[i].name, after->params[i].name) == 0);
        int64_t n = fixture_param_size(before, i, fb->dims);
        for (int64_t k = 0; k < n && bad < 5; k++) {
            bad += !close_to(what, before->params[i].name, k, g0[i][k], g1[i][k]);
            nonzero += g0[i][k] != 0;
        }
    }
    CHECK(bad == 0);
    CHECK(nonzero > before->n_params);  // the comparison is not between two zero vectors
    CHECK(fabs(l0) > 0);
    fixture_free_params(before, g0);
    fixture_free_params(after, g1);
    free(s0);
    free(s1);
}

static bool near(double got, double want) {
    return fabs(got - want) <= CODEGEN_TOL * (1 + fabs(want));
}

// The compiled pruned module against the interpreter on the unpruned one, in training mode:
// codegen's own row analyses (extents at label ids) meet the pruned IR here.
static void compare_compiled(const char *what, const IrModule *before, const HgnnModel *md,
                             const FixtureBatch *fb, float **p) {
    static const HgnnHost host = {fixture_sgemm, 1, NULL, NULL};
    int64_t L = fb->dims[ir_dim_index(before, (IrDim){DIM_LABELS, 0})];
    float *s0 = calloc((size_t)L + 1, sizeof *s0), *s1 = calloc((size_t)L + 1, sizeof *s1);
    float **g0 = fixture_alloc_params(before, fb->dims, 0, 0);
    float **g1 = fixture_alloc_params(before, fb->dims, 0, 0);
    float *ws = malloc((size_t)(md->workspace_floats(fb->dims) + 1) * sizeof *ws);
    float l0 = -1, l1 = -2;
    interp_run(before, HGNN_RUN_TRAIN, &fb->b, p, g0, s0, &l0);
    md->run(HGNN_RUN_TRAIN, &fb->b, p, g1, ws, &host, s1, &l1);
    int bad = !near(l1, l0);
    for (int64_t i = 0; i < L; i++)
        bad += !near(s1[i], s0[i]);
    for (int i = 0; i < before->n_params; i++)
        for (int64_t k = 0; k < fixture_param_size(before, i, fb->dims); k++)
            if (!near(g1[i][k], g0[i][k]) && bad++ < 3)
                fprintf(stderr, "%s (compiled): %s[%lld]: %.9g, interpreter %.9g\n", what,
                        before->params[i].name, (long long)k, g1[i][k], g0[i][k]);
    CHECK(bad == 0);
    free(ws);
    fixture_free_params(before, g0);
    fixture_free_params(before, g1);
    free(s0);
    free(s1);
}

// Rows of a value for the batch dims (constant rows as they are).
static double rows_of(const IrModule *m, IrDim d, const int64_t *dims) {
    return d.kind == DIM_CONST ? (double)d.n : (double)dims[ir_dim_index(m, d)];
}

// FLOPs of one run of m: 2 R K C per matmul (R x K by K x C); the other ops are counted apart as
// one per output element, aggregations one per edge and column. Only what run() computes counts:
// the values scores, loss and gradients depend on, not the embeddings only embed() computes
// (ABI 6; with prune the last layer stays whole for them).
static void count_flops(IrModule *m, const int64_t *dims, double *matmul, double *other) {
    *matmul = *other = 0;
    int count;
    IrNode **by_id = fixture_nodes_by_id(m, &count);
    bool *run = calloc((size_t)count + 1, sizeof *run);
    if (m->scores)
        run[m->scores->id] = true;
    if (m->loss)
        run[m->loss->id] = true;
    for (int p = 0; p < m->n_params; p++)
        if (m->params[p].grad)
            run[m->params[p].grad->id] = true;
    for (int i = count - 1; i >= 0; i--)
        for (int k = 0; run[i] && k < ir_op_arity(by_id[i]->op); k++)
            run[by_id[i]->in[k]->id] = true;
    for (const IrNode *n = m->head; n; n = n->next) {
        if (!run[n->id])
            continue;
        double R = rows_of(m, n->type.rows, dims), C = (double)n->type.cols;
        if (n->op == IR_MATMUL) {
            const IrNode *a = n->in[0];
            double K = n->ta ? rows_of(m, a->type.rows, dims) : (double)a->type.cols;
            *matmul += 2 * R * K * C;
        } else if (n->op >= IR_AGG_SUM && n->op <= IR_AGG_MAX_GRAD) {
            *other += (double)dims[ir_dim_index(m, (IrDim){DIM_EDGES, n->etype})] * C;
        } else if (ir_op_arity(n->op) > 0) {
            *other += R * C;
        }
    }
    free(run);
    free(by_id);
}

static int count_nodes(const IrModule *m) {
    int k = 0;
    for (const IrNode *n = m->head; n; n = n->next)
        k++;
    return k;
}

// Matmuls whose result has `kind` rows.
static int matmuls_with_rows(const IrModule *m, IrDimKind kind) {
    int k = 0;
    for (const IrNode *n = m->head; n; n = n->next)
        k += n->op == IR_MATMUL && n->type.rows.kind == kind;
    return k;
}

// The dims of a typical first training batch on ml-latest-small (PyG's: ~606 users, ~2700
// movies, ~17000 + ~7700 edges, 384 labels); V_t only matters for embedding gradients.
static void typical_dims(const IrModule *m, int64_t *dims) {
    for (int t = 0; t < m->n_node_types; t++) {
        bool user = strcmp(m->node_types[t].name, "user") == 0;
        dims[ir_dim_index(m, (IrDim){DIM_GRAPH, t})] = user ? 610 : 9742;
        dims[ir_dim_index(m, (IrDim){DIM_NODES, t})] = user ? 606 : 2700;
    }
    for (int e = 0; e < m->n_edge_types; e++)
        dims[ir_dim_index(m, (IrDim){DIM_EDGES, e})] = m->edge_types[e].reverse_of < 0 ? 17000
                                                                                      : 7700;
    dims[ir_dim_index(m, (IrDim){DIM_LABELS, 0})] = 384;
}

static void report_flops(const char *what, IrModule *before, IrModule *after) {
    int64_t dims[HGNN_NUM_DIMS(HGNN_MAX_NODE_TYPES, HGNN_MAX_EDGE_TYPES)] = {0};
    typical_dims(before, dims);
    double mm0, o0, mm1, o1;
    count_flops(before, dims, &mm0, &o0);
    count_flops(after, dims, &mm1, &o1);
    printf("test_prune: %s, typical batch: matmul %.1f -> %.1f MFLOP (%.0f%%), other %.1f -> %.1f "
           "MFLOP\n", what, mm0 / 1e6, mm1 / 1e6, 100 * mm1 / mm0, o0 / 1e6, o1 / 1e6);
    CHECK(mm1 < mm0);
    CHECK(mm1 + o1 < mm0 + o0);
}

// The fixture model, pruned and not, forward (hetero stage) and with gradients.
static void test_fixture(void) {
    static const IrOp aggs[3] = {IR_AGG_MEAN, IR_AGG_SUM, IR_AGG_MAX};
    for (int k = 0; k < 3; k++) {
        Arena a;
        arena_init(&a);
        IrModule *m0 = fixture_movielens(&a, 4, 3, aggs[k]);
        IrModule *m1 = fixture_movielens(&a, 4, 3, aggs[k]);
        pass_prune(m1);
        ir_verify(m1);
        // conv2's lin_l and lin_r per edge type now run on the label rows; conv1 and movie_lin
        // still run on N rows (their results are aggregated, which reads every row).
        CHECK(matmuls_with_rows(m0, DIM_LABELS) == 0);
        CHECK(matmuls_with_rows(m1, DIM_LABELS) == 4);
        CHECK(matmuls_with_rows(m1, DIM_NODES) == matmuls_with_rows(m0, DIM_NODES) - 4);
        CHECK(m1->scores->op == IR_ROWDOT && m1->scores->in[0]->op != IR_GATHER &&
              m1->scores->in[1]->op != IR_GATHER);
        // A second run finds nothing left to move.
        int pruned = count_nodes(m1);
        pass_prune(m1);
        CHECK(count_nodes(m1) == pruned);
        if (k == 0)
            report_flops("fixture forward (hidden 4)", m0, m1);

        pass_grad(m0);
        pass_grad(m1);
        ir_verify(m1);
        char what[64], err[512] = "";
        snprintf(what, sizeof what, "fixture (%s)", ir_op_name(aggs[k]));
        const HgnnModel *md = jit_module(m1, 2, err, sizeof err);
        if (!md)
            fprintf(stderr, "%s: %s\n", what, err);
        CHECK(md != NULL);
        // Small sizes (L > N, repeated labels) and larger ones (L < N).
        FixtureSizes sizes[2] = {fixture_sizes_small(),
                                 {{40, 60}, {30, 50}, {120, 100}, 16}};
        for (int s = 0; s < 2; s++) {
            FixtureBatch fb;
            fixture_batch(&fb, &sizes[s], 3, 99 + (uint64_t)(10 * k + s));
            float **p = fixture_alloc_params(m0, fb.dims, 0.5f, 5 + (uint64_t)k);
            compare_runs(what, m0, m1, &fb, p);
            if (md)
                compare_compiled(what, m0, md, &fb, p);
            fixture_free_params(m0, p);
            fixture_batch_free(&fb);
        }
        arena_free(&a);
    }
}

static void test_front_model(const char *path, bool movielens) {
    Arena a;
    arena_init(&a);
    IrModule *m0 = fixture_front_end_file(&a, path);
    IrModule *m1 = m0 ? fixture_front_end_file(&a, path) : NULL;
    if (!m0 || !m1) {
        arena_free(&a);
        return;
    }
    pass_prune(m1);
    ir_verify(m1);
    if (movielens) {
        CHECK(matmuls_with_rows(m1, DIM_LABELS) == 4);
        report_flops("models/movielens.hgnn forward", m0, m1);
    }
    pass_grad(m0);
    pass_grad(m1);
    ir_verify(m1);
    if (movielens)
        report_flops("models/movielens.hgnn forward + backward", m0, m1);

    FixtureBatch fb;
    FixtureSizes s = fixture_sizes_uniform(40, 25, 80, 8);
    fixture_batch_module(&fb, m0, &s, 31);
    float **p = fixture_alloc_params(m0, fb.dims, 0.3f, 8);
    compare_runs(path, m0, m1, &fb, p);
    char err[512] = "";
    const HgnnModel *md = jit_module(m1, 2, err, sizeof err);
    if (!md)
        fprintf(stderr, "%s: %s\n", path, err);
    CHECK(md != NULL);
    if (md)
        compare_compiled(path, m0, md, &fb, p);
    fixture_free_params(m0, p);
    fixture_batch_free(&fb);
    arena_free(&a);
}

// usage: test_prune [--fixture] [FILE.hgnn]...
int main(int argc, char **argv) {
    int files = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--fixture") == 0) {
            test_fixture();
        } else {
            test_front_model(argv[i], strstr(argv[i], "movielens.hgnn") != NULL);
            files++;
        }
    }
    printf("test_prune: %d front-end model(s) compared, worst relative difference %.3g (rtol %g)\n",
           files, worst_rel, RTOL);
    return check_done("test_prune");
}
