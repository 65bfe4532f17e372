// overrides.c — `--set NAME=VALUE` in hgnn-run: takes the flags' text and a model's defaults,
// yields the defaults with each train setting replaced, parsed and checked from the one table of
// settings (hgnn/settings.h) that the compiler checks a train block with. A value is written as
// in a train block ([20, 10], 1e-5) or without the brackets (20,10), for a shell's sake.
#include "overrides.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hgnn/settings.h"

int rt_overrides_add(RtOverrides *l, const char *arg, RtError *err) {
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : 0;
    if (!eq || n == 0 || !eq[1])
        return rt_err(err, NULL, 0, "--set %s: expected NAME=VALUE, such as --set hidden=128",
                      arg);
    if (strlen(arg) >= sizeof l->text[0])
        return rt_err(err, NULL, 0, "--set %.40s...: longer than %zu bytes", arg,
                      sizeof l->text[0] - 1);
    if (l->n == RT_MAX_OVERRIDES)
        return rt_err(err, NULL, 0, "--set %s: more than %d --set flags", arg, RT_MAX_OVERRIDES);
    char *t = l->text[l->n];
    memcpy(t, arg, strlen(arg) + 1);
    t[n] = '\0';
    if (rt_overrides_find(l, t))
        return rt_err(err, NULL, 0, "--set %s: '%s' is set twice", arg, t);
    l->at[l->n++] = (HgnnOverride){t, t + n + 1};
    return 0;
}

const HgnnOverride *rt_overrides_find(const RtOverrides *l, const char *name) {
    for (int32_t i = 0; i < l->n; i++)
        if (strcmp(l->at[i].name, name) == 0)
            return &l->at[i];
    return NULL;
}

// A whole number in s, or 0 when s is not one.
static int number(const char *s, double *v) {
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    while (*end == ' ')
        end++;
    return *s && *end == '\0' && !errno && isfinite(*v);
}

// s as a list "[a, b, ...]" or "a,b,...": up to max numbers into v. Returns the count, or -1.
static int number_list(const char *s, double *v, int max) {
    char buf[256];
    size_t n = strlen(s);
    if (n >= sizeof buf)
        return -1;
    memcpy(buf, s, n + 1);
    char *p = buf;
    if (*p == '[') {
        if (n < 2 || buf[n - 1] != ']')
            return -1;
        buf[n - 1] = '\0';
        p++;
    }
    int k = 0;
    for (char *item = strtok(p, ","); item; item = strtok(NULL, ",")) {
        while (*item == ' ')
            item++;
        if (k == max || !number(item, &v[k]))
            return -1;
        k++;
    }
    return k;
}

