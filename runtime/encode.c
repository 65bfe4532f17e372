// encode.c — column encoders (numeric, standardize, one_hot, multi_hot): collects each encoder's
// column row by row from a table, then builds the concatenated float feature matrix and its
// column names. Takes RtEncoderSpecs and table records; yields an RtFeatures (encode.h).
#include "encode.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// One encoder's column as collected: numbers for the numeric kinds, text for the others.
typedef struct Column {
    RtEncoderSpec spec;
    int col;                // index in the table
    const char *sep;        // multi_hot's list separator
    double *num;            // numeric kinds: one value per row
    const char **str;       // text kinds: each row's field, in place in the table's buffer
} Column;

struct RtEncoder {
    const char *path;       // the table's file, for messages
    int32_t n;
    Column *c;
    int64_t rows, cap;      // rows added; capacity of num / off
};

// A value of a categorical column: its text (not NUL-terminated inside a multi_hot list).
typedef struct Value {
    const char *s;
    int32_t len;
} Value;

static int by_bytes(const void *a, const void *b) {
    const Value *x = a, *y = b;
    int32_t n = x->len < y->len ? x->len : y->len;
    int r = memcmp(x->s, y->s, (size_t)n);
    return r ? r : (x->len > y->len) - (x->len < y->len);
}

// one_hot values that are all integers (checked by all_integers), in numeric order. They are
// whole fields, so strtoll stops at their end.
static int by_number(const void *a, const void *b) {
    long long x = strtoll(((const Value *)a)->s, NULL, 10);
    long long y = strtoll(((const Value *)b)->s, NULL, 10);
    return (x > y) - (x < y);
}

RtEncoder *rt_encoder_new(const RtTable *t, const RtEncoderSpec *spec, int32_t n_spec,
                          RtError *err) {
    RtEncoder *e = calloc(1, sizeof *e);
    if (!e || !(e->c = calloc(n_spec > 0 ? (size_t)n_spec : 1, sizeof *e->c))) {
        free(e);
        rt_err(err, t->path, 0, "out of memory");
        return NULL;
    }
    e->path = t->path;
    e->n = n_spec;
    for (int32_t i = 0; i < n_spec; i++) {
        Column *c = &e->c[i];
        c->spec = spec[i];
        c->col = rt_table_need_column(t, spec[i].column, err);
        if (c->col < 0) {
            rt_encoder_free(e);
            return NULL;
        }
        c->sep = spec[i].list_sep && spec[i].list_sep[0] ? spec[i].list_sep : "|";
    }
    return e;
}

static int numeric_kind(RtEncoderKind k) {
    return k == RT_ENCODER_NUMERIC || k == RT_ENCODER_STANDARDIZE;
}

// strtod on the whole field, spaces around it allowed.
static int parse_number(const char *s, double *out) {
    while (*s == ' ')
        s++;
    if (!*s)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (*end || end == s || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int rt_encoder_add(RtEncoder *e, const RtTable *t, RtError *err) {
    if (e->rows == e->cap) {
        int64_t cap = e->cap ? e->cap * 2 : 1024;
        for (int32_t i = 0; i < e->n; i++) {
            Column *c = &e->c[i];
            if (numeric_kind(c->spec.kind)) {
                double *p = realloc(c->num, (size_t)cap * sizeof *p);
                if (!p)
                    return rt_err(err, e->path, t->line, "out of memory");
                c->num = p;
            } else {
                const char **p = realloc(c->str, (size_t)cap * sizeof *p);
                if (!p)
                    return rt_err(err, e->path, t->line, "out of memory");
                c->str = p;
            }
        }
        e->cap = cap;
    }
    for (int32_t i = 0; i < e->n; i++) {
        Column *c = &e->c[i];
        const char *s = t->field[c->col];
        if (numeric_kind(c->spec.kind)) {
            if (parse_number(s, &c->num[e->rows]) < 0) {
                char a[64], b[64];
                return rt_err(err, e->path, t->line, "column '%s': '%s' is not a number",
                              rt_excerpt(c->spec.column, 40, a, sizeof a),
                              rt_excerpt(s, 40, b, sizeof b));
            }
            continue;
        }
        c->str[e->rows] = s;
    }
    e->rows++;
    return 0;
}

// The values of a categorical column (one per row for one_hot, each list item for multi_hot),
// empty ones left out, into *out; returns their count or -1.
static int64_t collect(const Column *c, int64_t rows, Value **out) {
    int64_t n = 0, cap = 0;
    Value *v = NULL;
    size_t sl = strlen(c->sep);
    for (int64_t r = 0; r < rows; r++) {
        for (const char *s = c->str[r]; *s;) {
            const char *end = c->spec.kind == RT_ENCODER_MULTI_HOT ? strstr(s, c->sep) : NULL;
            int32_t len = end ? (int32_t)(end - s) : (int32_t)strlen(s);
            if (len > 0) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 1024;
                    Value *nv = realloc(v, (size_t)cap * sizeof *nv);
                    if (!nv) {
                        free(v);
                        return -1;
                    }
                    v = nv;
                }
                v[n++] = (Value){s, len};
            }
            s += len + (end ? sl : 0);
        }
    }
    *out = v;
    return n;
}

// Whether every value is an integer that fits int64 (one_hot's numeric order).
static int all_integers(const Value *v, int64_t n) {
    if (n == 0)
        return 0;
    for (int64_t i = 0; i < n; i++) {
        const char *p = v[i].s + (v[i].s[0] == '-' || v[i].s[0] == '+');
        if (!*p || strspn(p, "0123456789") != strlen(p))
            return 0;
        errno = 0;
        strtoll(v[i].s, NULL, 10);
        if (errno)
            return 0;
    }
    return 1;
}

