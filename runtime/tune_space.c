// tune_space.c — reads `--tune SPACE.json` (tune_space.h): the objective, the successive-halving
// rungs and the settings to vary, each a choice, a uniform, a log-uniform or an integer range.
// Errors name the file and the line of the offending key (JSON syntax errors: line and column).
#include "tune_space.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

// The line of the first occurrence of "key" in text (1 when absent): where an error points.
static int64_t line_of(const char *text, size_t len, const char *key) {
    char q[80];
    int n = snprintf(q, sizeof q, "\"%s\"", key);
    if (n <= 0 || (size_t)n >= sizeof q)
        return 1;
    for (size_t i = 0; i + (size_t)n <= len; i++)
        if (memcmp(text + i, q, (size_t)n) == 0) {
            int64_t line = 1;
            for (size_t k = 0; k < i; k++)
                line += text[k] == '\n';
            return line;
        }
    return 1;
}

typedef struct Reader {
    const char *path, *text;
    size_t len;
    RtError *err;
} Reader;

// An error at the line where "key" first appears.
__attribute__((format(printf, 3, 4)))
static int fail(const Reader *r, const char *key, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rt_err(r->err, r->path, line_of(r->text, r->len, key), "%s", msg);
}

static int integer(const RtJsonValue *v, int64_t lo, int64_t hi) {
    return v && v->kind == JV_NUM && v->num == floor(v->num) && v->num >= (double)lo &&
           v->num <= (double)hi;
}

// A choice's value as --set reads it: numbers in shortest form, strings as they are, arrays of
// numbers as "[20,10]".
static int value_text(const RtJsonValue *v, char *out) {
    switch (v->kind) {
    case JV_NUM:
        if (v->num == floor(v->num) && fabs(v->num) < 1e15) {
            snprintf(out, RT_TUNE_VALUE_MAX, "%.0f", v->num);
            return 0;
        }
        snprintf(out, RT_TUNE_VALUE_MAX, "%.17g", v->num);
        for (int prec = 1; prec <= 17; prec++) {      // the shortest that reads back
            char t[RT_TUNE_VALUE_MAX];
            snprintf(t, sizeof t, "%.*g", prec, v->num);
            if (strtod(t, NULL) == v->num) {
                memcpy(out, t, sizeof t);
                break;
            }
        }
        return 0;
    case JV_STR:
        if (!v->str[0] || strlen(v->str) >= RT_TUNE_VALUE_MAX)
            return -1;
        memcpy(out, v->str, strlen(v->str) + 1);
        return 0;
    case JV_ARR: {
        size_t used = 1;
        out[0] = '[';
        for (int64_t i = 0; i < v->n; i++) {
            char t[RT_TUNE_VALUE_MAX];
            if (v->items[i].kind != JV_NUM || value_text(&v->items[i], t) < 0)
                return -1;
            int n = snprintf(out + used, RT_TUNE_VALUE_MAX - used, "%s%s", i ? "," : "", t);
            if (n < 0 || used + (size_t)n + 2 > RT_TUNE_VALUE_MAX)
                return -1;
            used += (size_t)n;
        }
        out[used++] = ']';
        out[used] = 0;
        return v->n > 0 ? 0 : -1;
    }
    default:
        return -1;
    }
}

