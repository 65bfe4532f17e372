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
    HGNN_SET_WORD,      // one of words ("adam|adamw"): its index, int32_t at off
} HgnnSettingKind;

typedef struct HgnnSetting {
    const char *name;       // as written in train {} and --set
    HgnnSettingKind kind;
    double lo, hi;          // HGNN_SET_INT, HGNN_SET_FLOAT, HGNN_SET_FANOUT (hi)
    int lo_open;            // HGNN_SET_FLOAT: lo itself is refused
    size_t off;             // offsetof(HgnnDefaults, field)
    const char *words;      // HGNN_SET_WORD: the choices, '|'-separated, in index order
} HgnnSetting;

// X(name, kind, lo, hi, lo_open, HgnnDefaults field, words), in the order messages list them.
#define HGNN_TRAIN_SETTINGS(X)                                                                    \
    X("epochs", HGNN_SET_INT, 1, HGNN_MAX_EPOCHS, 0, epochs, NULL)                                \
    X("lr", HGNN_SET_FLOAT, 0, HGNN_MAX_LR, 1, lr, NULL)                                          \
    X("batch_size", HGNN_SET_INT, 1, HGNN_MAX_BATCH_SIZE, 0, batch_size, NULL)                    \
    X("fanout", HGNN_SET_FANOUT, -1, HGNN_MAX_FANOUT, 0, fanout, NULL)                            \
    X("neg_ratio", HGNN_SET_FLOAT, 0, HGNN_MAX_NEG_RATIO, 0, neg_ratio, NULL)                     \
    X("split_neg_ratio", HGNN_SET_FLOAT, 0, HGNN_MAX_NEG_RATIO, 0, split_neg_ratio, NULL)         \
    X("val", HGNN_SET_FRAC, 0, 1, 0, val_frac, NULL)                                              \
    X("test", HGNN_SET_FRAC, 0, 1, 0, test_frac, NULL)                                            \
    X("disjoint", HGNN_SET_FRAC, 0, 1, 0, disjoint_frac, NULL)                                    \
    X("betas", HGNN_SET_BETAS, 0, 1, 0, adam_beta1, NULL)                                         \
    X("eps", HGNN_SET_FLOAT, 0, 1, 1, adam_eps, NULL)                                             \
    X("weight_decay", HGNN_SET_FLOAT, 0, HGNN_MAX_WEIGHT_DECAY, 0, weight_decay, NULL)            \
    X("optimizer", HGNN_SET_WORD, 0, 0, 0, optimizer, "adam|adamw")                               \
    X("lr_schedule", HGNN_SET_WORD, 0, 0, 0, lr_schedule, "constant|step|cosine")                 \
    X("lr_step", HGNN_SET_INT, 1, HGNN_MAX_EPOCHS, 0, lr_step, NULL)                              \
    X("lr_gamma", HGNN_SET_FLOAT, 0, 1, 1, lr_gamma, NULL)                                        \
    X("lr_min", HGNN_SET_FLOAT, 0, HGNN_MAX_LR, 0, lr_min, NULL)                                  \
    X("warmup_steps", HGNN_SET_INT, 0, HGNN_MAX_WARMUP_STEPS, 0, warmup_steps, NULL)              \
    X("warmup_start", HGNN_SET_FLOAT, 0, 1, 1, warmup_start, NULL)                                \
    X("clip_norm", HGNN_SET_FLOAT, 0, HGNN_MAX_CLIP_NORM, 0, clip_norm, NULL)

_Static_assert(offsetof(HgnnDefaults, adam_beta2) == offsetof(HgnnDefaults, adam_beta1) +
                                                         sizeof(float),
               "HGNN_SET_BETAS writes two consecutive floats");

// The table and its length.
static inline const HgnnSetting *hgnn_settings(int *n) {
#define HGNN_SETTING_ROW(name, kind, lo, hi, lo_open, field, words)                              \
    {name, kind, lo, hi, lo_open, offsetof(HgnnDefaults, field), words},
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

// The index of word w among k's '|'-separated words (HGNN_SET_WORD), or -1.
static inline int hgnn_setting_word(const HgnnSetting *k, const char *w) {
    size_t n = strlen(w);
    int i = 0;
    for (const char *p = k->words; p && *p; i++) {
        size_t m = strcspn(p, "|");
        if (m == n && n > 0 && strncmp(p, w, n) == 0)
            return i;
        p += m + (p[m] == '|');
    }
    return -1;
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
