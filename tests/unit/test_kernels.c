// test_kernels.c — runtime kernels against naive references: sgemm against a triple loop, Adam
// and SparseAdam against double-precision transcriptions of torch.optim's, BCE against its
// formula, AUC against brute-force pairwise Mann-Whitney, initialisers against their
// distributions.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kernels.h"

#define CHECK_NEAR(want, got, tol)                                                             \
    do {                                                                                       \
        double w_ = (want), g_ = (got);                                                        \
        if (!(fabs(w_ - g_) <= (tol))) {                                                       \
            fprintf(stderr, "test_kernels.c:%d: %s = %.9g, want %s = %.9g (tol %g)\n",         \
                    __LINE__, #got, g_, #want, w_, (double)(tol));                             \
            failures++;                                                                        \
        }                                                                                      \
    } while (0)

static float frand(RtRng *r) { return (float)(2.0 * rt_rng_uniform(r) - 1.0); }

static void test_sgemm(void) {
    RtRng r;
    rt_rng_seed(&r, 1);
    enum { M = 7, N = 5, K = 9, PAD = 3 };
    for (int ta = 0; ta < 2; ta++) {
        for (int tb = 0; tb < 2; tb++) {
            // Stored shapes: A is MxK (or KxM when transposed), B is KxN (or NxK); padded rows.
            int64_t lda = (ta ? M : K) + PAD, ldb = (tb ? K : N) + PAD, ldc = N + PAD;
            float a[(M + K) * (M + K + PAD)], b[(N + K) * (N + K + PAD)], c[M * (N + PAD)];
            for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
                a[i] = frand(&r);
            for (size_t i = 0; i < sizeof b / sizeof b[0]; i++)
                b[i] = frand(&r);
            for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
                c[i] = frand(&r);
            float c0[sizeof c / sizeof c[0]];
            memcpy(c0, c, sizeof c);
            rt_sgemm(ta, tb, M, N, K, 0.5f, a, lda, b, ldb, 2.0f, c, ldc);
            double worst = 0;
            for (int i = 0; i < M; i++) {
                for (int j = 0; j < N; j++) {
                    double s = 0;
                    for (int k = 0; k < K; k++)
                        s += (double)(ta ? a[k * lda + i] : a[i * lda + k]) *
                             (tb ? b[j * ldb + k] : b[k * ldb + j]);
                    double want = 0.5 * s + 2.0 * c0[i * ldc + j];
                    worst = fmax(worst, fabs(want - c[i * ldc + j]));
                }
                // The padding columns of C are not touched.
                for (int j = N; j < N + PAD && i < M - 1; j++)
                    CHECK(c[i * ldc + j] == c0[i * ldc + j]);
            }
            CHECK(worst < 1e-5);
        }
    }
    // k = 0: C = beta C, and beta = 0 clears even NaN.
    float c[4] = {1, 2, NAN, 4};
    rt_sgemm(0, 0, 2, 2, 0, 1.0f, NULL, 1, NULL, 2, 0.0f, c, 2);
    CHECK(c[0] == 0 && c[1] == 0 && c[2] == 0 && c[3] == 0);
    float d[2] = {1, 2};
    rt_sgemm(0, 0, 1, 2, 0, 1.0f, NULL, 1, NULL, 2, 3.0f, d, 2);
    CHECK(d[0] == 3 && d[1] == 6);
}

// torch.optim.Adam step for one element, transcribed in double.
static void adam_ref(double lr, double b1, double b2, double eps, double wd, int t, double *p,
                     double g, double *m, double *v) {
    g += wd * *p;
    *m = b1 * *m + (1 - b1) * g;
    *v = b2 * *v + (1 - b2) * g * g;
    double bc1 = 1 - pow(b1, t), bc2 = 1 - pow(b2, t);
    *p -= lr / bc1 * *m / (sqrt(*v) / sqrt(bc2) + eps);
}

static void test_adam(double wd) {
    enum { ROWS = 6, COLS = 16, N = ROWS * COLS, STEPS = 12 };
    RtAdam opt = {.lr = 0.001f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f,
                  .weight_decay = (float)wd};
    float p[N], g[N], m[N] = {0}, v[N] = {0};
    double pd[N], md[N] = {0}, vd[N] = {0};
    RtRng r;
    rt_rng_seed(&r, 7);
    for (int i = 0; i < N; i++)
        pd[i] = p[i] = frand(&r);
    double worst = 0;
    for (int t = 1; t <= STEPS; t++) {
        for (int i = 0; i < N; i++) {
            int row = i / COLS;
            // Rows 0 and 3 get gradients only on odd steps, row 5 never: an embedding row
            // outside the batch. Tiny gradients exercise the eps placement.
            int zero = row == 5 || ((row == 0 || row == 3) && t % 2 == 0);
            g[i] = zero ? 0.0f : (row == 4 ? 1e-7f * frand(&r) : frand(&r));
        }
        rt_adam_step(&opt, t, p, g, m, v, N);
        for (int i = 0; i < N; i++) {
            adam_ref(opt.lr, opt.beta1, opt.beta2, opt.eps, opt.weight_decay, t, &pd[i], g[i],
                     &md[i], &vd[i]);
            worst = fmax(worst, fabs(pd[i] - p[i]));
        }
    }
    CHECK(worst < 2e-6);
    // Row 0 had no gradient at the last step, yet its m is non-zero, so it moved (dense Adam).
    float p_prev[COLS], g0[COLS] = {0};
    memcpy(p_prev, p, sizeof p_prev);
    rt_adam_step(&opt, STEPS + 1, p, g0, m, v, COLS);
    for (int i = 0; i < COLS; i++)
        CHECK(m[i] != 0 && p[i] != p_prev[i]);
    // Row 5 never had a gradient: without weight decay it must not have moved at all.
    if (wd == 0)
        for (int i = 5 * COLS; i < N; i++)
            CHECK(p[i] == (float)pd[i] && m[i] == 0 && v[i] == 0);
    // g == NULL is a zero gradient: the same bits as an array of zeros.
    float q[N], qm[N], qv[N], zeros[N] = {0};
    memcpy(q, p, sizeof q);
    memcpy(qm, m, sizeof qm);
    memcpy(qv, v, sizeof qv);
    rt_adam_step(&opt, STEPS + 2, p, zeros, m, v, N);
    rt_adam_step(&opt, STEPS + 2, q, NULL, qm, qv, N);
    CHECK(memcmp(p, q, sizeof q) == 0 && memcmp(m, qm, sizeof qm) == 0 &&
          memcmp(v, qv, sizeof qv) == 0);
    // rt_adam_apply_rows: rows outside the mask as a zero gradient (their g, garbage, unread),
    // the others as g; the same bits as the dense step on a gradient zeroed there.
    uint8_t in[ROWS] = {1, 0, 0, 1, 1, 0};
    float gz[N], garbage[N];
    for (int i = 0; i < N; i++) {
        gz[i] = in[i / COLS] ? frand(&r) : 0.0f;
        garbage[i] = in[i / COLS] ? gz[i] : NAN;
    }
    RtAdamStep k;
    rt_adam_prepare(&opt, STEPS + 3, &k);
    rt_adam_step(&opt, STEPS + 3, p, gz, m, v, N);
    rt_adam_apply_rows(&k, q, garbage, qm, qv, COLS, in, ROWS);
    CHECK(memcmp(p, q, sizeof q) == 0 && memcmp(m, qm, sizeof qm) == 0 &&
          memcmp(v, qv, sizeof qv) == 0);
    // eps placement: a single step with g tiny gives |dp| = lr * |g| / (|g| + eps).
    float p1 = 0, m1 = 0, v1 = 0, g1 = 1e-8f;
    RtAdam o2 = {.lr = 1.0f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f};
    rt_adam_step(&o2, 1, &p1, &g1, &m1, &v1, 1);
    CHECK_NEAR(-0.5, p1, 1e-4);
}

// torch.optim.SparseAdam step for one element of a row the gradient has, transcribed in double.
static void sparse_adam_ref(double lr, double b1, double b2, double eps, int t, double *p,
                            double g, double *m, double *v) {
    *m += (g - *m) * (1 - b1);
    *v += (g * g - *v) * (1 - b2);
    double bc1 = 1 - pow(b1, t), bc2 = 1 - pow(b2, t);
    *p -= lr * sqrt(bc2) / bc1 * (*m / (sqrt(*v) + eps));
}

// Each step a different subset of rows (in scrambled order) has a gradient; rows outside it,
// and their moments, must not change at all.
static void test_sparse_adam(void) {
    enum { ROWS = 9, COLS = 16, N = ROWS * COLS, STEPS = 12 };
    RtAdam opt = {.lr = 0.01f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f,
                  .weight_decay = 0.5f};  // not read: SparseAdam has no weight decay
    float p[N], g[N], m[N] = {0}, v[N] = {0};
    double pd[N], md[N] = {0}, vd[N] = {0};
    RtRng r;
    rt_rng_seed(&r, 11);
    for (int i = 0; i < N; i++)
        pd[i] = p[i] = frand(&r);
    double worst = 0;
    int untouched_moved = 0, compact_differs = 0;
    // The same steps with the gradient batch-compact (row k for rows[k]): the same bits.
    float p2[N], m2[N] = {0}, v2[N] = {0}, gc[N];
    memcpy(p2, p, sizeof p);
    for (int t = 1; t <= STEPS; t++) {
        int32_t rows[ROWS];
        int n = 0;
        for (int k = 0; k < ROWS; k++) {
            int row = (k * 4 + t) % ROWS;  // a permutation of the rows, different per step
            if (row != 8 && (row + t) % 3 != 0)
                rows[n++] = row;
        }
        for (int i = 0; i < N; i++)
            g[i] = i / COLS == 6 ? 1e-7f * frand(&r) : frand(&r);  // rows not listed: ignored
        float before[N], mb[N], vb[N];
        memcpy(before, p, sizeof p);
        memcpy(mb, m, sizeof m);
        memcpy(vb, v, sizeof v);
        rt_sparse_adam_rows(&opt, t, p, g, m, v, COLS, rows, n, false);
        for (int k = 0; k < n; k++)
            memcpy(gc + k * COLS, g + rows[k] * COLS, COLS * sizeof *g);
        rt_sparse_adam_rows(&opt, t, p2, gc, m2, v2, COLS, rows, n, true);
        compact_differs += memcmp(p, p2, sizeof p) != 0 || memcmp(m, m2, sizeof m) != 0 ||
                           memcmp(v, v2, sizeof v) != 0;
        char listed[ROWS] = {0};
        for (int k = 0; k < n; k++) {
            listed[rows[k]] = 1;
            for (int j = rows[k] * COLS; j < (rows[k] + 1) * COLS; j++) {
                sparse_adam_ref(opt.lr, opt.beta1, opt.beta2, opt.eps, t, &pd[j], g[j], &md[j],
                                &vd[j]);
                worst = fmax(worst, fabs(pd[j] - p[j]));
            }
        }
        for (int i = 0; i < N; i++)
            if (!listed[i / COLS])
                untouched_moved += p[i] != before[i] || m[i] != mb[i] || v[i] != vb[i];
    }
    CHECK(worst < 2e-6);
    CHECK(untouched_moved == 0);
    CHECK(compact_differs == 0);
    for (int i = 8 * COLS; i < N; i++)  // never listed
        CHECK(p[i] == (float)pd[i] && m[i] == 0 && v[i] == 0);
    // eps placement: one step with g tiny gives |dp| = lr sqrt(1-b2)/(1-b1) |g| / (|g| + eps),
    // not Adam's lr |g| / (|g| + eps sqrt(1-b2)).
    float p1 = 0, m1 = 0, v1 = 0, g1 = 1e-8f;
    int32_t row0 = 0;
    RtAdam o2 = {.lr = 1.0f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f};
    rt_sparse_adam_rows(&o2, 1, &p1, &g1, &m1, &v1, 1, &row0, 1, false);
    double want = -sqrt(1 - 0.999) / (1 - 0.9) * (0.1e-8 / (sqrt(0.001) * 1e-8 + 1e-8));
    CHECK_NEAR(want, p1, 1e-4);
}

static void test_bce(void) {
    float x[] = {-30.0f, -2.5f, -0.1f, 0.0f, 0.3f, 1.7f, 25.0f, 4.0f};
    float y[] = {0, 1, 0, 1, 1, 0, 1, 0};
    int n = 8;
    float grad[8];
    double got = rt_bce_with_logits(x, y, n, grad);
    double want = 0;
    for (int i = 0; i < n; i++) {
        // -(y log s + (1-y) log(1-s)), with log s = -log(1+e^-x), log(1-s) = -x - log(1+e^-x),
        // evaluated in long double so the reference does not share the kernel's formula.
        long double xi = x[i], s = 1.0L / (1.0L + expl(-xi));
        long double l = y[i] > 0.5f ? -logl(s) : -logl(1.0L - s);
        want += (double)l;
        CHECK_NEAR((double)((s - y[i]) / n), grad[i], 1e-7);
    }
    CHECK_NEAR(want / n, got, 1e-9);
    // Stability: no inf/NaN for huge logits.
    float big[] = {1e30f, -1e30f};
    float yb[] = {1, 0};
    double lb = rt_bce_with_logits(big, yb, 2, grad);
    CHECK(lb == 0.0 && grad[0] == 0.0f && grad[1] == 0.0f);
}

// RMSE against a naive long-double loop, on rating-like labels; the constant-prediction form; no
// labels gives NaN.
static void test_rmse(void) {
    enum { N = 1000 };
    float *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    uint64_t r = 12345;
    long double se = 0, sc = 0;
    for (int i = 0; i < N; i++) {
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        y[i] = 0.5f * (float)(1 + (r >> 33) % 10);
        x[i] = y[i] + (float)((int)((r >> 13) % 2001) - 1000) / 400.0f;
        long double d = (long double)x[i] - y[i], c = 3.5L - y[i];
        se += d * d;
        sc += c * c;
    }
    CHECK_NEAR((double)sqrtl(se / N), rt_rmse(x, y, N), 1e-12);
    CHECK_NEAR((double)sqrtl(sc / N), rt_rmse_const(3.5, y, N), 1e-12);
    float a[] = {1.0f, 2.0f}, b[] = {3.0f, 2.0f};
    CHECK(rt_rmse(a, b, 2) == sqrt(2.0));     // (4 + 0) / 2
    CHECK(isnan(rt_rmse(a, b, 0)) && isnan(rt_rmse_const(1.0, b, 0)));
    free(x);
    free(y);
}

static double auc_pairwise(const float *s, const float *y, int n) {
    double num = 0, np = 0, nn = 0;
    for (int i = 0; i < n; i++) {
        np += y[i] > 0.5f;
        nn += y[i] <= 0.5f;
        for (int j = 0; j < n; j++)
            if (y[i] > 0.5f && y[j] <= 0.5f)
                num += s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0;
    }
    return num / (np * nn);
}

static void test_auc(void) {
    float s0[] = {0.1f, 0.4f, 0.4f, 0.8f}, y0[] = {0, 1, 0, 1};
    CHECK_NEAR(0.875, rt_roc_auc(s0, y0, 4), 1e-12);
    float yall[] = {1, 1, 1, 1};
    CHECK(isnan(rt_roc_auc(s0, yall, 4)));
    // -0 and +0 tie; negative scores sort below positive ones.
    float s1[] = {-0.0f, 0.0f, -3.0f, 2.0f, -1e-30f}, y1[] = {1, 0, 0, 1, 1};
    CHECK_NEAR(auc_pairwise(s1, y1, 5), rt_roc_auc(s1, y1, 5), 1e-12);
    RtRng r;
    rt_rng_seed(&r, 3);
    for (int trial = 0; trial < 20; trial++) {
        enum { N = 700 };
        float s[N], y[N];
        for (int i = 0; i < N; i++) {
            // Few distinct values so ties are common; labels correlate with the score.
            int q = (int)rt_rng_below(&r, trial % 2 ? 9 : 1000);
            s[i] = (float)(q - 4) * (trial % 3 ? 0.25f : -1e-3f);
            y[i] = rt_rng_uniform(&r) < 0.2 + 0.6 * q / (trial % 2 ? 8.0 : 999.0) ? 1.0f : 0.0f;
        }
        y[0] = 1;
        y[1] = 0;
        CHECK_NEAR(auc_pairwise(s, y, N), rt_roc_auc(s, y, N), 1e-12);
    }
}

// Trapezoids under a curve's points.
static double area(const double *x, const double *y, int32_t n) {
    double a = 0.0;
    for (int32_t i = 1; i < n; i++)
        a += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) * 0.5;
    return a;
}

