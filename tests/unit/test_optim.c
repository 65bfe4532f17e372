// test_optim.c — the optimizer's knobs against straightforward transcriptions of torch's code:
// the learning rate per step (lr_scheduler.py's recursive LinearLR, StepLR and CosineAnnealingLR
// stepped one after another as ChainedScheduler does), AdamW and Adam's L2 (adamw.py / adam.py,
// single-tensor path, with bias correction, under a changing rate) and clip_grad_norm_'s
// coefficient (clip_grad.py). The expected numbers marked "torch" were printed once by
// torch 1.13 (the calls are named beside them); the test never runs torch.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "kernels.h"
#include "optim.h"
#include "rng.h"

// torch.optim.lr_scheduler's recursive get_lr() forms, in double, applied in order to one
// group's lr after each optimizer step (ChainedScheduler): LinearLR(start_factor, end 1,
// total_iters = warm), then StepLR(step_size in steps, gamma) or CosineAnnealingLR(T_max, eta_min).
typedef struct Chain {
    double lr, base;
    double start;
    int warm;
    int kind;           // HGNN_LR_*
    int step_size;
    double gamma;
    int t_max;
    double eta_min;
    int epoch;          // last_epoch
} Chain;

static void chain_init(Chain *c) {
    c->lr = c->base;
    if (c->warm > 0)
        c->lr *= c->start;  // LinearLR's constructor step: last_epoch 0
    c->epoch = 0;
}

static void chain_step(Chain *c) {
    int e = ++c->epoch;
    if (c->warm > 0 && e <= c->warm)
        c->lr *= 1.0 + (1.0 - c->start) / (c->warm * c->start + (e - 1) * (1.0 - c->start));
    if (c->kind == HGNN_LR_STEP && e % c->step_size == 0)
        c->lr *= c->gamma;
    if (c->kind == HGNN_LR_COSINE) {
        double T = c->t_max;
        if ((e - 1 - c->t_max) % (2 * c->t_max) == 0)
            c->lr += (c->base - c->eta_min) * (1 - cos(M_PI / T)) / 2;
        else
            c->lr = (1 + cos(M_PI * e / T)) / (1 + cos(M_PI * (e - 1) / T)) * (c->lr - c->eta_min) +
                    c->eta_min;
    }
}

static int close_rel(double want, double got, double tol) {
    return fabs(want - got) <= tol * fmax(fabs(want), 1e-12);
}

// A schedule from flat settings, as a model's train block gives them.
static RtLrSchedule schedule(int kind, float lr, int64_t steps_per_epoch, int32_t epochs,
                             int lr_step, float gamma, float lr_min, int warm, float start) {
    HgnnDefaults d = {.lr_schedule = kind, .lr_step = lr_step, .lr_gamma = gamma,
                      .lr_min = lr_min, .warmup_steps = warm, .warmup_start = start};
    RtLrSchedule s;
    rt_lr_schedule_init(&s, &d, lr, steps_per_epoch, epochs);
    return s;
}