// {"choice": [...]}, {"uniform": [lo, hi]}, {"log_uniform": [lo, hi]}, {"int": [lo, hi]}.
static int read_param(const Reader *r, const char *name, const RtJsonValue *v, RtTuneParam *p) {
    if (strlen(name) >= sizeof p->name || !name[0])
        return fail(r, name, "setting name '%s' is empty or longer than 63 bytes", name);
    snprintf(p->name, sizeof p->name, "%s", name);
    static const char *const kinds[] = {"choice", "uniform", "log_uniform", "int"};
    if (v->kind != JV_OBJ || v->n != 1)
        return fail(r, name, "'%s' must be an object with one of \"choice\", \"uniform\", "
                             "\"log_uniform\" or \"int\"", name);
    int k = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(v->keys[0], kinds[i]) == 0)
            k = i;
    if (k < 0)
        return fail(r, name, "'%s': unknown kind of range (choice, uniform, log_uniform, int)",
                    name);
    const RtJsonValue *a = &v->items[0];
    if (k == 0) {
        p->kind = RT_TUNE_CHOICE;
        if (a->kind != JV_ARR || a->n < 1 || a->n > RT_TUNE_MAX_CHOICES)
            return fail(r, name, "'%s': \"choice\" takes a list of 1 to 32 values", name);
        p->n_values = (int32_t)a->n;
        for (int64_t i = 0; i < a->n; i++)
            if (value_text(&a->items[i], p->values[i]) < 0)
                return fail(r, name, "'%s': a choice is a number, a non-empty string shorter "
                                     "than 64 bytes or a list of numbers", name);
        return 0;
    }
    p->kind = k == 1 ? RT_TUNE_UNIFORM : k == 2 ? RT_TUNE_LOG_UNIFORM : RT_TUNE_INT_UNIFORM;
    if (a->kind != JV_ARR || a->n != 2 || a->items[0].kind != JV_NUM ||
        a->items[1].kind != JV_NUM)
        return fail(r, name, "'%s': a range is a list of two numbers [lo, hi]", name);
    p->lo = a->items[0].num;
    p->hi = a->items[1].num;
    if (!(p->lo <= p->hi) || !isfinite(p->lo) || !isfinite(p->hi))
        return fail(r, name, "'%s': a range needs finite lo <= hi", name);
    if (p->kind == RT_TUNE_LOG_UNIFORM && !(p->lo > 0))
        return fail(r, name, "'%s': a log_uniform range needs lo > 0", name);
    if (p->kind == RT_TUNE_INT_UNIFORM &&
        (!integer(&a->items[0], -1000000000, 1000000000) ||
         !integer(&a->items[1], -1000000000, 1000000000)))
        return fail(r, name, "'%s': an int range needs integers within +-1e9", name);
    return 0;
}

static int read_space(const Reader *r, const RtJsonValue *root, RtTuneSpace *s) {
    memset(s, 0, sizeof *s);
    snprintf(s->objective, sizeof s->objective, "val_auc");
    s->eta = 3;
    s->min_epochs = 1;
    if (root->kind != JV_OBJ)
        return rt_err(r->err, r->path, 1, "a search space is a JSON object (docs/tuning.md)");
    const RtJsonValue *params = NULL;
    int have_max = 0;
    for (int64_t i = 0; i < root->n; i++) {
        const char *key = root->keys[i];
        const RtJsonValue *v = &root->items[i];
        if (strcmp(key, "objective") == 0) {
            if (v->kind != JV_STR || strlen(v->str) >= sizeof s->objective)
                return fail(r, key, "\"%s\" is a string: val_auc, val_rmse or val_ndcg@K", key);
            snprintf(s->objective, sizeof s->objective, "%s", v->str);
            char *end;
            if (strcmp(v->str, "val_auc") == 0) {
            } else if (strcmp(v->str, "val_rmse") == 0) {
                s->minimize = 1;
            } else if (strncmp(v->str, "val_ndcg@", 9) == 0 &&
                       (errno = 0, s->ndcg_k = (int32_t)strtol(v->str + 9, &end, 10),
                        !*end && end != v->str + 9 && !errno && s->ndcg_k >= 1 &&
                            s->ndcg_k <= 1000)) {
            } else {
                return fail(r, key, "objective '%s': one of val_auc, val_rmse, val_ndcg@K "
                                    "(K from 1 to 1000); test figures are never an objective",
                            v->str);
            }
        } else if (strcmp(key, "budget") == 0) {
            if (v->kind == JV_STR)
                s->budget = rt_tune_parse_budget(v->str);
            else if (v->kind == JV_NUM && v->num > 0 && v->num < 1e7)
                s->budget = v->num;
            else
                s->budget = -1;
            if (!(s->budget > 0))
                return fail(r, key, "\"%s\": seconds, or a string like \"35s\", \"2m\", \"1h\"",
                            key);
        } else if (strcmp(key, "eta") == 0) {
            if (!integer(v, 2, 16))
                return fail(r, key, "\"%s\" is an integer from 2 to 16", key);
            s->eta = (int32_t)v->num;
        } else if (strcmp(key, "min_epochs") == 0 || strcmp(key, "max_epochs") == 0) {
            if (!integer(v, 1, 100000))
                return fail(r, key, "\"%s\" is an integer from 1 to 100000", key);
            if (key[1] == 'i')
                s->min_epochs = (int32_t)v->num;
            else {
                s->max_epochs = (int32_t)v->num;
                have_max = 1;
            }
        } else if (strcmp(key, "params") == 0) {
            params = v;
        } else {
            return fail(r, key, "unknown key '%s' (objective, budget, eta, min_epochs, "
                                "max_epochs, params)", key);
        }
    }
    if (!params || params->kind != JV_OBJ || params->n < 1)
        return rt_err(r->err, r->path, line_of(r->text, r->len, "params"),
                      "a search space needs \"params\": an object of at least one setting");
    if (params->n > RT_TUNE_MAX_PARAMS)
        return fail(r, "params", "more than %d settings to vary", RT_TUNE_MAX_PARAMS);
    for (int64_t i = 0; i < params->n; i++) {
        for (int64_t j = 0; j < i; j++)
            if (strcmp(params->keys[i], params->keys[j]) == 0)
                return fail(r, params->keys[i], "'%s' is given twice", params->keys[i]);
        if (strcmp(params->keys[i], "epochs") == 0)
            return fail(r, "epochs", "'%s' is the tuner's (min_epochs, max_epochs, eta), not a "
                                     "setting to vary", "epochs");
        if (read_param(r, params->keys[i], &params->items[i], &s->params[i]) < 0)
            return -1;
        s->n_params++;
    }
    if (!have_max) {
        int64_t m = s->min_epochs;
        for (int i = 0; i < 3 && m * s->eta <= 100000; i++)
            m *= s->eta;
        s->max_epochs = (int32_t)m;
    }
    if (s->max_epochs < s->min_epochs)
        return fail(r, "max_epochs", "max_epochs is below min_epochs (%d)", (int)s->min_epochs);
    return 0;
}

