// movielens.c — the MovieLens reader: CSVs to a heterogeneous graph.
// Takes a directory with ratings.csv and movies.csv; yields an RtGraph with user and movie nodes,
// multi-hot genre features and one user→movie edge per rating. Every malformed input is reported
// as an error at its file and line (error.h) and leaves the graph empty.
#include "movielens.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "hugepage.h"
#include "rng.h"

#define MAX_GENRES 4096     // feature columns; more means the genres column is not genres

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

// A field as it may appear inside a one-line message: at most 40 bytes (cut at a character
// boundary, then "..."), with newlines and other control characters escaped.
static const char *excerpt(const char *s, char *out, size_t size) {
    size_t n = 0;
    for (; *s && n + 8 < size; s++) {
        unsigned char ch = (unsigned char)*s;
        if (n >= 40 && (ch & 0xc0) != 0x80) {
            memcpy(out + n, "...", 3);
            n += 3;
            break;
        }
        if (ch == '\n' || ch == '\r') {
            out[n++] = '\\';
            out[n++] = ch == '\n' ? 'n' : 'r';
        } else if (ch < 0x20 || ch == 0x7f) {
            n += (size_t)snprintf(out + n, size - n, "\\x%02x", ch);
        } else {
            out[n++] = (char)ch;
        }
    }
    out[n] = 0;
    return out;
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
                  excerpt(s, buf, sizeof buf));
}

// MovieLens files are comma-separated UTF-8 with a header, whatever their first line looks like.
static const RtTableOptions ml_csv = {.sep = ","};

typedef struct Token {
    const char *s;
    int32_t len;
} Token;

static int token_cmp(const void *a, const void *b) {
    const Token *x = a, *y = b;
    int32_t n = x->len < y->len ? x->len : y->len;
    int r = memcmp(x->s, y->s, (size_t)n);
    return r ? r : (x->len > y->len) - (x->len < y->len);
}

typedef struct Movie {
    int64_t id;
    const char *genres;     // points into the movies.csv buffer
    int64_t line;           // where the row starts, for duplicate-id messages
} Movie;

// Reads movies.csv: rows, their ids (unique) and genre strings, then builds the sorted genre list
// and the multi-hot matrix.
static int load_movies(const char *path, RtGraph *g, IdMap *movie_row, RtError *err) {
    RtTable c;
    Movie *movies = NULL;
    Token *tok = NULL;
    int rc = -1;
    if (rt_table_open(&c, path, &ml_csv, err) < 0)
        goto done;
    int c_id = rt_table_need_column(&c, "movieId", err);
    if (c_id < 0)
        goto done;
    int c_genres = rt_table_need_column(&c, "genres", err);
    if (c_genres < 0)
        goto done;
    int64_t n = 0, cap = 0, n_tok = 0, tok_cap = 0;
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
                   (long long)id, (long long)movies[*slot].line);
            goto done;
        }
        *slot = (int32_t)n;
        movie_row->n++;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            Movie *nm = realloc(movies, (size_t)cap * sizeof *nm);
            if (!nm)
                goto oom;
            movies = nm;
        }
        movies[n].id = id;
        movies[n].genres = c.field[c_genres];
        movies[n].line = c.line;
        n++;
        // Genre tokens, split on '|'; empty tokens (an empty genres field) are ignored.
        for (const char *s = c.field[c_genres]; *s;) {
            const char *e = strchr(s, '|');
            int32_t len = e ? (int32_t)(e - s) : (int32_t)strlen(s);
            if (len > 0) {
                if (n_tok == tok_cap) {
                    tok_cap = tok_cap ? tok_cap * 2 : 4096;
                    Token *nt = realloc(tok, (size_t)tok_cap * sizeof *nt);
                    if (!nt)
                        goto oom;
                    tok = nt;
                }
                tok[n_tok++] = (Token){s, len};
            }
            s += len + (e != NULL);
        }
    }
    if (r < 0)
        goto done;
    if (n == 0) {
        rt_err(err, path, c.next_line, "no rows after the header");
        goto done;
    }
    if (n_tok)      // no movie may list a genre; qsort must not see a NULL array
        qsort(tok, (size_t)n_tok, sizeof *tok, token_cmp);
    int64_t n_genres = 0;
    for (int64_t i = 0; i < n_tok; i++)
        if (n_genres == 0 || token_cmp(&tok[n_genres - 1], &tok[i]) != 0)
            tok[n_genres++] = tok[i];
    if (n_genres > MAX_GENRES) {
        rt_err(err, path, 0, "%lld distinct genres (limit %d)", (long long)n_genres,
               MAX_GENRES);
        goto done;
    }
    g->n_genres = (int32_t)n_genres;
    g->genre_names = calloc((size_t)n_genres + 1, sizeof *g->genre_names);
    if (!g->genre_names)
        goto oom;
    for (int64_t i = 0; i < n_genres; i++) {
        g->genre_names[i] = strndup(tok[i].s, (size_t)tok[i].len);
        if (!g->genre_names[i])
            goto oom;
    }

    RtNodeStore *mv = &g->nodes[1];
    mv->count = n;
    mv->feat_width = (int32_t)n_genres;
    mv->x = n_genres ? calloc((size_t)n * (size_t)n_genres, sizeof(float)) : NULL;
    mv->raw_id = malloc((size_t)n * sizeof *mv->raw_id);
    if ((n_genres && !mv->x) || !mv->raw_id)
        goto oom;
    for (int64_t i = 0; i < n; i++) {
        mv->raw_id[i] = movies[i].id;
        for (const char *s = movies[i].genres; *s;) {
            const char *e = strchr(s, '|');
            int32_t len = e ? (int32_t)(e - s) : (int32_t)strlen(s);
            if (len > 0) {
                Token key = {s, len};
                Token *hit = bsearch(&key, tok, (size_t)n_genres, sizeof *tok, token_cmp);
                mv->x[i * n_genres + (hit - tok)] = 1.0f;
            }
            s += len + (e != NULL);
        }
    }
    rc = 0;
    goto done;
oom:
    rt_err(err, path, 0, "out of memory");
done:
    free(movies);
    free(tok);
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
