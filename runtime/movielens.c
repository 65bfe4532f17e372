// movielens.c — the MovieLens reader: CSVs (table.c) to a heterogeneous graph.
// Takes a directory with ratings.csv and movies.csv; yields an RtGraph with user and movie nodes,
// multi-hot genre features (encode.c) and one user→movie edge per rating. Every malformed input
// is reported as an error at its file and line (error.h) and leaves the graph empty.
#include "movielens.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"
#include "table.h"
#include "hugepage.h"
#include "rng.h"

// Open-addressing map from a raw file id to a dense index; ids are >= 0, so -1 marks a free slot.
typedef struct IdMap {
    int64_t *key;
    int32_t *val;
    uint64_t mask;
    int64_t n;
} IdMap;

static int idmap_init(IdMap *m, int64_t expect) {
    uint64_t cap = 64;
    while (cap < (uint64_t)expect * 2)
        cap *= 2;
    m->key = malloc(cap * sizeof *m->key);
    m->val = malloc(cap * sizeof *m->val);
    m->mask = cap - 1;
    m->n = 0;
    if (!m->key || !m->val)
        return -1;
    memset(m->key, 0xff, cap * sizeof *m->key);
    return 0;
}

static void idmap_free(IdMap *m) {
    free(m->key);
    free(m->val);
}

static int32_t *idmap_slot(IdMap *m, int64_t key, int *found) {
    uint64_t i = rt_mix64((uint64_t)key) & m->mask;
    while (m->key[i] != -1 && m->key[i] != key)
        i = (i + 1) & m->mask;
    *found = m->key[i] == key;
    if (!*found)
        m->key[i] = key;
    return &m->val[i];
}

static int idmap_grow(IdMap *m) {
    if ((uint64_t)(m->n + 1) * 2 <= m->mask + 1)
        return 0;
    IdMap big;
    if (idmap_init(&big, (m->n + 1) * 2) < 0) {
        idmap_free(&big);
        return -1;
    }
    for (uint64_t i = 0; i <= m->mask; i++) {
        if (m->key[i] < 0)
            continue;
        int found;
        *idmap_slot(&big, m->key[i], &found) = m->val[i];
    }
    big.n = m->n;
    idmap_free(m);
    *m = big;
    return 0;
}

static int32_t idmap_get(const IdMap *m, int64_t key) {
    uint64_t i = rt_mix64((uint64_t)key) & m->mask;
    while (m->key[i] != -1) {
        if (m->key[i] == key)
            return m->val[i];
        i = (i + 1) & m->mask;
    }
    return -1;
}

// Parses a non-negative id that fits int32 node numbering; leading/trailing spaces are allowed.
// On failure writes the reason into err.
static int parse_id(const RtTable *c, int col, int64_t *out, RtError *err) {
    const char *s = c->field[col], *name = c->header[col];
    const char *p = s;
    while (*p == ' ')
        p++;
    int neg = 0;
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        p++;
    }
    if (*p < '0' || *p > '9')
        goto bad;
    int64_t v = 0;
    int overflow = 0;
    while (*p >= '0' && *p <= '9') {
        if (v > (INT64_MAX - 9) / 10)
            overflow = 1;
        else
            v = v * 10 + (*p - '0');
        p++;
    }
    while (*p == ' ')
        p++;
    if (*p)
        goto bad;
    if (neg && v != 0)
        return rt_err(err, c->path, c->line, "%s %.40s is negative", name, s);
    if (overflow || v > INT32_MAX)
        return rt_err(err, c->path, c->line, "%s %.40s is out of range (0..%d)", name,
                      s, INT32_MAX);
    *out = v;
    return 0;
bad:;
    char buf[64];
    return rt_err(err, c->path, c->line, "%s '%s' is not an integer", name,
                  rt_excerpt(s, 40, buf, sizeof buf));
}

// MovieLens files are comma-separated UTF-8 with a header, whatever their first line looks like.
static const RtTableOptions ml_csv = {.sep = ","};

