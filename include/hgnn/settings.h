// hgnn/settings.h — the train {} settings, listed once: the checker reads a model's train block
// against this table (compiler/sema.c) and hgnn-run reads `--set NAME=VALUE` with it
// (runtime/overrides.c), so both accept the same names, kinds and ranges. A new setting is a new
// HgnnDefaults field (abi.h) and one row here; a kind the table does not know needs a case on
// both sides.
#ifndef HGNN_SETTINGS_H
#define HGNN_SETTINGS_H

#include <stddef.h>
#include <string.h>

#include "abi.h"
#include "limits.h"

typedef enum HgnnSettingKind {
    HGNN_SET_INT,       // an integer in [lo, hi]: int32_t at off
    HGNN_SET_FLOAT,     // a number in [lo, hi], (lo, hi] when lo_open: float at off
    HGNN_SET_FRAC,      // a fraction in [0, 1): float at off
    HGNN_SET_FANOUT,    // 1 to HGNN_MAX_HOPS counts, each in [1, hi] or -1 (all): fanout, n_hops
    HGNN_SET_BETAS,     // two numbers in [0, 1): adam_beta1 (at off), adam_beta2
} HgnnSettingKind;

typedef struct HgnnSetting {
    const char *name;       // as written in train {} and --set
    HgnnSettingKind kind;
    double lo, hi;          // HGNN_SET_INT, HGNN_SET_FLOAT, HGNN_SET_FANOUT (hi)
    int lo_open;            // HGNN_SET_FLOAT: lo itself is refused
    size_t off;             // offsetof(HgnnDefaults, field)
} HgnnSetting;

// X(name, kind, lo, hi, lo_open, HgnnDefaults field), in the order messages list them.
#define HGNN_TRAIN_SETTINGS(X)                                                                    \
    X("epochs", HGNN_SET_INT, 1, HGNN_MAX_EPOCHS, 0, epochs)                                      \
    X("lr", HGNN_SET_FLOAT, 0, HGNN_MAX_LR, 1, lr)                                                \
    X("batch_size", HGNN_SET_INT, 1, HGNN_MAX_BATCH_SIZE, 0, batch_size)                          \
    X("fanout", HGNN_SET_FANOUT, -1, HGNN_MAX_FANOUT, 0, fanout)                                  \
    X("neg_ratio", HGNN_SET_FLOAT, 0, HGNN_MAX_NEG_RATIO, 0, neg_ratio)                           \
    X("split_neg_ratio", HGNN_SET_FLOAT, 0, HGNN_MAX_NEG_RATIO, 0, split_neg_ratio)               \
    X("val", HGNN_SET_FRAC, 0, 1, 0, val_frac)                                                    \
    X("test", HGNN_SET_FRAC, 0, 1, 0, test_frac)                                                  \
    X("disjoint", HGNN_SET_FRAC, 0, 1, 0, disjoint_frac)                                          \
    X("betas", HGNN_SET_BETAS, 0, 1, 0, adam_beta1)                                               \
    X("eps", HGNN_SET_FLOAT, 0, 1, 1, adam_eps)                                                   \
    X("weight_decay", HGNN_SET_FLOAT, 0, HGNN_MAX_WEIGHT_DECAY, 0, weight_decay)

_Static_assert(offsetof(HgnnDefaults, adam_beta2) == offsetof(HgnnDefaults, adam_beta1) +
                                                         sizeof(float),
               "HGNN_SET_BETAS writes two consecutive floats");

// The table and its length.
static inline const HgnnSetting *hgnn_settings(int *n) {
#define HGNN_SETTING_ROW(name, kind, lo, hi, lo_open, field)                                     \
    {name, kind, lo, hi, lo_open, offsetof(HgnnDefaults, field)},
    static const HgnnSetting table[] = {HGNN_TRAIN_SETTINGS(HGNN_SETTING_ROW)};
#undef HGNN_SETTING_ROW
    *n = (int)(sizeof table / sizeof table[0]);
    return table;
}

// The setting called name, or NULL.
static inline const HgnnSetting *hgnn_setting_find(const char *name) {
    int n;
    const HgnnSetting *t = hgnn_settings(&n);
    for (int i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0)
            return &t[i];
    return NULL;
}

// "epochs, lr, batch_size, ...": the names, for messages. Returns out.
static inline char *hgnn_settings_list(char *out, size_t size) {
    int n;
    const HgnnSetting *t = hgnn_settings(&n);
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n && used < size; i++) {
        size_t k = strlen(t[i].name) + (i ? 2 : 0);
        if (used + k + 1 > size)
            break;
        memcpy(out + used, i ? ", " : "", i ? 2 : 0);
        memcpy(out + used + (i ? 2 : 0), t[i].name, strlen(t[i].name) + 1);
        used += k;
    }
    return out;
}

#endif