static void test_schedules(void) {
    // Constant, no warm-up: the base rate's very bits at every step.
    RtLrSchedule s = schedule(HGNN_LR_CONSTANT, 0.001f, 10, 5, 1, 0.1f, 0, 0, 1.0f / 3);
    CHECK(!rt_lr_schedule_active(&s));
    for (int64_t k = 0; k < 100; k++)
        CHECK(rt_lr_at(&s, k) == 0.001f);

    // torch: ChainedScheduler([LinearLR(opt, start_factor=1/3, total_iters=5),
    // CosineAnnealingLR(opt, T_max=20)]) on SGD(lr=0.01), lr before each of 21 steps.
    static const double warm5_cos20[21] = {
        0.00333333333, 0.00463793946, 0.00585316955, 0.00693369059, 0.00783907364,
        0.00853553391, 0.00793892626, 0.0072699525, 0.00654508497, 0.00578217233, 0.005,
        0.00421782767, 0.00345491503, 0.0027300475, 0.00206107374, 0.00146446609,
        0.000954915028, 0.000544967379, 0.000244717419, 6.1558297e-05, 0};
    s = schedule(HGNN_LR_COSINE, 0.01f, 4, 5, 1, 0.1f, 0, 5, 1.0f / 3);
    CHECK(s.t_max == 20 && rt_lr_schedule_active(&s));
    for (int k = 0; k < 20; k++)
        CHECK(close_rel(warm5_cos20[k], rt_lr_at(&s, k), 2e-6));
    CHECK(fabsf(rt_lr_at(&s, 20)) < 1e-12f);

    // torch: ChainedScheduler([LinearLR(opt, start_factor=0.25, total_iters=3),
    // StepLR(opt, step_size=8, gamma=0.5)]) — StepLR stepped per step with 8 steps = 2 epochs
    // of 4 steps, our lr_step = 2.
    static const double warm3_step8[21] = {
        0.0025, 0.005, 0.0075, 0.01, 0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005,
        0.005, 0.005, 0.005, 0.005, 0.005, 0.0025, 0.0025, 0.0025, 0.0025, 0.0025};
    s = schedule(HGNN_LR_STEP, 0.01f, 4, 6, 2, 0.5f, 0, 3, 0.25f);
    for (int k = 0; k < 21; k++)
        CHECK(close_rel(warm3_step8[k], rt_lr_at(&s, k), 2e-7));

    // torch: CosineAnnealingLR(opt, T_max=10, eta_min=1e-3), SGD(lr=0.01).
    static const double cos10_min[11] = {
        0.01, 0.00977975432, 0.00914057647, 0.00814503364, 0.00689057647, 0.0055,
        0.00410942353, 0.00285496636, 0.00185942353, 0.00122024568, 0.001};
    s = schedule(HGNN_LR_COSINE, 0.01f, 5, 2, 1, 0.1f, 1e-3f, 0, 1.0f / 3);
    for (int k = 0; k < 11; k++)
        CHECK(close_rel(cos10_min[k], rt_lr_at(&s, k), 2e-6));

    // Against the recursive transcription over longer runs and odd lengths: the closed forms
    // the runtime uses agree with torch's step-by-step arithmetic (lr_min 0 for the chained
    // cosine, where the two are the same function; see optim.c).
    struct { int kind, spe, epochs, lr_step; float gamma, lr_min; int warm; float start; } cs[] = {
        {HGNN_LR_STEP, 7, 9, 3, 0.1f, 0, 0, 1.0f / 3},
        {HGNN_LR_STEP, 13, 6, 1, 0.7f, 0, 40, 0.01f},
        {HGNN_LR_COSINE, 11, 7, 1, 0.1f, 0, 0, 1.0f / 3},
        {HGNN_LR_COSINE, 11, 7, 1, 0.1f, 0, 23, 0.2f},
        {HGNN_LR_COSINE, 9, 4, 1, 0.1f, 2e-4f, 0, 1.0f / 3},
        {HGNN_LR_CONSTANT, 5, 3, 1, 0.1f, 0, 12, 0.5f},
    };
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
        float base = 3e-3f;
        s = schedule(cs[i].kind, base, cs[i].spe, cs[i].epochs, cs[i].lr_step, cs[i].gamma,
                     cs[i].lr_min, cs[i].warm, cs[i].start);
        Chain c = {.base = base, .start = cs[i].start, .warm = cs[i].warm, .kind = cs[i].kind,
                   .step_size = cs[i].lr_step * cs[i].spe, .gamma = cs[i].gamma,
                   .t_max = cs[i].spe * cs[i].epochs, .eta_min = cs[i].lr_min};
        chain_init(&c);
        double worst = 0;
        for (int k = 0; k < cs[i].spe * cs[i].epochs; k++, chain_step(&c))
            worst = fmax(worst, fabs(c.lr - rt_lr_at(&s, k)) / base);
        if (!(worst < 1e-6))
            fprintf(stderr, "schedule case %zu: worst relative difference %g\n", i, worst);
        CHECK(worst < 1e-6);
    }
    char buf[160];
    s = schedule(HGNN_LR_COSINE, 0.01f, 4, 5, 1, 0.1f, 0, 5, 0.5f);
    rt_lr_schedule_describe(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "cosine t_max 20 lr_min 0 warmup_steps 5 warmup_start 0.5") == 0);
}

// torch/optim/adamw.py _single_tensor_adamw (amsgrad off) for one element, in double; with
// decoupled 0, adam.py's L2 (grad += weight_decay * param) instead of the shrink.
static void adam_ref(int decoupled, double lr, double b1, double b2, double eps, double wd, int t,
                     double *p, double g, double *m, double *v) {
    if (decoupled)
        *p *= 1 - lr * wd;
    else
        g += wd * *p;
    *m += (g - *m) * (1 - b1);
    *v = *v * b2 + (1 - b2) * g * g;
    double bc1 = 1 - pow(b1, t), bc2 = 1 - pow(b2, t);
    *p -= lr / bc1 * *m / (sqrt(*v) / sqrt(bc2) + eps);
}

