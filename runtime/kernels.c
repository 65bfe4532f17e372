// kernels.c — numeric kernels of the runtime: the sgemm adapter models call through HgnnHost,
// OpenBLAS set-up (core misdetection, thread count), PyTorch-equivalent initialisation, Adam,
// BCE with logits and exact ROC AUC. The only file that calls CBLAS.
#include "kernels.h"

#include <cblas.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void rt_sgemm(int32_t trans_a, int32_t trans_b, int64_t m, int64_t n, int64_t k, float alpha,
              const float *a, int64_t lda, const float *b, int64_t ldb, float beta, float *c,
              int64_t ldc) {
    if (m <= 0 || n <= 0)
        return;
    if (k <= 0) {
        // An empty sum: C = beta*C. Written out because a zero-sized product is legal for us
        // (a batch type with no rows) but BLAS implementations disagree about it.
        for (int64_t i = 0; i < m; i++)
            for (int64_t j = 0; j < n; j++)
                c[i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[i * ldc + j];
        return;
    }
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
                trans_b ? CblasTrans : CblasNoTrans, (blasint)m, (blasint)n, (blasint)k, alpha,
                a, (blasint)lda, b, (blasint)ldb, beta, c, (blasint)ldc);
}

// OpenBLAS core names by the widest kernels they use. Names missing here rank 0 (unknown) and
// are left alone: we only act when we are sure the detected core is the weaker one.
static const struct {
    const char *name;
    int rank;
} core_ranks[] = {
    {"SkylakeX", 3},   {"Cooperlake", 3}, {"SapphireRapids", 3}, {"Haswell", 2},
    {"Zen", 2},        {"Excavator", 2},  {"Sandybridge", 1},    {"Nehalem", 1},
    {"Penryn", 1},     {"Core2", 1},      {"Dunnington", 1},     {"Prescott", 1},
    {"Atom", 1},       {"Barcelona", 1},  {"Bulldozer", 1},      {"Piledriver", 1},
    {"Steamroller", 1}, {"Opteron", 1},   {"Katmai", 1},         {"Coppermine", 1},
};

int rt_blas_core_rank(const char *name) {
    if (!name)
        return 0;
    for (size_t i = 0; i < sizeof core_ranks / sizeof core_ranks[0]; i++)
        if (strcasecmp(name, core_ranks[i].name) == 0)
            return core_ranks[i].rank;
    return 0;
}

const char *rt_blas_core(void) { return openblas_get_corename(); }
const char *rt_blas_config(void) { return openblas_get_config(); }

const char *rt_blas_best_core(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2"))
        return "Haswell";
    return NULL;
}

#define REEXEC_GUARD "HGNN_BLAS_REEXEC"

void rt_blas_check_core(char **argv, int verbose) {
    const char *user = getenv("OPENBLAS_CORETYPE");
    const char *have = rt_blas_core();
    // Lets tests play a machine where OpenBLAS misdetects the CPU (tests/run/blas_core.sh).
    const char *pretend = getenv("HGNN_TEST_PRETEND_BLAS_CORE");
    if (pretend && *pretend && !getenv(REEXEC_GUARD))
        have = pretend;
    if (user && *user) {
        if (verbose)
            fprintf(stderr, "hgnn-run: OpenBLAS core %s (OPENBLAS_CORETYPE=%s)\n", have, user);
        return;
    }
    const char *want = rt_blas_best_core();
    int have_rank = rt_blas_core_rank(have);
    if (!want || have_rank == 0 || have_rank >= rt_blas_core_rank(want) || getenv(REEXEC_GUARD)) {
        if (verbose)
            fprintf(stderr, "hgnn-run: OpenBLAS core %s\n", have);
        return;
    }
    // OpenBLAS reads the variable once, when the library is loaded, so the process has to start
    // again. The guard variable stops a loop if the library ignores the request.
    if (verbose)
        fprintf(stderr, "hgnn-run: OpenBLAS detected %s on a CPU with %s kernels; restarting with "
                        "OPENBLAS_CORETYPE=%s\n", have, want, want);
    setenv("OPENBLAS_CORETYPE", want, 1);
    setenv(REEXEC_GUARD, "1", 1);
    fflush(NULL);
    execv("/proc/self/exe", argv);
    // exec failed (no /proc): run on with the slower kernels rather than fail.
    unsetenv("OPENBLAS_CORETYPE");
    if (verbose)
        fprintf(stderr, "hgnn-run: could not restart (%s); continuing with %s\n",
                strerror(errno), have);
}

void rt_blas_set_threads(int n) { openblas_set_num_threads(n < 1 ? 1 : n); }