// The curve runs from (0,0) to (1,1), never back, within max points; its trapezoids are the AUC
// exactly when nothing is thinned and within 1e-3 at the RT_ROC_POINTS --plot keeps.
static void test_roc_curve(void) {
    float s0[] = {0.1f, 0.4f, 0.35f, 0.8f}, y0[] = {0, 0, 1, 1};
    double x[1001], y[1001];
    int32_t n = rt_roc_curve(s0, y0, 4, 10, x, y);
    CHECK(n == 5);
    double want_x[] = {0, 0, 0.5, 0.5, 1}, want_y[] = {0, 0.5, 0.5, 1, 1};
    for (int32_t i = 0; i < n && n == 5; i++)
        CHECK(x[i] == want_x[i] && y[i] == want_y[i]);
    CHECK_NEAR(0.75, area(x, y, n), 1e-12);
    float yall[] = {1, 1, 1, 1};
    CHECK(rt_roc_curve(s0, yall, 4, 10, x, y) == 0);
    RtRng r;
    rt_rng_seed(&r, 5);
    enum { N = 20000 };
    float *s = malloc(N * sizeof *s), *lab = malloc(N * sizeof *lab);
    for (int trial = 0; trial < 6; trial++) {
        for (int i = 0; i < N; i++) {
            int q = (int)rt_rng_below(&r, trial % 2 ? 50 : 100000);    // ties, or hardly any
            s[i] = (float)q;
            lab[i] = rt_rng_uniform(&r) < 0.1 + 0.8 * q / (trial % 2 ? 49.0 : 99999.0);
        }
        double auc = rt_roc_auc(s, lab, N);
        int32_t max = trial < 2 ? 501 : trial < 4 ? 1001 : 7;
        n = rt_roc_curve(s, lab, N, max, x, y);
        CHECK(n >= 2 && n <= max);
        CHECK(x[0] == 0.0 && y[0] == 0.0 && x[n - 1] == 1.0 && y[n - 1] == 1.0);
        int monotone = 1;
        for (int32_t i = 1; i < n; i++)
            monotone &= x[i] >= x[i - 1] && y[i] >= y[i - 1];
        CHECK(monotone);
        CHECK_NEAR(auc, area(x, y, n), max == 7 ? 0.05 : 1e-3);
    }
    // Fifty distinct scores fit in 1001 points: nothing is thinned, the area is exact.
    n = rt_roc_curve(s, lab, N, 1001, x, y);
    CHECK(n <= 51);
    CHECK_NEAR(rt_roc_auc(s, lab, N), area(x, y, n), 1e-12);
    free(s);
    free(lab);
}