// One train setting's value into d, or a one-line error naming the flag.
static int apply_setting(const HgnnSetting *k, const HgnnOverride *o, HgnnDefaults *d,
                         RtError *err) {
    void *at = (char *)d + k->off;
    double v, list[HGNN_MAX_HOPS + 1];
    int n;
    switch (k->kind) {
    case HGNN_SET_INT:
        if (!number(o->value, &v) || v != floor(v) || v < k->lo || v > k->hi)
            return rt_err(err, NULL, 0, "--set %s=%s: %s takes an integer from %.15g to %.15g",
                          o->name, o->value, k->name, k->lo, k->hi);
        *(int32_t *)at = (int32_t)v;
        return 0;
    case HGNN_SET_FLOAT:
        if (!number(o->value, &v) || v < k->lo || v > k->hi || (k->lo_open && v == k->lo))
            return rt_err(err, NULL, 0, "--set %s=%s: %s takes a number %s %.15g %s %.15g",
                          o->name, o->value, k->name, k->lo_open ? "above" : "from", k->lo,
                          k->lo_open ? "and at most" : "to", k->hi);
        *(float *)at = (float)v;
        return 0;
    case HGNN_SET_FRAC:
        if (!number(o->value, &v) || v < 0 || v >= 1)
            return rt_err(err, NULL, 0, "--set %s=%s: %s takes a fraction from 0 to below 1",
                          o->name, o->value, k->name);
        *(float *)at = (float)v;
        return 0;
    case HGNN_SET_FANOUT:
        n = number_list(o->value, list, HGNN_MAX_HOPS);
        for (int h = 0; h < n; h++)
            if (list[h] != floor(list[h]) || list[h] == 0 || list[h] < -1 || list[h] > k->hi)
                n = -1;
        if (n < 1)
            return rt_err(err, NULL, 0, "--set %s=%s: %s takes 1 to %d fan-outs such as [20,10] "
                          "or 20,10, each a count from 1 to %.15g or -1 (all neighbours)",
                          o->name, o->value, k->name, HGNN_MAX_HOPS, k->hi);
        for (int h = 0; h < HGNN_MAX_HOPS; h++)
            d->fanout[h] = h < n ? (int32_t)list[h] : 0;
        d->n_hops = n;
        return 0;
    case HGNN_SET_BETAS:
        n = number_list(o->value, list, 2);
        if (n != 2 || !(list[0] >= 0 && list[0] < 1 && list[1] >= 0 && list[1] < 1))
            return rt_err(err, NULL, 0, "--set %s=%s: %s takes two numbers in [0, 1) such as "
                          "[0.9,0.999] or 0.9,0.999", o->name, o->value, k->name);
        ((float *)at)[0] = (float)list[0];
        ((float *)at)[1] = (float)list[1];
        return 0;
    }
    return rt_err(err, NULL, 0, "--set %s=%s: hgnn-run cannot set a setting of this kind",
                  o->name, o->value);
}

int rt_overrides_apply(const RtOverrides *l, const HgnnModel *m, int source, HgnnDefaults *d,
                       RtError *err) {
    for (int32_t i = 0; i < l->n; i++) {
        const HgnnOverride *o = &l->at[i];
        const HgnnSetting *k = hgnn_setting_find(o->name);
        if (k) {
            if (apply_setting(k, o, d, err) < 0)
                return -1;
        } else if (!source) {
            char train[512];
            return rt_err(err, NULL, 0, "--set %s=%s: '%s' is not a train setting (%s), and a "
                          "compiled model's constants are fixed: pass the .hgnn source to set it",
                          o->name, o->value, o->name, hgnn_settings_list(train, sizeof train));
        }
    }
    // What the settings must satisfy together, as the checker demands of a train block.
    const HgnnOverride *val = rt_overrides_find(l, "val"), *test = rt_overrides_find(l, "test");
    if ((val || test) && !(d->val_frac + d->test_frac < 1)) {
        const HgnnOverride *o = val ? val : test;
        return rt_err(err, NULL, 0, "--set %s=%s: val + test must be below 1, saw %g", o->name,
                      o->value, (double)(d->val_frac + d->test_frac));
    }
    if (!m)
        return 0;
    const HgnnOverride *neg = rt_overrides_find(l, "neg_ratio");
    const HgnnOverride *split = rt_overrides_find(l, "split_neg_ratio");
    if (m->loss == HGNN_LOSS_MSE) {
        const HgnnOverride *o = neg && d->neg_ratio != 0 ? neg
                                : split && d->split_neg_ratio != 0 ? split : NULL;
        if (o)
            return rt_err(err, NULL, 0, "--set %s=%s: model '%s' trains with loss mse, which "
                          "draws no negatives (every label is an edge's value)", o->name,
                          o->value, m->name);
    }
    if (m->loss == HGNN_LOSS_BPR && neg && !(d->neg_ratio > 0))
        return rt_err(err, NULL, 0, "--set %s=%s: model '%s' trains with loss bpr, which pairs "
                      "each positive with a negative: neg_ratio must be above 0", neg->name,
                      neg->value, m->name);
    return 0;
}