static void test_adamw(void) {
    // torch: AdamW([p], lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1) and the same
    // with Adam, p = [0.5, -1, 2, 0], gradient at step t [0.1 t, -0.2, 0.3 / t, 1e-3]; p after
    // each of 4 steps.
    static const double want[2][4][4] = {
        {{0.489500016, -0.989000022, 1.98800004, -0.00999990012},
         {0.479358703, -0.978011072, 1.97669029, -0.0199897997},
         {0.469299346, -0.967033088, 1.96598208, -0.0299697109},
         {0.459225953, -0.956066072, 1.95580363, -0.039939642}},
        {{0.49000001, -0.99000001, 1.99000001, -0.00999990012},
         {0.4801687, -0.980000913, 1.98024583, -0.0167004615},
         {0.470394582, -0.970003247, 1.97066569, -0.0174437407},
         {0.460613787, -0.960007668, 1.96121836, -0.0149023691}}};
    for (int dec = 1; dec >= 0; dec--) {
        RtAdam opt = {.lr = 0.01f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f,
                      .weight_decay = 0.1f, .decoupled = dec};
        float p[4] = {0.5f, -1.0f, 2.0f, 0.0f}, m[4] = {0}, v[4] = {0};
        for (int t = 1; t <= 4; t++) {
            float g[4] = {0.1f * (float)t, -0.2f, 0.3f / (float)t, 1e-3f};
            rt_adam_step(&opt, t, p, g, m, v, 4);
            for (int i = 0; i < 4; i++)
                CHECK(fabs(p[i] - want[1 - dec][t - 1][i]) < 2e-7);
        }
    }

    // A decay factor 1 - lr wd that rounds to 1 in float32 leaves p alone, as in torch — torch:
    // AdamW([p], lr=1e-3, weight_decay=1e-5) on p = [0.5, -1, 2] with a zero gradient: unchanged.
    {
        RtAdam opt = {.lr = 1e-3f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f,
                      .weight_decay = 1e-5f, .decoupled = 1};
        float p[3] = {0.5f, -1.0f, 2.0f}, m[3] = {0}, v[3] = {0}, g[3] = {0};
        rt_adam_step(&opt, 1, p, g, m, v, 3);
        CHECK(p[0] == 0.5f && p[1] == -1.0f && p[2] == 2.0f);
    }

    // Many elements, 12 steps, a rate that changes every step (a schedule) and gradients that
    // are sometimes zero or NULL: AdamW against the transcription.
    enum { N = 96, STEPS = 12 };
    float p[N], g[N], m[N] = {0}, v[N] = {0};
    double pd[N], md[N] = {0}, vd[N] = {0};
    RtRng r;
    rt_rng_seed(&r, 11);
    for (int i = 0; i < N; i++)
        pd[i] = p[i] = 2.0f * (float)rt_rng_uniform(&r) - 1.0f;
    RtLrSchedule s = schedule(HGNN_LR_COSINE, 0.05f, 3, 4, 1, 0.1f, 0, 4, 0.1f);
    double worst = 0;
    for (int t = 1; t <= STEPS; t++) {
        int none = t == 5;
        for (int i = 0; i < N; i++)
            g[i] = i % 7 == 0 ? 0.0f : 2.0f * (float)rt_rng_uniform(&r) - 1.0f;
        RtAdam opt = {.lr = rt_lr_at(&s, t - 1), .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f,
                      .weight_decay = 0.3f, .decoupled = 1};
        rt_adam_step(&opt, t, p, none ? NULL : g, m, v, N);
        for (int i = 0; i < N; i++) {
            adam_ref(1, opt.lr, opt.beta1, opt.beta2, opt.eps, opt.weight_decay, t, &pd[i],
                     none ? 0.0 : g[i], &md[i], &vd[i]);
            worst = fmax(worst, fabs(pd[i] - p[i]));
        }
    }
    CHECK(worst < 2e-6);

    // rt_adam_apply_rows with AdamW: rows outside the mask are zero gradients, as in the dense
    // step on a gradient zeroed there (and their garbage g is not read).
    uint8_t in[4] = {1, 0, 1, 0};
    float q[16], qm[16] = {0}, qv[16] = {0}, q2[16], qm2[16] = {0}, qv2[16] = {0}, gz[16], gg[16];
    for (int i = 0; i < 16; i++) {
        q[i] = q2[i] = (float)rt_rng_uniform(&r);
        gg[i] = in[i / 4] ? (float)rt_rng_uniform(&r) : NAN;
        gz[i] = in[i / 4] ? gg[i] : 0.0f;
    }
    RtAdam opt = {.lr = 0.01f, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f,
                  .weight_decay = 0.5f, .decoupled = 1};
    RtAdamStep k;
    rt_adam_prepare(&opt, 3, &k);
    rt_adam_apply(&k, q, gz, qm, qv, 16);
    rt_adam_apply_rows(&k, q2, gg, qm2, qv2, 4, in, 4);
    CHECK(memcmp(q, q2, sizeof q) == 0 && memcmp(qm, qm2, sizeof qm) == 0);
}

static void test_clip(void) {
    // torch: clip_grad_norm_([a, b], max_norm=1.0) with a.grad = [3, 4], b.grad = [12]: returns
    // 13, and the gradients become these.
    static const double want[3] = {0.230769217, 0.307692289, 0.923076868};
    float g[3] = {3, 4, 12};
    double norm = sqrt(rt_sum_squares(g, 2) + rt_sum_squares(g + 2, 1));
    CHECK(norm == 13.0);
    float c = rt_clip_coef(norm, 1.0f);
    for (int i = 0; i < 3; i++)
        CHECK((float)(g[i] * c) == (float)want[i]);
    // clip_grad.py: clip_coef = max_norm / (total_norm + 1e-6), clamped to 1.0.
    CHECK(rt_clip_coef(13.0, 100.0f) == 1.0f);
    CHECK(rt_clip_coef(0.0, 1.0f) == 1.0f);
    CHECK(rt_clip_coef(2.0, 2.0f) == 2.0f / (2.0f + 1e-6f));
}

int main(void) {
    test_schedules();
    test_adamw();
    test_clip();
    return check_done("test_optim");
}
