// kernels.h — the runtime's numeric kernels: the BLAS adapter lent to models (HgnnHost.sgemm),
// BLAS set-up (core detection, threads), parameter initialisation, PyTorch's Adam, BCE with
// logits and ROC AUC. CBLAS is called from kernels.c only (STYLE 3).
#ifndef HGNN_KERNELS_H
#define HGNN_KERNELS_H

#include <stdbool.h>
#include <stdint.h>

#include "hgnn/abi.h"
#include "rng.h"

// cblas_sgemm, row-major; trans_a/trans_b: 0 = as stored, 1 = transposed. Matches HgnnHost.sgemm.
void rt_sgemm(int32_t trans_a, int32_t trans_b, int64_t m, int64_t n, int64_t k, float alpha,
              const float *a, int64_t lda, const float *b, int64_t ldb, float beta, float *c,
              int64_t ldc);

// OpenBLAS picks its kernels from the CPU it detects when the library loads; Debian's 0.3.21
// may take a newer CPU for an older one (Prescott, Haswell) and run sgemm several times slower.
// Call first thing in main: when OPENBLAS_CORETYPE is unset and the detected core is weaker than
// the CPU supports, it sets the variable and re-executes /proc/self/exe with the same argv (once;
// a value the user set is never changed). Returns only when no re-exec happened.
void rt_blas_check_core(char **argv, int verbose);
// The core name OpenBLAS uses ("SkylakeX", "Haswell", ...), and the one this CPU supports best.
const char *rt_blas_core(void);
const char *rt_blas_best_core(void);
// OpenBLAS's own description: "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64"
// (hgnn-run --version).
const char *rt_blas_config(void);
// Ranks a core name: 3 = AVX-512 kernels, 2 = AVX2, 1 = older, 0 = unknown name.
int rt_blas_core_rank(const char *name);
void rt_blas_set_threads(int n);

// Fills `n` floats of parameter `p` from `rng`, as PyTorch initialises it (spec §4):
// zeros, U(-a, a) or N(0, a^2) with a = p->init_a.
void rt_param_init(const HgnnParam *p, float *w, int64_t n, RtRng *rng);

// torch.optim.Adam (amsgrad off), one step over one dense tensor. `step` counts from 1. g may be
// NULL: a zero gradient, the same bits as an array of zeros without reading one. With
// `decoupled`, torch.optim.AdamW: weight_decay shrinks p by 1 - lr weight_decay before the
// update instead of being added to the gradient.
typedef struct RtAdam {
    float lr, beta1, beta2, eps, weight_decay;
    int decoupled;
} RtAdam;
void rt_adam_step(const RtAdam *opt, int64_t step, float *restrict p, const float *restrict g,
                  float *restrict m, float *restrict v, int64_t n);
// rt_adam_step in two halves, for a step applied piece by piece: the step's constants (bias
// corrections), then the update of n elements with them.
typedef struct RtAdamStep {
    float step_size, bc2_sqrt, b2, eps, wd, one_b1, one_b2;
    float decay;            // AdamW's 1 - lr weight_decay; 1 for Adam
} RtAdamStep;
void rt_adam_prepare(const RtAdam *opt, int64_t step, RtAdamStep *k);
void rt_adam_apply(const RtAdamStep *k, float *restrict p, const float *restrict g,
                   float *restrict m, float *restrict v, int64_t n);
// rt_adam_apply over the rows [0, rows) of a [rows x c] tensor whose gradient is defined only on
// the rows with in[r] != 0: the others get a zero gradient, and their g is not read.
void rt_adam_apply_rows(const RtAdamStep *k, float *restrict p, const float *restrict g,
                        float *restrict m, float *restrict v, int64_t c, const uint8_t *in,
                        int64_t rows);
// torch.optim.SparseAdam, one step over the rows rows[0..n) of a [V x c] tensor whose gradient
// is defined on those rows only (an nn.Embedding(sparse=True) lookup); the rows must differ.
// Other rows, and their moments, are left alone. SparseAdam has no weight decay (opt's is not
// read), and its eps is added to sqrt(v) before the bias correction, not after as Adam's.
// compact: g holds the gradient of row rows[r] at row r (HGNN_RUN_TRAIN_COMPACT), [n x c];
// otherwise at row rows[r] of a [V x c] table, as p.
void rt_sparse_adam_rows(const RtAdam *opt, int64_t step, float *restrict p,
                         const float *restrict g, float *restrict m, float *restrict v, int64_t c,
                         const int32_t *rows, int64_t n, bool compact);

// Mean binary cross-entropy with logits over n labels; writes d(loss)/dx into grad if not NULL.
double rt_bce_with_logits(const float *x, const float *y, int64_t n, float *grad);

// Root mean squared error of scores against label values (loss mse's metric), summed in double:
// sqrt(mean (scores - labels)^2). NaN when n is 0.
double rt_rmse(const float *scores, const float *labels, int64_t n);
// The same for one constant prediction c (a baseline: the training labels' mean).
double rt_rmse_const(double c, const float *labels, int64_t n);

// ROC AUC of scores against 0/1 labels (Mann-Whitney with average ranks for ties), exact.
// Label > 0.5 counts as positive. Returns NaN when only one class is present or memory runs out.
double rt_roc_auc(const float *scores, const float *labels, int64_t n);
// The ROC curve of the same: (false positive rate, true positive rate) from (0,0) to (1,1) at
// the distinct scores from the highest down, thinned evenly along the curve to at most
// max_points (>= 2) into fpr and tpr; the trapezoids under them give the AUC to about
// 1 / max_points or better. Returns the number of points, 0 when a class is missing or memory
// runs out.
int32_t rt_roc_curve(const float *scores, const float *labels, int64_t n, int32_t max_points,
                     double *fpr, double *tpr);

#endif
