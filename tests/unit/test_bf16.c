// test_bf16.c — the bf16 products (hgnnc --precision bf16): every shape of generated gemm (a b,
// a b^T, a^T b; even and odd sums, sums longer than a chunk, row counts not a multiple of four)
// against two references: the exact product of the operands rounded to bf16 (nearest even, as
// torch), which the kernels must match to fp32 summation error, and the fp32 product (the
// interpreter, in double), which they must match within bf16's bound; the same bits whatever
// the slicing across threads. Then the movielens fixture's scores, loss and gradients in training
// mode against the interpreter modelling bf16 (tight) and the fp32 one (bf16 tolerances). On a
// CPU without avx512_bf16 only the compiler's refusal is checked, and the test says so.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "codegen.h"
#include "interp.h"
#include "ir.h"
#include "ir_fixture.h"
#include "jit.h"
#include "pass_grad.h"

static const Loc here = {"test_bf16.c", 0, 0};

static const HgnnHost serial = {fixture_sgemm, 1, NULL, NULL};
static const HgnnHost sliced = {fixture_sgemm, 4, fixture_sliced_for, NULL};

// x rounded to bf16, to nearest even (c10::BFloat16's round_to_nearest_even).
static float bf16(float x) {
    uint32_t u;
    memcpy(&u, &x, 4);
    if (isnan(x))
        return x;
    u = (u + 0x7fff + ((u >> 16) & 1)) & 0xffff0000u;
    float r;
    memcpy(&r, &u, 4);
    return r;
}

static const HgnnModel *compile(IrModule *m, int precision) {
    char err[512] = "";
    const HgnnModel *md = jit_module_opt(m, &(CodegenOptions){2, 0, precision}, err, sizeof err);
    if (!md)
        fprintf(stderr, "jit: %s\n", err);
    CHECK(md != NULL);
    return md;
}

static float *run_forward(const HgnnModel *md, const FixtureBatch *fb, float **params,
                          const HgnnHost *host, int64_t size) {
    int64_t nws = md->workspace_floats(fb->dims);
    float *ws = malloc((size_t)(nws + 1) * sizeof *ws);
    float *got = malloc((size_t)(size + 1) * sizeof *got);
    for (int64_t i = 0; i <= size; i++)
        got[i] = NAN;
    float loss = 0;
    md->run(HGNN_RUN_FORWARD, &fb->b, params, NULL, ws, host, got, &loss);
    CHECK(isnan(got[size]));
    free(ws);
    return got;
}

enum { NN, NT, TN };
static const char *const kind_name[] = {"a b", "a b^T", "a^T b"};

// One product: c = x w (NN, w [k x n]), x w^T (NT, w [n x k]) or x^T y (TN, x [r x k], y [r x n],
// the weight adjoint), x and y on `rows` movie rows.
static void check_product(int kind, int64_t k, int64_t n, int64_t rows, uint64_t seed) {
    const int feat = 5;
    FixtureSizes sz = {{rows + 7, rows + 11}, {rows, rows}, {2 * rows, 2 * rows}, 4};
    FixtureBatch fb;
    fixture_batch(&fb, &sz, feat, seed);
    Arena a;
    arena_init(&a);
    IrModule *m = ir_module_new(&a, "bf16");
    fixture_schema(m, feat);
    m->stage = IR_STAGE_HETERO;
    IrDim nm = {DIM_NODES, 1};
    IrNode *x = fixture_value(m, nm, k), *w = NULL, *c;
    if (kind == NN)
        c = ir_emit_matmul(m, here, x, 0, w = fixture_value(m, (IrDim){DIM_CONST, k}, n), 0);
    else if (kind == NT)
        c = ir_emit_matmul(m, here, x, 0, w = fixture_value(m, (IrDim){DIM_CONST, n}, k), 1);
    else
        c = ir_emit_matmul(m, here, x, 1, w = fixture_value(m, nm, n), 0);
    m->scores = c;
    m->loss = NULL;
    float **params = fixture_alloc_params(m, fb.dims, 1.0f, seed + 5);
    int64_t xr, wr, cr;
    double *xv = interp_value(m, HGNN_RUN_FORWARD, &fb.b, params, x, &xr);
    double *wv = interp_value(m, HGNN_RUN_FORWARD, &fb.b, params, w, &wr);
    double *want = interp_value(m, HGNN_RUN_FORWARD, &fb.b, params, c, &cr);
    int64_t M = kind == TN ? k : rows, K = kind == TN ? rows : k;
    CHECK(cr == M && xr == rows);
    const HgnnModel *md = compile(m, HGNN_PRECISION_BF16);
    if (md) {
        float *got = run_forward(md, &fb, params, &serial, M * n);
        float *got2 = run_forward(md, &fb, params, &sliced, M * n);
        CHECK(memcmp(got, got2, (size_t)(M * n) * sizeof *got) == 0);
        int64_t bad_exact = 0, bad_fp32 = 0, differs = 0;
        double worst = 0;
        for (int64_t i = 0; i < M; i++)
            for (int64_t j = 0; j < n; j++) {
                double exact = 0, mag = 0;
                for (int64_t s = 0; s < K; s++) {
                    double av = kind == TN ? xv[s * k + i] : xv[i * k + s];
                    double bv = kind == NN ? wv[s * n + j] : kind == NT ? wv[j * k + s]
                                                                        : wv[s * n + j];
                    exact += (double)bf16((float)av) * bf16((float)bv);
                    mag += fabs(av * bv);
                }
                double g = got[i * n + j], f = want[i * n + j];
                // fp32 sums of K terms: a few ulps of the magnitude per term.
                if (!(fabs(g - exact) <= 4 * K * 0x1p-24 * mag + 1e-30))
                    bad_exact++;
                // each operand within 2^-8 relative of its fp32 value (bf16 keeps 8 significant
                // bits): 2^-7 of each term.
                double e = fabs(g - f) / (mag + 1e-30);
                if (!(e <= 0x1p-7))
                    bad_fp32++;
                if (e > worst)
                    worst = e;
                differs += fabs(g - f) > 1e-6 * (1 + fabs(f));
            }
        printf("bf16 %s, sum %lld, %lld columns, %lld rows: max |bf16 - fp32| %.2e of the terms' "
               "magnitude\n", kind_name[kind], (long long)K, (long long)n, (long long)M, worst);
        CHECK(bad_exact == 0);
        CHECK(bad_fp32 == 0);
        CHECK(differs > 0);     // bf16 operands, not fp32 ones
        free(got);
        free(got2);
    }
    free(xv);
    free(wv);
    free(want);
    fixture_free_params(m, params);
    fixture_batch_free(&fb);
    arena_free(&a);
}