void rt_param_init(const HgnnParam *p, float *w, int64_t n, RtRng *rng) {
    double a = p->init_a;
    switch (p->init) {
    case HGNN_INIT_UNIFORM:
        // torch.Tensor.uniform_(-a, a): from + (to - from) * u.
        for (int64_t i = 0; i < n; i++)
            w[i] = (float)(-a + 2.0 * a * rt_rng_uniform(rng));
        break;
    case HGNN_INIT_NORMAL:
        for (int64_t i = 0; i < n; i++)
            w[i] = (float)(a * rt_rng_normal(rng));
        break;
    case HGNN_INIT_ONES:
        for (int64_t i = 0; i < n; i++)
            w[i] = 1.0f;
        break;
    default:
        memset(w, 0, (size_t)n * sizeof *w);
        break;
    }
}

// torch.optim.Adam's update (spec §6): the bias corrections are computed in double as Python
// does, and eps is added after sqrt(v) is divided by sqrt(1 - beta2^t):
//   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
//   p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)
// with g += weight_decay p first (Adam's L2), or for AdamW (torch/optim/adamw.py) p *= 1 - lr
// weight_decay first and g as it is.
// Every element is updated, zero gradient or not, which is what dense gradients mean; g == NULL
// is a zero gradient, computed by the same expression without reading one.
// It runs over every parameter at every step, so it is cloned for the vector units at hand
// (sqrtf vectorises because kernels.c is built with -fno-math-errno; v is never negative).
void rt_adam_prepare(const RtAdam *opt, int64_t step, RtAdamStep *k) {
    double bc1 = 1.0 - pow(opt->beta1, (double)step);
    double bc2 = 1.0 - pow(opt->beta2, (double)step);
    *k = (RtAdamStep){.step_size = (float)(opt->lr / bc1), .bc2_sqrt = (float)sqrt(bc2),
                      .b2 = opt->beta2, .eps = opt->eps, .wd = opt->weight_decay,
                      .one_b1 = 1.0f - opt->beta1, .one_b2 = 1.0f - opt->beta2, .decay = 1.0f};
    if (opt->decoupled) {
        // torch/optim/adamw.py: param.mul_(1 - lr * weight_decay), the factor in double.
        k->wd = 0.0f;
        k->decay = (float)(1.0 - (double)opt->lr * (double)opt->weight_decay);
    }
}

static inline __attribute__((always_inline)) void adam_elem(const RtAdamStep *k, float gi,
                                                            float *restrict p, float *restrict m,
                                                            float *restrict v) {
    float mi = *m + (gi - *m) * k->one_b1;     // torch uses lerp for m
    float vi = *v * k->b2 + k->one_b2 * gi * gi;
    *m = mi;
    *v = vi;
    *p -= k->step_size * mi / (sqrtf(vi) / k->bc2_sqrt + k->eps);
}

__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
void rt_adam_apply(const RtAdamStep *kp, float *restrict p, const float *restrict g,
                   float *restrict m, float *restrict v, int64_t n) {
    const RtAdamStep k = *kp;
    if (k.decay != 1.0f) {
        for (int64_t i = 0; i < n; i++) {
            p[i] *= k.decay;
            adam_elem(&k, g ? g[i] : 0.0f, p + i, m + i, v + i);
        }
        return;
    }
    if (k.wd != 0.0f) {
        for (int64_t i = 0; i < n; i++)
            adam_elem(&k, (g ? g[i] : 0.0f) + k.wd * p[i], p + i, m + i, v + i);
        return;
    }
    if (!g) {
        for (int64_t i = 0; i < n; i++)
            adam_elem(&k, 0.0f, p + i, m + i, v + i);
        return;
    }
    for (int64_t i = 0; i < n; i++)
        adam_elem(&k, g[i], p + i, m + i, v + i);
}

__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
void rt_adam_apply_rows(const RtAdamStep *kp, float *restrict p, const float *restrict g,
                        float *restrict m, float *restrict v, int64_t c, const uint8_t *in,
                        int64_t rows) {
    const RtAdamStep k = *kp;
    for (int64_t r = 0; r < rows; r++) {
        int64_t o = r * c;
        if (k.decay != 1.0f) {
            for (int64_t j = o; j < o + c; j++) {
                p[j] *= k.decay;
                adam_elem(&k, in[r] ? g[j] : 0.0f, p + j, m + j, v + j);
            }
        } else if (k.wd != 0.0f) {
            for (int64_t j = o; j < o + c; j++)
                adam_elem(&k, (in[r] ? g[j] : 0.0f) + k.wd * p[j], p + j, m + j, v + j);
        } else if (in[r]) {
            for (int64_t j = o; j < o + c; j++)
                adam_elem(&k, g[j], p + j, m + j, v + j);
        } else {
            for (int64_t j = o; j < o + c; j++)
                adam_elem(&k, 0.0f, p + j, m + j, v + j);
        }
    }
}

