// recommend.c — top-K unseen items for named users. Takes the graph (keys, display titles and
// the edges that mark an item seen) and user and item embeddings with a score; yields a table or
// JSON on a stream. Selection is rank.c's (rt_rank_top_k), so ties break as in the evaluation.
#include "recommend.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"

int64_t rt_recommend_find(const RtGraph *g, int32_t type, const char *key) {
    const RtNodeStore *n = &g->nodes[type];
    for (int64_t i = 0; i < n->count; i++)
        if (n->key && n->key[i] && strcmp(n->key[i], key) == 0)
            return i;
    return -1;
}

// Splits the comma-separated keys into ids[0..*n) of users; fails naming the first unknown one.
static int parse_keys(const RtGraph *g, int32_t type, const char *keys, int64_t *ids,
                      int64_t max, int64_t *n, RtError *err) {
    *n = 0;
    const char *s = keys;
    for (;;) {
        size_t len = strcspn(s, ",");
        char key[256];
        if (len == 0 || len >= sizeof key) {
            char ex[64];
            return rt_err(err, NULL, 0, "--recommend expects comma-separated %s keys, saw '%s'",
                          g->nodes[type].name, rt_excerpt(keys, 40, ex, sizeof ex));
        }
        memcpy(key, s, len);
        key[len] = 0;
        int64_t id = rt_recommend_find(g, type, key);
        if (id < 0) {
            char ex[64];
            return rt_err(err, NULL, 0, "unknown %s key '%s'", g->nodes[type].name,
                          rt_excerpt(key, 40, ex, sizeof ex));
        }
        if (*n == max)
            return rt_err(err, NULL, 0, "--recommend takes at most %lld keys", (long long)max);
        ids[(*n)++] = id;
        if (!s[len])
            return 0;
        s += len + 1;
    }
}

static int cmp_i32(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

// The items user u has an edge to, sorted, each once.
static int32_t *seen_items(const RtEdgeStore *e, int64_t u, int64_t *n) {
    int64_t c = 0;
    for (int64_t i = 0; i < e->count; i++)
        c += e->src[i] == u;
    int32_t *s = malloc((size_t)(c > 0 ? c : 1) * sizeof *s);
    if (!s)
        return NULL;
    c = 0;
    for (int64_t i = 0; i < e->count; i++)
        if (e->src[i] == u)
            s[c++] = e->dst[i];
    qsort(s, (size_t)c, sizeof *s, cmp_i32);
    int64_t w = 0;
    for (int64_t i = 0; i < c; i++)
        if (i == 0 || s[i] != s[i - 1])
            s[w++] = s[i];
    *n = w;
    return s;
}

enum { MAX_USERS = 1024 };

int rt_recommend_print(FILE *out, const RtGraph *g, int32_t edge_type, const char *keys,
                       int32_t k, int json, const float *user_emb, const float *item_emb,
                       int32_t dim, RtScoreFn *score, void *ctx, RtError *err) {
    const RtEdgeStore *e = &g->edges[edge_type];
    const RtNodeStore *un = &g->nodes[e->src_type], *in = &g->nodes[e->dst_type];
    if (k < 1)
        return rt_err(err, NULL, 0, "-k expects at least 1 recommendation, saw %d", k);
    int64_t *users = malloc(MAX_USERS * sizeof *users), n_users;
    float *row = malloc((size_t)(in->count > 0 ? in->count : 1) * sizeof *row);
    int32_t *top = malloc((size_t)k * sizeof *top);
    RtJson j;
    rt_json_init(&j, 1);
    int rc = -1;
    if (!users || !row || !top) {
        rt_err(err, NULL, 0, "out of memory");
        goto out;
    }
    if (parse_keys(g, e->src_type, keys, users, MAX_USERS, &n_users, err) < 0)
        goto out;
    if (json) {
        rt_json_object(&j);
        rt_json_key(&j, "recommendations");
        rt_json_array(&j);
    }
    for (int64_t q = 0; q < n_users; q++) {
        int64_t u = users[q], n_seen;
        int32_t *seen = seen_items(e, u, &n_seen);
        if (!seen) {
            rt_err(err, NULL, 0, "out of memory");
            goto out;
        }
        rt_rank_score_row(user_emb, item_emb, in->count, dim, score, ctx, u, row);
        int64_t n = rt_rank_top_k(row, in->count, seen, n_seen, k, top);
        free(seen);
        if (json) {
            rt_json_object(&j);
            rt_json_key(&j, un->name);
            rt_json_str(&j, un->key[u]);
            rt_json_key(&j, "seen");
            rt_json_int(&j, n_seen);
            rt_json_key(&j, "items");
            rt_json_array(&j);
            for (int64_t i = 0; i < n; i++) {
                rt_json_object(&j);
                rt_json_key(&j, "rank");
                rt_json_int(&j, i + 1);
                rt_json_key(&j, "key");
                rt_json_str(&j, in->key ? in->key[top[i]] : "");
                if (in->display) {
                    rt_json_key(&j, "title");
                    rt_json_str(&j, in->display[top[i]]);
                }
                rt_json_key(&j, "score");
                rt_json_f32(&j, row[top[i]]);
                rt_json_end_object(&j);
            }
            rt_json_end_array(&j);
            rt_json_end_object(&j);
            continue;
        }
        // The table: columns as wide as their widest entry.
        int kw = (int)strlen(in->name), rw = 4;
        for (int64_t i = 0; i < n; i++)
            if (in->key && (int)strlen(in->key[top[i]]) > kw)
                kw = (int)strlen(in->key[top[i]]);
        fprintf(out, "%s %s: top %lld of %lld unseen %s (%lld seen)\n", un->name, un->key[u],
                (long long)n, (long long)(in->count - n_seen), in->name, (long long)n_seen);
        fprintf(out, "%*s  %-*s  %9s%s\n", rw, "rank", kw, in->name, "score",
                in->display ? "  title" : "");
        for (int64_t i = 0; i < n; i++)
            fprintf(out, "%*lld  %-*s  %9.4f%s%s\n", rw, (long long)(i + 1), kw,
                    in->key ? in->key[top[i]] : "", (double)row[top[i]],
                    in->display ? "  " : "", in->display ? in->display[top[i]] : "");
    }
    if (json) {
        rt_json_end_array(&j);
        rt_json_end_object(&j);
        rt_json_raw(&j, "\n", 1);
        if (j.oom) {
            rt_err(err, NULL, 0, "out of memory");
            goto out;
        }
        fwrite(j.buf, 1, j.len, out);
    }
    fflush(out);
    rc = 0;
out:
    rt_json_free(&j);
    free(users), free(row), free(top);
    return rc;
}
