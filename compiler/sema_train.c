// sema_train.c — the checker's training settings: a `train {}` block against the table of
// hgnn/settings.h (which hgnn-run --set reads too), each kind's check, then the value at its
// HgnnDefaults field; and the tutorial's settings a block overrides one by one. Takes the block
// and sema.c's constant evaluator (SemTrain, sema_int.h); yields the defaults and diagnostics.
#include "sema_int.h"

#include "diag.h"
#include "hgnn/limits.h"
#include "hgnn/settings.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

// The tutorial's settings; a train block overrides them one by one.
HgnnDefaults sema_tutorial_defaults(void) {
    return (HgnnDefaults){.epochs = 5, .batch_size = 128, .n_hops = 2, .fanout = {20, 10},
                          .lr = 0.001f, .neg_ratio = 2.0f, .val_frac = 0.1f, .test_frac = 0.1f,
                          .disjoint_frac = 0.3f, .adam_beta1 = 0.9f, .adam_beta2 = 0.999f,
                          .adam_eps = 1e-8f, .weight_decay = 0.0f, .split_neg_ratio = 2.0f,
                          // torch's defaults: StepLR(gamma=0.1), CosineAnnealingLR(eta_min=0),
                          // LinearLR(start_factor=1/3); a step of one epoch
                          .optimizer = HGNN_OPT_ADAM, .lr_schedule = HGNN_LR_CONSTANT,
                          .lr_step = 1, .lr_gamma = 0.1f, .lr_min = 0.0f, .warmup_steps = 0,
                          .warmup_start = 1.0f / 3.0f, .clip_norm = 0.0f};
}

static bool setting_number(SemTrain *c, AstNode *s, double lo, double hi, bool lo_open,
                           bool want_int, double *out) {
    SemConst v = c->eval(c->checker, s->value);
    if (!v.ok)
        return false;
    if (want_int && !v.is_int) {
        error_at(s->value->loc, "%s must be an integer", s->name);
        return false;
    }
    double x = v.is_int ? (double)v.ival : v.fval;
    if (!(x >= lo && x <= hi) || (lo_open && x == lo) || !isfinite(x)) {
        error_at(s->value->loc, "%s must be %s %.15g and at most %.15g, saw %.15g", s->name,
                 lo_open ? "above" : "at least", lo, hi, x);
        return false;
    }
    *out = x;
    return true;
}

// A setting whose value is one of k's words (`optimizer = adamw`), written as a name or a
// string; returns its index, or -1 after a diagnostic.
static int setting_word(AstNode *s, const HgnnSetting *k) {
    AstNode *v = s->value;
    int i = v->kind == ND_NAME || v->kind == ND_STRING ? hgnn_setting_word(k, v->name) : -1;
    if (i >= 0)
        return i;
    char known[128] = "";    // "adam|adamw" -> "adam, adamw"
    for (const char *p = k->words; *p && strlen(known) + 3 < sizeof known; p++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s",
                 *p == '|' ? ", " : (char[2]){*p, 0});
    if (v->kind == ND_NAME || v->kind == ND_STRING)
        error_at(v->loc, "unknown %s '%s' (known: %s)", s->name, v->name, known);
    else
        error_at(v->loc, "%s must be one of %s", s->name, known);
    return -1;
}

void sema_check_train(SemTrain *c, AstNode *d) {
    int n_keys;
    const HgnnSetting *keys = hgnn_settings(&n_keys);
    AstNode **seen = arena_alloc(c->arena, sizeof *seen * (size_t)n_keys);
    memset(seen, 0, sizeof *seen * (size_t)n_keys);
    HgnnDefaults *df = c->defaults;
    for (AstNode *s = d->list; s; s = s->next) {
        const HgnnSetting *k = hgnn_setting_find(s->name);
        if (!k) {
            char known[512];
            error_at(s->loc, "unknown training setting '%s' (known: %s)", s->name,
                     hgnn_settings_list(known, sizeof known));
            continue;
        }
        int i = (int)(k - keys);
        if (seen[i]) {
            error_at(s->loc, "training setting '%s' is set twice", s->name);
            note_at(seen[i]->loc, "previous setting is here");
            continue;
        }
        seen[i] = s;
        if (strcmp(k->name, "neg_ratio") == 0)
            c->neg_ratio = s;
        else if (strcmp(k->name, "split_neg_ratio") == 0)
            c->split_neg_ratio = s;
        void *at = (char *)df + k->off;
        double v;
        switch (k->kind) {
        case HGNN_SET_INT:
            if (setting_number(c, s, k->lo, k->hi, false, true, &v))
                *(int32_t *)at = (int32_t)v;
            break;
        case HGNN_SET_FLOAT:
            if (setting_number(c, s, k->lo, k->hi, k->lo_open, false, &v))
                *(float *)at = (float)v;
            break;
        case HGNN_SET_FRAC:
            if (!setting_number(c, s, 0, 1, false, false, &v))
                break;
            if (v >= 1) {
                error_at(s->value->loc, "%s must be below 1, saw %g", s->name, v);
                break;
            }
            *(float *)at = (float)v;
            break;
        case HGNN_SET_FANOUT: {
            if (s->value->kind != ND_LIST || !s->value->list) {
                error_at(s->value->loc, "fanout must be a list such as [20, 10]");
                break;
            }
            int n = 0;
            for (AstNode *it = s->value->list; it; it = it->next, n++) {
                if (n == HGNN_MAX_HOPS) {
                    error_at(it->loc, "fanout has more than %d hops", HGNN_MAX_HOPS);
                    break;
                }
                SemConst f = c->eval(c->checker, it);
                if (!f.ok)
                    continue;
                if (!f.is_int || f.ival == 0 || f.ival < -1 || f.ival > (int64_t)k->hi) {
                    error_at(it->loc, "a fan-out is a positive count, or -1 for all neighbours");
                    continue;
                }
                df->fanout[n] = (int32_t)f.ival;
            }
            df->n_hops = n > HGNN_MAX_HOPS ? HGNN_MAX_HOPS : n;
            break;
        }
        case HGNN_SET_BETAS: {
            AstNode *l = s->value;
            if (l->kind != ND_LIST || !l->list || !l->list->next || l->list->next->next) {
                error_at(l->loc, "betas must be a list of two numbers, such as [0.9, 0.999]");
                break;
            }
            double b[2];
            AstNode *it = l->list;
            bool ok = true;
            for (int j = 0; j < 2; j++, it = it->next) {
                SemConst f = c->eval(c->checker, it);
                b[j] = f.is_int ? (double)f.ival : f.fval;
                if (f.ok && !(b[j] >= 0 && b[j] < 1)) {
                    error_at(it->loc, "an Adam beta must be in [0, 1)");
                    ok = false;
                }
                ok = ok && f.ok;
            }
            if (ok) {
                ((float *)at)[0] = (float)b[0];
                ((float *)at)[1] = (float)b[1];
            }
            break;
        }
        case HGNN_SET_WORD: {
            int w = setting_word(s, k);
            if (w >= 0)
                *(int32_t *)at = w;
            break;
        }
        }
    }
    float vt = df->val_frac + df->test_frac;
    if (vt >= 1)
        error_at(d->loc, "val + test must be below 1, saw %g", (double)vt);
}