void rt_adam_step(const RtAdam *opt, int64_t step, float *restrict p, const float *restrict g,
                  float *restrict m, float *restrict v, int64_t n) {
    RtAdamStep k;
    rt_adam_prepare(opt, step, &k);
    rt_adam_apply(&k, p, g, m, v, n);
}

#define SPARSE_ADAM_AHEAD 8     // rows prefetched ahead in rt_sparse_adam_rows

// torch.optim.SparseAdam's update (torch/optim/_functional.py, sparse_adam), on the rows the
// gradient has:
//   m += (g - m)(1-b1);  v += (g^2 - v)(1-b2);
//   p -= lr sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
void rt_sparse_adam_rows(const RtAdam *opt, int64_t step, float *restrict p,
                         const float *restrict g, float *restrict m, float *restrict v, int64_t c,
                         const int32_t *rows, int64_t n, bool compact) {
    double bc1 = 1.0 - pow(opt->beta1, (double)step);
    double bc2 = 1.0 - pow(opt->beta2, (double)step);
    const float step_size = (float)(opt->lr * sqrt(bc2) / bc1);
    const float one_b1 = 1.0f - opt->beta1, one_b2 = 1.0f - opt->beta2, eps = opt->eps;
    for (int64_t r = 0; r < n; r++) {
        int64_t at = (int64_t)rows[r] * c;
        const float *gr = compact ? g + r * c : g + at;     // the row's gradient
        // The rows are scattered over tables of up to hundreds of MB: fetch a later row's lines
        // of the arrays at them while this one is updated (a compact g is read in order).
        if (r + SPARSE_ADAM_AHEAD < n) {
            int64_t ah = (int64_t)rows[r + SPARSE_ADAM_AHEAD] * c;
            for (int64_t j = ah; j < ah + c; j += 16) {
                __builtin_prefetch(p + j, 1);
                if (!compact)
                    __builtin_prefetch(g + j, 0);
                __builtin_prefetch(m + j, 1);
                __builtin_prefetch(v + j, 1);
            }
        }
        float *pr = p + at, *mr = m + at, *vr = v + at;
        for (int64_t j = 0; j < c; j++) {
            float gi = gr[j];
            float mi = mr[j] + (gi - mr[j]) * one_b1;
            float vi = vr[j] + (gi * gi - vr[j]) * one_b2;
            mr[j] = mi;
            vr[j] = vi;
            pr[j] -= step_size * (mi / (sqrtf(vi) + eps));
        }
    }
}

// l(x, y) = max(x, 0) - x y + log(1 + exp(-|x|)); dl/dx = (sigmoid(x) - y) / n for the mean.
double rt_bce_with_logits(const float *x, const float *y, int64_t n, float *grad) {
    double sum = 0.0;
    for (int64_t i = 0; i < n; i++) {
        double xi = x[i], yi = y[i];
        sum += (xi > 0 ? xi : 0) - xi * yi + log1p(exp(-fabs(xi)));
        if (grad) {
            double s = xi >= 0 ? 1.0 / (1.0 + exp(-xi)) : exp(xi) / (1.0 + exp(xi));
            grad[i] = (float)((s - yi) / (double)n);
        }
    }
    return n > 0 ? sum / (double)n : 0.0;
}

