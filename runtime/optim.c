// optim.c — the learning rate of each optimizer step and gradient-norm clipping's coefficient,
// transcribed from torch.optim.lr_scheduler (the closed forms StepLR, CosineAnnealingLR and
// LinearLR give) and torch.nn.utils.clip_grad_norm_. Takes a model's defaults and the run's
// length; yields numbers the trainer (train.c) hands to Adam.
#include "optim.h"

#include <math.h>
#include <stdio.h>

void rt_lr_schedule_init(RtLrSchedule *s, const HgnnDefaults *d, float lr,
                         int64_t steps_per_epoch, int32_t epochs) {
    *s = (RtLrSchedule){.lr = lr, .kind = d->lr_schedule,
                        .steps_per_epoch = steps_per_epoch > 0 ? steps_per_epoch : 1,
                        .step_epochs = d->lr_step > 0 ? d->lr_step : 1, .gamma = d->lr_gamma,
                        .lr_min = d->lr_min, .warmup = d->warmup_steps > 0 ? d->warmup_steps : 0,
                        .warmup_start = d->warmup_start};
    s->t_max = s->steps_per_epoch * (epochs > 0 ? epochs : 1);
}

int rt_lr_schedule_active(const RtLrSchedule *s) {
    return s->kind != HGNN_LR_CONSTANT || s->warmup > 0;
}

// The warm-up multiplies the schedule's rate, as torch's ChainedScheduler([LinearLR(start_factor,
// total_iters=warmup), main]) does when both step every optimizer step (StepLR's factor changes
// only at epoch boundaries, so stepping it per epoch is the same): LinearLR's closed form
//   f(k) = start + (1 - start) min(k, warmup) / warmup
// times the main schedule's closed form at k,
//   StepLR:            lr gamma^floor(epoch / step_size),  epoch = floor(k / steps_per_epoch)
//   CosineAnnealingLR: lr_min + (lr - lr_min) (1 + cos(pi k / t_max)) / 2,  k <= t_max
// For the cosine with lr_min > 0 torch's recursive form is not exactly multiplicative, and
// ChainedScheduler would differ slightly during the warm-up; this is the product of the closed
// forms. k counts optimizer steps taken before this one, as torch's last_epoch does when
// scheduler.step() follows optimizer.step().
float rt_lr_at(const RtLrSchedule *s, int64_t k) {
    double lr = s->lr;
    switch (s->kind) {
    case HGNN_LR_STEP:
        lr *= pow(s->gamma, (double)(k / s->steps_per_epoch / s->step_epochs));
        break;
    case HGNN_LR_COSINE: {
        double t = (double)(k < s->t_max ? k : s->t_max);
        lr = s->lr_min + (lr - s->lr_min) * (1.0 + cos(M_PI * t / (double)s->t_max)) / 2.0;
        break;
    }
    default:
        break;
    }
    if (k < s->warmup)
        lr *= s->warmup_start + (1.0 - s->warmup_start) * (double)k / (double)s->warmup;
    return (float)lr;
}

const char *rt_lr_schedule_name(int32_t kind) {
    return kind == HGNN_LR_STEP ? "step" : kind == HGNN_LR_COSINE ? "cosine" : "constant";
}

int rt_lr_schedule_describe(const RtLrSchedule *s, char *buf, size_t n) {
    int k = 0;
    switch (s->kind) {
    case HGNN_LR_STEP:
        k = snprintf(buf, n, "step lr_step %d lr_gamma %.9g steps_per_epoch %lld", s->step_epochs,
                     s->gamma, (long long)s->steps_per_epoch);
        break;
    case HGNN_LR_COSINE:
        k = snprintf(buf, n, "cosine t_max %lld lr_min %.9g", (long long)s->t_max, s->lr_min);
        break;
    default:
        k = snprintf(buf, n, "constant");
        break;
    }
    if (s->warmup > 0 && k >= 0 && (size_t)k < n)
        k += snprintf(buf + k, n - (size_t)k, " warmup_steps %lld warmup_start %.9g",
                      (long long)s->warmup, s->warmup_start);
    return k;
}

// torch.nn.utils.clip_grad_norm_: clip_coef = max_norm / (total_norm + 1e-6), clamped to 1,
// with total_norm a float32 tensor.
float rt_clip_coef(double norm, float max_norm) {
    float c = max_norm / ((float)norm + 1e-6f);
    return c < 1.0f ? c : 1.0f;
}

// Eight running sums in a fixed pattern, added pairwise at the end: the compiler may keep them
// in vector lanes (one sum in order would serialise every add), and the result depends only on
// x and n.
double rt_sum_squares(const float *x, int64_t n) {
    double s[8] = {0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; k++)
            s[k] += (double)x[i + k] * (double)x[i + k];
    for (; i < n; i++)
        s[0] += (double)x[i] * (double)x[i];
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}