// movie x: the multi-hot of the genres column, pandas' str.get_dummies('|').
static const RtEncoderSpec movie_features[] = {{RT_ENCODER_MULTI_HOT, "genres", "|"}};

// Reads movies.csv: rows and their ids (unique), with the genre features from encode.c.
static int load_movies(const char *path, RtGraph *g, IdMap *movie_row, RtError *err) {
    RtTable c;
    RtEncoder *enc = NULL;
    int64_t *first_line = NULL;     // line of each movie, for duplicate-id messages
    RtFeatures f = {0};
    RtNodeStore *mv = &g->nodes[1];
    int rc = -1;
    if (rt_table_open(&c, path, &ml_csv, err) < 0)
        goto done;
    int c_id = rt_table_need_column(&c, "movieId", err);
    if (c_id < 0)
        goto done;
    enc = rt_encoder_new(&c, movie_features, 1, err);
    if (!enc)
        goto done;
    int64_t n = 0, cap = 0;
    int r;
    while ((r = rt_table_next(&c, err)) > 0) {
        int64_t id;
        if (parse_id(&c, c_id, &id, err) < 0)
            goto done;
        if (n == INT32_MAX) {
            rt_err(err, path, c.line, "too many movies");
            goto done;
        }
        if (idmap_grow(movie_row) < 0)
            goto oom;
        int found;
        int32_t *slot = idmap_slot(movie_row, id, &found);
        if (found) {
            rt_err(err, path, c.line, "duplicate movieId %lld (first on line %lld)",
                   (long long)id, (long long)first_line[*slot]);
            goto done;
        }
        *slot = (int32_t)n;
        movie_row->n++;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            int64_t *nl = realloc(first_line, (size_t)cap * sizeof *nl);
            int64_t *nr = realloc(mv->raw_id, (size_t)cap * sizeof *nr);
            if (nl)
                first_line = nl;
            if (nr)
                mv->raw_id = nr;
            if (!nl || !nr)
                goto oom;
        }
        first_line[n] = c.line;
        mv->raw_id[n] = id;
        n++;
        if (rt_encoder_add(enc, &c, err) < 0)
            goto done;
    }
    if (r < 0)
        goto done;
    if (n == 0) {
        rt_err(err, path, c.next_line, "no rows after the header");
        goto done;
    }
    if (rt_encoder_finish(enc, &f, err) < 0)
        goto done;
    mv->count = n;
    mv->feat_width = f.width;
    mv->x = f.x;
    g->n_genres = f.width;
    g->genre_names = f.names;
    rc = 0;
    goto done;
oom:
    rt_err(err, path, 0, "out of memory");
done:
    free(first_line);
    rt_encoder_free(enc);
    rt_table_close(&c);
    return rc;
}