// Maps a float to a uint32 whose unsigned order is the float order (-0 and +0 equal, NaN last).
static uint32_t float_key(float f) {
    if (f == 0.0f)
        f = 0.0f;
    if (f != f)
        return 0xffffffffu;
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

// Sorts scores ascending (LSD radix sort on float keys: O(n), stable): *key receives the sorted
// keys, *idx the indices of the scores, both malloc'd (2n entries each; free(*key), free(*idx)).
// Returns 0, or -1 when memory runs out.
static int sort_scores(const float *scores, int64_t n, uint32_t **key_out, int64_t **idx_out) {
    uint32_t *key = malloc((size_t)n * 2 * sizeof *key);
    int64_t *idx = malloc((size_t)n * 2 * sizeof *idx);
    if (!key || !idx) {
        free(key);
        free(idx);
        return -1;
    }
    uint32_t *key2 = key + n;
    int64_t *idx2 = idx + n;
    for (int64_t i = 0; i < n; i++) {
        key[i] = float_key(scores[i]);
        idx[i] = i;
    }
    for (int shift = 0; shift < 32; shift += 8) {
        int64_t count[257] = {0};
        for (int64_t i = 0; i < n; i++)
            count[((key[i] >> shift) & 0xff) + 1]++;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (int64_t i = 0; i < n; i++) {
            int64_t at = count[(key[i] >> shift) & 0xff]++;
            key2[at] = key[i];
            idx2[at] = idx[i];
        }
        uint32_t *tk = key;
        key = key2;
        key2 = tk;
        int64_t *ti = idx;
        idx = idx2;
        idx2 = ti;
    }
    // Four passes: the sorted data is back in the first halves of the buffers.
    *key_out = key;
    *idx_out = idx;
    return 0;
}

// sqrt(mean (prediction_i - labels_i)^2) in double, the prediction scores[i], or c when scores is
// NULL; NaN when n is 0.
static double rms_error(const float *scores, double c, const float *labels, int64_t n) {
    double s = 0.0;
    for (int64_t i = 0; i < n; i++) {
        double d = (scores ? (double)scores[i] : c) - (double)labels[i];
        s += d * d;
    }
    return n > 0 ? sqrt(s / (double)n) : NAN;
}

double rt_rmse(const float *scores, const float *labels, int64_t n) {
    return rms_error(scores, 0.0, labels, n);
}

double rt_rmse_const(double c, const float *labels, int64_t n) {
    return rms_error(NULL, c, labels, n);
}

// What the AUC and the ROC curve both start from: the positives and negatives among the labels
// and, when both are present, the scores' sort (sort_scores: key and idx, freed by the caller).
// Returns 0, or -1 when a class is missing or memory is short (nothing to free then).
static int roc_setup(const float *scores, const float *labels, int64_t n, int64_t *npos,
                     int64_t *nneg, uint32_t **key, int64_t **idx) {
    *npos = 0;
    for (int64_t i = 0; i < n; i++)
        *npos += labels[i] > 0.5f;
    *nneg = n - *npos;
    if (*npos == 0 || *nneg == 0)
        return -1;
    return sort_scores(scores, n, key, idx);
}

// AUC = (sum of positive ranks - n+(n+ + 1)/2) / (n+ n-), ranks 1-based over all scores, tied
// scores sharing their mean rank.
double rt_roc_auc(const float *scores, const float *labels, int64_t n) {
    int64_t npos, nneg;
    uint32_t *key;
    int64_t *idx;
    if (roc_setup(scores, labels, n, &npos, &nneg, &key, &idx) < 0)
        return NAN;
    double rank_sum = 0.0;
    for (int64_t i = 0; i < n;) {
        int64_t j = i, pos = 0;
        while (j < n && key[j] == key[i]) {
            pos += labels[idx[j]] > 0.5f;
            j++;
        }
        // Ranks i+1 .. j share their mean (i + 1 + j) / 2.
        rank_sum += (double)pos * (double)(i + 1 + j) * 0.5;
        i = j;
    }
    free(key);
    free(idx);
    return (rank_sum - (double)npos * (double)(npos + 1) * 0.5) / ((double)npos * (double)nneg);
}

// Lowering the threshold past each distinct score, highest first, adds that score's negatives to
// the false and its positives to the true positives: one vertex per distinct score. The
// trapezoids under all vertices are exactly the AUC above (ties count half). A vertex is kept
// when it lies at least 2 / (max_points - 1) from the last kept one in |dFPR| + |dTPR| (the
// curve's L1 length is 2), so at most max_points are kept, (1,1) always.
int32_t rt_roc_curve(const float *scores, const float *labels, int64_t n, int32_t max_points,
                     double *fpr, double *tpr) {
    int64_t npos, nneg;
    uint32_t *key;
    int64_t *idx;
    if (max_points < 2 || roc_setup(scores, labels, n, &npos, &nneg, &key, &idx) < 0)
        return 0;
    double step = 2.0 / (double)(max_points - 1);
    int32_t k = 1;
    fpr[0] = tpr[0] = 0.0;
    int64_t tp = 0, fp = 0;
    for (int64_t j = n; j > 0;) {
        int64_t i = j;
        while (i > 0 && key[i - 1] == key[j - 1]) {
            if (labels[idx[i - 1]] > 0.5f)
                tp++;
            else
                fp++;
            i--;
        }
        j = i;
        double x = (double)fp / (double)nneg, y = (double)tp / (double)npos;
        if (j == 0) {
            // (1,1), always kept: the loop below leaves room for it.
            fpr[k] = x;
            tpr[k] = y;
            k++;
        } else if (x - fpr[k - 1] + (y - tpr[k - 1]) >= step && k < max_points - 1) {
            fpr[k] = x;
            tpr[k] = y;
            k++;
        }
    }
    free(key);
    free(idx);
    return k;
}