int rt_tune_space_parse(const char *path, const char *text, size_t len, RtTuneSpace *s,
                        RtError *err) {
    RtJsonValue root;
    RtError e;
    if (rt_json_parse(text, len, &root, &e) < 0) {
        // "at byte N: why" -> the line and column of byte N
        size_t at = 0;
        const char *why = e.msg;
        if (sscanf(e.msg, "at byte %zu:", &at) == 1 && (why = strchr(e.msg, ':')))
            why += 2;
        else
            why = e.msg;
        int64_t line = 1, col = 1;
        for (size_t i = 0; i < at && i < len; i++, col++)
            if (text[i] == '\n') {
                line++;
                col = 0;
            }
        return rt_err(err, path, line, "column %lld: %s (a search space is JSON)", (long long)col,
                      why);
    }
    Reader r = {path, text, len, err};
    int rc = read_space(&r, &root, s);
    rt_json_value_free(&root);
    return rc;
}

int rt_tune_space_read(const char *path, RtTuneSpace *s, RtError *err) {
    size_t len;
    char *text = rt_file_read(path, "the search space", (size_t)1 << 24, &len, err);
    if (!text)
        return -1;
    int rc = rt_tune_space_parse(path, text, len, s, err);
    free(text);
    return rc;
}

void rt_tune_param_draw(const RtTuneParam *p, double u, char *out) {
    double x;
    switch (p->kind) {
    case RT_TUNE_CHOICE: {
        int32_t i = (int32_t)(u * p->n_values);
        memcpy(out, p->values[i < p->n_values ? i : p->n_values - 1], RT_TUNE_VALUE_MAX);
        return;
    }
    case RT_TUNE_UNIFORM:
        x = p->lo + (p->hi - p->lo) * u;
        break;
    case RT_TUNE_LOG_UNIFORM:
        x = exp(log(p->lo) + (log(p->hi) - log(p->lo)) * u);
        break;
    default: {
        double n = p->hi - p->lo + 1;
        x = p->lo + floor(u * n);
        if (x > p->hi)
            x = p->hi;
        snprintf(out, RT_TUNE_VALUE_MAX, "%.0f", x);
        return;
    }
    }
    snprintf(out, RT_TUNE_VALUE_MAX, "%.4g", x);    // four digits: a readable table and .hgnn
}

double rt_tune_parse_budget(const char *text) {
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || errno || !(v > 0))
        return -1;
    double unit = 1;
    if (strcmp(end, "s") == 0 || !*end)
        unit = 1;
    else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
        unit = 60;
    else if (strcmp(end, "h") == 0)
        unit = 3600;
    else
        return -1;
    v *= unit;
    return v < 1e7 ? v : -1;
}