// Sorted distinct values of a categorical column into *vocab (n in *n_vocab); the cmp used for
// the order is returned through *cmp for the lookups.
static int build_vocab(const Column *c, int64_t rows, Value **vocab, int64_t *n_vocab,
                       int (**cmp)(const void *, const void *)) {
    Value *v;
    int64_t n = collect(c, rows, &v);
    if (n < 0)
        return -1;
    *cmp = c->spec.kind == RT_ENCODER_ONE_HOT && all_integers(v, n) ? by_number : by_bytes;
    if (n)      // no row may hold a value; qsort must not see a NULL array
        qsort(v, (size_t)n, sizeof *v, *cmp);
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++)
        if (k == 0 || (*cmp)(&v[k - 1], &v[i]) != 0)
            v[k++] = v[i];
    *vocab = v;
    *n_vocab = k;
    return 0;
}

int rt_encoder_finish(RtEncoder *e, RtFeatures *out, RtError *err) {
    memset(out, 0, sizeof *out);
    out->rows = e->rows;
    Value **vocab = calloc(e->n > 0 ? (size_t)e->n : 1, sizeof *vocab);
    int64_t *n_vocab = calloc(e->n > 0 ? (size_t)e->n : 1, sizeof *n_vocab);
    int (**cmp)(const void *, const void *) = calloc(e->n > 0 ? (size_t)e->n : 1, sizeof *cmp);
    int rc = -1;
    if (!vocab || !n_vocab || !cmp)
        goto oom;
    // Widths first: each encoder's vocabulary, then the names in column order.
    int64_t width = 0;
    for (int32_t i = 0; i < e->n; i++) {
        Column *c = &e->c[i];
        if (numeric_kind(c->spec.kind)) {
            width++;
            continue;
        }
        if (build_vocab(c, e->rows, &vocab[i], &n_vocab[i], &cmp[i]) < 0)
            goto oom;
        if (n_vocab[i] > RT_ENCODE_MAX_VALUES) {
            char a[64];
            rt_err(err, e->path, 0, "column '%s': %lld distinct values (limit %d)",
                   rt_excerpt(c->spec.column, 40, a, sizeof a), (long long)n_vocab[i],
                   RT_ENCODE_MAX_VALUES);
            goto done;
        }
        width += n_vocab[i];
    }
    if (width > INT32_MAX / 2) {
        rt_err(err, e->path, 0, "%lld feature columns", (long long)width);
        goto done;
    }
    out->width = (int32_t)width;
    out->names = calloc((size_t)width + 1, sizeof *out->names);
    if (!out->names)
        goto oom;
    for (int32_t i = 0, k = 0; i < e->n; i++) {
        if (numeric_kind(e->c[i].spec.kind)) {
            if (!(out->names[k++] = strdup(e->c[i].spec.column)))
                goto oom;
            continue;
        }
        for (int64_t j = 0; j < n_vocab[i]; j++)
            if (!(out->names[k++] = strndup(vocab[i][j].s, (size_t)vocab[i][j].len)))
                goto oom;
    }
    if (width && e->rows) {
        out->x = calloc((size_t)e->rows * (size_t)width, sizeof *out->x);
        if (!out->x)
            goto oom;
    }
    int64_t at = 0;     // first column of encoder i
    for (int32_t i = 0; i < e->n && out->x; i++) {
        Column *c = &e->c[i];
        if (numeric_kind(c->spec.kind)) {
            double mean = 0, scale = 1;
            if (c->spec.kind == RT_ENCODER_STANDARDIZE) {
                double sum = 0, ss = 0;
                for (int64_t r = 0; r < e->rows; r++)
                    sum += c->num[r];
                mean = sum / (double)e->rows;
                for (int64_t r = 0; r < e->rows; r++)
                    ss += (c->num[r] - mean) * (c->num[r] - mean);
                double sd = sqrt(ss / (double)e->rows);     // population std, ddof=0
                scale = sd > 0 ? sd : 1;
            }
            for (int64_t r = 0; r < e->rows; r++)
                out->x[r * width + at] = (float)((c->num[r] - mean) / scale);
            at++;
            continue;
        }
        size_t sl = strlen(c->sep);
        for (int64_t r = 0; r < e->rows; r++) {
            for (const char *s = c->str[r]; *s;) {
                const char *end = c->spec.kind == RT_ENCODER_MULTI_HOT ? strstr(s, c->sep) : NULL;
                int32_t len = end ? (int32_t)(end - s) : (int32_t)strlen(s);
                if (len > 0) {
                    Value key = {s, len};
                    Value *hit = bsearch(&key, vocab[i], (size_t)n_vocab[i], sizeof key, cmp[i]);
                    out->x[r * width + at + (hit - vocab[i])] = 1.0f;
                }
                s += len + (end ? sl : 0);
            }
        }
        at += n_vocab[i];
    }
    rc = 0;
    goto done;
oom:
    rt_err(err, e->path, 0, "out of memory");
done:
    for (int32_t i = 0; vocab && i < e->n; i++)
        free(vocab[i]);
    free(vocab);
    free(n_vocab);
    free(cmp);
    if (rc < 0)
        rt_features_free(out);
    return rc;
}

void rt_encoder_free(RtEncoder *e) {
    if (!e)
        return;
    for (int32_t i = 0; i < e->n; i++) {
        free(e->c[i].num);
        free(e->c[i].str);
    }
    free(e->c);
    free(e);
}

void rt_features_free(RtFeatures *f) {
    if (f->names)
        for (int32_t i = 0; i < f->width; i++)
            free(f->names[i]);
    free(f->names);
    free(f->x);
    memset(f, 0, sizeof *f);
}
