// overrides.h — hgnn-run's `--set NAME=VALUE`: the flags as a list, and the train settings among
// them (hgnn/settings.h) applied to a model's defaults. A .hgnn's constants are not the runtime's
// business: the JIT's front end replaces them (compiler/override.c) when it compiles the model.
#ifndef HGNN_OVERRIDES_H
#define HGNN_OVERRIDES_H

#include <stdint.h>

#include "hgnn/abi.h"
#include "error.h"

#define RT_MAX_OVERRIDES 64

typedef struct RtOverrides {
    HgnnOverride at[RT_MAX_OVERRIDES];  // in the order given; names and values point into text
    int32_t n;
    char text[RT_MAX_OVERRIDES][256];   // "NAME\0VALUE"
} RtOverrides;

// Adds one `--set` argument, "NAME=VALUE". Refuses (-1, err naming the flag) a malformed one, a
// name given twice, and more than RT_MAX_OVERRIDES.
int rt_overrides_add(RtOverrides *l, const char *arg, RtError *err);

// The override of name, or NULL.
const HgnnOverride *rt_overrides_find(const RtOverrides *l, const char *name);

// Applies the overrides that name train settings to d, each parsed and range-checked as the
// table says, then checks what the settings must satisfy together (val + test below 1) and, when
// m is not NULL, with m's loss (mse draws no negatives, bpr needs training negatives). Another
// name is a constant: when source is 0 (a compiled .so, whose constants are fixed) it is refused
// with a hint to pass the .hgnn source. Returns 0, or -1 with a one-line error naming the flag.
int rt_overrides_apply(const RtOverrides *l, const HgnnModel *m, int source, HgnnDefaults *d,
                       RtError *err);

#endif