// Reads ratings.csv: one edge per row, users numbered by first appearance.
static int load_ratings(const char *path, RtGraph *g, const IdMap *movie_row, RtError *err) {
    RtTable c;
    IdMap users = {0};
    int rc = -1;
    RtEdgeStore *es = &g->edges[0];
    if (rt_table_open(&c, path, &ml_csv, err) < 0)
        goto done;
    int c_user = rt_table_need_column(&c, "userId", err);
    if (c_user < 0)
        goto done;
    int c_movie = rt_table_need_column(&c, "movieId", err);
    if (c_movie < 0)
        goto done;
    if (idmap_init(&users, 1024) < 0)
        goto oom;
    int64_t n = 0, cap = 0, user_cap = 0;
    // A record takes at least one line, so the lines bound the edges: sizing the arrays once
    // saves regrowing (and copying) arrays of 100 MB at 25M ratings. Pages past the last edge
    // are never touched, so they cost no memory.
    for (const char *p = c.buf; (p = memchr(p, '\n', c.len - (size_t)(p - c.buf))); p++)
        cap++;
    cap = cap + 1 < INT32_MAX ? cap + 1 : INT32_MAX;
    es->src = malloc((size_t)cap * sizeof *es->src);
    es->dst = malloc((size_t)cap * sizeof *es->dst);
    if (!es->src || !es->dst)
        goto oom;
    rt_huge_hint(es->src, (size_t)cap * sizeof *es->src);
    rt_huge_hint(es->dst, (size_t)cap * sizeof *es->dst);
    RtNodeStore *us = &g->nodes[0];
    int r;
    while ((r = rt_table_next(&c, err)) > 0) {
        int64_t uid, mid;
        if (parse_id(&c, c_user, &uid, err) < 0 ||
            parse_id(&c, c_movie, &mid, err) < 0)
            goto done;
        int32_t m = idmap_get(movie_row, mid);
        if (m < 0) {
            rt_err(err, path, c.line, "movieId %lld is not in movies.csv",
                   (long long)mid);
            goto done;
        }
        if (idmap_grow(&users) < 0)
            goto oom;
        int found;
        int32_t *slot = idmap_slot(&users, uid, &found);
        if (!found) {
            if (us->count == user_cap) {
                user_cap = user_cap ? user_cap * 2 : 1024;
                int64_t *nr = realloc(us->raw_id, (size_t)user_cap * sizeof *nr);
                if (!nr)
                    goto oom;
                us->raw_id = nr;
            }
            us->raw_id[us->count] = uid;
            *slot = (int32_t)us->count++;
            users.n++;
        }
        if (n == INT32_MAX) {
            rt_err(err, path, c.line, "too many ratings");
            goto done;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            int32_t *ns = realloc(es->src, (size_t)cap * sizeof *ns);
            if (!ns)
                goto oom;
            es->src = ns;
            int32_t *nd = realloc(es->dst, (size_t)cap * sizeof *nd);
            if (!nd)
                goto oom;
            es->dst = nd;
            rt_huge_hint(es->src, (size_t)cap * sizeof *ns);
            rt_huge_hint(es->dst, (size_t)cap * sizeof *nd);
        }
        es->src[n] = *slot;
        es->dst[n] = m;
        n++;
    }
    if (r < 0)
        goto done;
    if (n == 0) {
        rt_err(err, path, c.next_line, "no rows after the header");
        goto done;
    }
    es->count = n;
    rc = 0;
    goto done;
oom:
    rt_err(err, path, 0, "out of memory");
done:
    idmap_free(&users);
    rt_table_close(&c);
    return rc;
}

int rt_movielens_load(const char *dir, RtGraph *g, RtError *err) {
    memset(g, 0, sizeof *g);
    g->n_node_types = 2;
    g->n_edge_types = 1;
    snprintf(g->nodes[0].name, RT_NAME_MAX, "user");
    snprintf(g->nodes[1].name, RT_NAME_MAX, "movie");
    RtEdgeStore *es = &g->edges[0];
    snprintf(es->name, sizeof es->name, RT_MOVIELENS_TARGET);
    snprintf(es->rel, sizeof es->rel, "rates");
    es->src_type = 0;
    es->dst_type = 1;
    es->reverse_of = -1;

    size_t dl = strlen(dir);
    char *movies = malloc(dl + 16), *ratings = malloc(dl + 16);
    IdMap movie_row = {0};
    int rc = -1;
    if (!movies || !ratings || idmap_init(&movie_row, 1024) < 0) {
        rt_err(err, dir, 0, "out of memory");
        goto done;
    }
    snprintf(movies, dl + 16, "%s/movies.csv", dir);
    snprintf(ratings, dl + 16, "%s/ratings.csv", dir);
    if (load_movies(movies, g, &movie_row, err) < 0)
        goto done;
    if (load_ratings(ratings, g, &movie_row, err) < 0)
        goto done;
    rc = 0;
done:
    idmap_free(&movie_row);
    free(movies);
    free(ratings);
    if (rc < 0)
        rt_graph_free(g);
    return rc;
}
