// optim.h — what surrounds Adam's update: the learning rate of each optimizer step
// (torch.optim.lr_scheduler's StepLR, CosineAnnealingLR and a LinearLR warm-up, chained) and
// gradient-norm clipping's coefficient (torch.nn.utils.clip_grad_norm_). Pure arithmetic: the
// trainer (train.c) applies them; kernels.c holds Adam / AdamW themselves.
#ifndef HGNN_OPTIM_H
#define HGNN_OPTIM_H

#include <stddef.h>
#include <stdint.h>

#include "hgnn/abi.h"

// A run's learning-rate schedule, resolved against its length.
typedef struct RtLrSchedule {
    float lr;                   // the base learning rate
    int32_t kind;               // HGNN_LR_*
    int64_t steps_per_epoch;    // optimizer steps of an epoch (StepLR counts epochs); >= 1
    int32_t step_epochs;        // HGNN_LR_STEP: StepLR's step_size, in epochs
    double gamma;               // HGNN_LR_STEP: StepLR's gamma
    int64_t t_max;              // HGNN_LR_COSINE: CosineAnnealingLR's T_max, the run's steps
    double lr_min;              // HGNN_LR_COSINE: eta_min
    int64_t warmup;             // LinearLR's total_iters, in optimizer steps; 0: no warm-up
    double warmup_start;        // LinearLR's start_factor (end_factor is 1)
} RtLrSchedule;

// The schedule of a model's defaults d for base learning rate lr over `epochs` epochs of
// steps_per_epoch optimizer steps each.
void rt_lr_schedule_init(RtLrSchedule *s, const HgnnDefaults *d, float lr,
                         int64_t steps_per_epoch, int32_t epochs);
// The learning rate of optimizer step k (0: the first), a pure function of k, so a resumed run
// continues with the same rates: the product of the warm-up's factor and the schedule's rate.
// Without a schedule or a warm-up it is lr itself, the same bits.
float rt_lr_at(const RtLrSchedule *s, int64_t k);
// Whether the rate changes over the run at all.
int rt_lr_schedule_active(const RtLrSchedule *s);
// The schedule in words and numbers ("cosine t_max 3150 lr_min 0 warmup 100 start 0.333333"),
// for a checkpoint's identity and the report. Returns snprintf's count.
int rt_lr_schedule_describe(const RtLrSchedule *s, char *buf, size_t n);
const char *rt_lr_schedule_name(int32_t kind);

// clip_grad_norm_'s factor for gradients of total 2-norm `norm`: max_norm / (norm + 1e-6),
// at most 1, in float as torch computes it on a float32 norm.
float rt_clip_coef(double norm, float max_norm);
// Sum of squares of x[0..n) in double, for the gradient's norm.
double rt_sum_squares(const float *x, int64_t n);

#endif