static void test_init(void) {
    enum { N = 200000 };
    float *w = malloc(N * sizeof *w), *w2 = malloc(N * sizeof *w2);
    HgnnParam pu = {.name = "lin.weight", .rows_dim = -1, .init = HGNN_INIT_UNIFORM, .rows = 1,
                    .cols = N, .init_a = 0.125f};
    HgnnParam pn = {.name = "emb.weight", .rows_dim = 0, .init = HGNN_INIT_NORMAL, .cols = 64,
                    .init_a = 1.0f};
    HgnnParam pz = {.name = "z", .rows_dim = -1, .init = HGNN_INIT_ZEROS, .rows = 1, .cols = N};
    RtRng r;
    rt_rng_seed(&r, 11);
    rt_param_init(&pu, w, N, &r);
    double sum = 0, sq = 0, lo = 1, hi = -1;
    for (int i = 0; i < N; i++) {
        sum += w[i];
        sq += (double)w[i] * w[i];
        lo = fmin(lo, w[i]);
        hi = fmax(hi, w[i]);
    }
    double mean = sum / N, sd = sqrt(sq / N - mean * mean);
    CHECK(lo >= -0.125 && hi <= 0.125);
    CHECK(lo < -0.124 && hi > 0.124);
    CHECK_NEAR(0.0, mean, 0.002);
    CHECK_NEAR(0.125 / sqrt(3.0), sd, 0.001);
    rt_param_init(&pn, w, N, &r);
    sum = sq = 0;
    int beyond3 = 0;
    for (int i = 0; i < N; i++) {
        sum += w[i];
        sq += (double)w[i] * w[i];
        beyond3 += fabsf(w[i]) > 3.0f;
    }
    mean = sum / N;
    sd = sqrt(sq / N - mean * mean);
    CHECK_NEAR(0.0, mean, 0.01);
    CHECK_NEAR(1.0, sd, 0.01);
    CHECK(beyond3 > 300 && beyond3 < 800);   // 0.27% of N = 540 expected
    // Same seed, same values; another seed, other values.
    RtRng a, b;
    rt_rng_seed(&a, 5);
    rt_rng_seed(&b, 5);
    rt_param_init(&pn, w, 1000, &a);
    rt_param_init(&pn, w2, 1000, &b);
    CHECK(memcmp(w, w2, 1000 * sizeof *w) == 0);
    rt_rng_seed(&b, 6);
    rt_param_init(&pn, w2, 1000, &b);
    CHECK(memcmp(w, w2, 1000 * sizeof *w) != 0);
    w[0] = 1;
    rt_param_init(&pz, w, N, &r);
    CHECK(w[0] == 0 && w[N - 1] == 0);
    free(w);
    free(w2);
}

static void test_core_rank(void) {
    CHECK(rt_blas_core_rank("Prescott") < rt_blas_core_rank("Haswell"));
    CHECK(rt_blas_core_rank("Haswell") < rt_blas_core_rank("SkylakeX"));
    CHECK(rt_blas_core_rank("skylakex") == 3);
    CHECK(rt_blas_core_rank("NoSuchCore") == 0);
    CHECK(rt_blas_core_rank(NULL) == 0);
    CHECK(rt_blas_core() != NULL);
}

int main(void) {
    test_sgemm();
    test_adam(0.0);
    test_adam(0.01);
    test_sparse_adam();
    test_bce();
    test_rmse();
    test_auc();
    test_roc_curve();
    test_init();
    test_core_rank();
    return check_done("test_kernels");
}