// Largest |got - want| over the largest |want|, for a buffer.
static double norm_err(const float *got, const float *want, int64_t n) {
    double e = 0, s = 0;
    for (int64_t i = 0; i < n; i++) {
        double d = fabs((double)got[i] - want[i]);
        if (!(d <= e))
            e = d;
        if (fabs(want[i]) > s)
            s = fabs(want[i]);
    }
    return e / (s > 0 ? s : 1);
}

typedef struct Run {
    float *scores, loss;
    float **grads;
} Run;

static Run run_train(const HgnnModel *md, const IrModule *m, const FixtureBatch *fb,
                     float **params, const HgnnHost *host) {
    Run r = {calloc((size_t)fb->dims[HGNN_DIM_L(2, 2)] + 1, sizeof(float)), 0,
             fixture_alloc_params(m, fb->dims, 0, 0)};
    float *ws = malloc((size_t)(md->workspace_floats(fb->dims) + 1) * sizeof(float));
    md->run(HGNN_RUN_TRAIN, &fb->b, params, r.grads, ws, host, r.scores, &r.loss);
    free(ws);
    return r;
}

static Run run_interp(const IrModule *m, const FixtureBatch *fb, float **params, int precision) {
    Run r = {calloc((size_t)fb->dims[HGNN_DIM_L(2, 2)] + 1, sizeof(float)), 0,
             fixture_alloc_params(m, fb->dims, 0, 0)};
    interp_set_precision(precision);
    interp_run(m, HGNN_RUN_TRAIN, &fb->b, params, r.grads, r.scores, &r.loss);
    interp_set_precision(HGNN_PRECISION_FP32);
    return r;
}

static void run_free(const IrModule *m, Run *r) {
    free(r->scores);
    fixture_free_params(m, r->grads);
}

// Errors of got against want: scores, loss, and the worst parameter's gradient (each relative to
// its largest element).
static void errors(const IrModule *m, const FixtureBatch *fb, const Run *got, const Run *want,
                   double e[3]) {
    e[0] = norm_err(got->scores, want->scores, fb->dims[HGNN_DIM_L(2, 2)]);
    e[1] = fabs(got->loss - want->loss) / fabs(want->loss);
    e[2] = 0;
    for (int i = 0; i < m->n_params; i++) {
        double d = norm_err(got->grads[i], want->grads[i], fixture_param_size(m, i, fb->dims));
        if (!(d <= e[2]))
            e[2] = d;
    }
}

