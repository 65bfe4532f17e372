// hgnn/limits.h — the bounds of a model's settings that both tools check: hgnnc refuses a train
// block outside them (compiler/sema.c) and hgnn-run refuses flags and models outside them
// (runtime/), so a model hgnnc accepts is never one hgnn-run rejects.
#ifndef HGNN_LIMITS_H
#define HGNN_LIMITS_H

#define HGNN_MAX_EPOCHS 10000           // epochs of a run (train.epochs, --epochs)
#define HGNN_MAX_BATCH_SIZE (1 << 24)   // supervision edges per training batch (evaluation 3x)
#define HGNN_MAX_FANOUT (1 << 20)       // neighbours per node, hop and edge type (-1: all)
#define HGNN_MAX_NEG_RATIO 1000         // negatives per positive, in the split and the loader
#define HGNN_MAX_LR 1000.0              // Adam's learning rate, above 0
#define HGNN_MAX_WEIGHT_DECAY 1000.0    // Adam's L2 penalty, at least 0
#define HGNN_MAX_WARMUP_STEPS (1 << 30) // optimizer steps of a linear warm-up (train.warmup_steps)
#define HGNN_MAX_CLIP_NORM 1e9          // clip_grad_norm_ max_norm (train.clip_norm); 0: off
#define HGNN_MAX_WIDTH (1 << 20)        // a layer's width, an embedding's size
#define HGNN_MAX_SEP 7                  // bytes of a declared table's or list's separator

#endif