// The movielens fixture compiled in bf16, in training mode: against the interpreter modelling
// bf16 (interp_set_precision) to fp32 rounding (every product's operands rounded as the kernels
// round them; a value that lands on the other side of a bf16 rounding boundary in float than in
// double moves a term by one bf16 ulp, hence not 1e-5); against the fp32 interpreter within
// bf16's loss of accuracy; and the same bits whatever the slicing across threads.
static void check_model(IrOp agg, int hidden, uint64_t seed) {
    const int feat = 20;
    Arena a;
    arena_init(&a);
    IrModule *m = fixture_movielens(&a, hidden, feat, agg);
    pass_grad(m);
    ir_verify(m);
    FixtureSizes sz = {{40, 90}, {23, 57}, {150, 120}, 48};
    FixtureBatch fb;
    fixture_batch(&fb, &sz, feat, seed);
    float **params = fixture_alloc_params(m, fb.dims, 0.5f, seed + 3);
    const HgnnModel *md = compile(m, HGNN_PRECISION_BF16);
    CHECK(!md || md->precision == HGNN_PRECISION_BF16);
    if (md) {
        Run got = run_train(md, m, &fb, params, &serial);
        Run got2 = run_train(md, m, &fb, params, &sliced);
        Run ib = run_interp(m, &fb, params, HGNN_PRECISION_BF16);
        Run i32 = run_interp(m, &fb, params, HGNN_PRECISION_FP32);
        double eb[3], ef[3];
        errors(m, &fb, &got, &ib, eb);
        errors(m, &fb, &got, &i32, ef);
        printf("movielens fixture (%s, hidden %d) in bf16, error of scores, loss, gradients "
               "(of the largest element): against bf16 interp %.1e %.1e %.1e, against fp32 "
               "interp %.1e %.1e %.1e\n", ir_op_name(agg), hidden, eb[0], eb[1], eb[2], ef[0],
               ef[1], ef[2]);
        CHECK(eb[0] <= 1e-3 && eb[1] <= 1e-3 && eb[2] <= 1e-2);
        // bf16 against fp32: scores and loss to 2%; gradients, sums of terms that cancel after
        // two layers of bf16 products (measured up to 0.22 of the largest element), to a half.
        CHECK(ef[0] <= 0.02 && ef[1] <= 0.02 && ef[2] <= 0.5);
        CHECK(ef[0] > 1e-5);    // bf16, not fp32
        // Tighter against the bf16 model than against fp32: the rounding is the one modelled.
        CHECK(eb[0] < ef[0] / 4 && eb[2] < ef[2] / 2);
        int64_t L = fb.dims[HGNN_DIM_L(2, 2)];
        CHECK(memcmp(got.scores, got2.scores, (size_t)L * 4) == 0);
        CHECK(memcmp(&got.loss, &got2.loss, 4) == 0);
        for (int i = 0; i < m->n_params; i++)
            CHECK(memcmp(got.grads[i], got2.grads[i],
                         (size_t)fixture_param_size(m, i, fb.dims) * 4) == 0);
        run_free(m, &got);
        run_free(m, &got2);
        run_free(m, &ib);
        run_free(m, &i32);
    }
    fixture_free_params(m, params);
    fixture_batch_free(&fb);
    arena_free(&a);
}

int main(void) {
    if (!codegen_host_has_bf16()) {
        // codegen refuses bf16 here; that refusal is what can be checked.
        Arena a;
        arena_init(&a);
        IrModule *m = fixture_movielens(&a, 16, 20, IR_AGG_MEAN);
        char err[512] = "";
        CHECK(jit_module_opt(m, &(CodegenOptions){2, 0, HGNN_PRECISION_BF16}, err,
                             sizeof err) == NULL);
        CHECK(strstr(err, "avx512_bf16") != NULL);
        arena_free(&a);
        printf("test_bf16: this CPU has no avx512_bf16: only the refusal was checked\n");
        return check_done("test_bf16");
    }
    // Sums: odd and even, one pair, longer than a 128-row chunk of a^T b (and odd there).
    const int64_t ks[] = {1, 2, 5, 20, 64, 33, 256};
    const int64_t ns[] = {16, 32, 64};
    for (int i = 0; i < 7; i++)
        for (int j = 0; j < 3; j++) {
            check_product(NN, ks[i], ns[j], 45, 10 + (uint64_t)i);
            check_product(NT, ks[i], ns[j], 13, 20 + (uint64_t)j);
        }
    const int64_t rs[] = {1, 7, 64, 128, 129, 301};
    for (int i = 0; i < 6; i++) {
        check_product(TN, 64, 64, rs[i], 30 + (uint64_t)i);
        check_product(TN, 20, 32, rs[i], 40 + (uint64_t)i);
        check_product(TN, 5, 16, rs[i], 50 + (uint64_t)i);
        // Output widths no multiple of 16: run as (y^T x)^T (movie_lin's 64 x 20 adjoint).
        check_product(TN, 64, 20, rs[i], 60 + (uint64_t)i);
        check_product(TN, 16, 7, rs[i], 70 + (uint64_t)i);
        check_product(TN, 32, 100, rs[i], 80 + (uint64_t)i);
    }
    for (uint64_t seed = 7; seed <= 8; seed++) {
        check_model(IR_AGG_MEAN, 64, seed);
        check_model(IR_AGG_SUM, 32, seed);
        check_model(IR_AGG_MAX, 16, seed);
    }
    return check_done("test_bf16");
}
