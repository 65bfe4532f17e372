// test_split_files.c — rt_split_from_files: a split drawn by rt_split_link, written in the layout
// of tools/pyg_batch.py export and read back, is the same RtSplit (perm, parts, labels, index),
// with and without disjoint train supervision; malformed files (a 3 x N array, a pair that is not
// an edge, counts that do not add up) are one error naming the file, and leave the split empty.
// Usage: test_split_files ML_SMALL_DIR
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "movielens.h"
#include "npy.h"
#include "split.h"
#include "split_files.h"

static const char *const parts[RT_SPLIT_PARTS] = {"train", "val", "test"};

static void write_npy(const char *dir, const char *part, const char *what, RtNpyType type,
                      int32_t ndim, int64_t rows, int64_t cols, void *data) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s.%s.npy", dir, part, what);
    RtNpy a = {type, ndim, {rows, cols}, data};
    RtError err = {0};
    if (rt_npy_write(path, &a, &err) < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        failures++;
    }
}

// 2 x n pairs from two arrays.
static void write_pairs(const char *dir, const char *part, const char *what, const int32_t *a,
                        const int32_t *b, int64_t n) {
    int32_t *buf = malloc((size_t)(2 * n + 1) * sizeof *buf);
    memcpy(buf, a, (size_t)n * sizeof *buf);
    memcpy(buf + n, b, (size_t)n * sizeof *buf);
    write_npy(dir, part, what, RT_NPY_I32, 2, 2, n, buf);
    free(buf);
}

// The split as hgnn_batch and pyg_batch.py export write it: global ids, message passing in perm
// order, labels positives first.
static void write_split(const char *dir, const RtGraph *g, const RtSplit *s) {
    const RtEdgeStore *es = &g->edges[s->edge_type];
    for (int p = 0; p < RT_SPLIT_PARTS; p++) {
        const RtSplitPart *sp = &s->part[p];
        int32_t *u = malloc((size_t)(sp->n_mp + 1) * sizeof *u);
        int32_t *v = malloc((size_t)(sp->n_mp + 1) * sizeof *v);
        for (int64_t i = 0; i < sp->n_mp; i++) {
            u[i] = es->src[sp->mp_eid[i]];
            v[i] = es->dst[sp->mp_eid[i]];
        }
        write_pairs(dir, parts[p], "edge_index", u, v, sp->n_mp);
        write_pairs(dir, parts[p], "edge_label_index", sp->label_src, sp->label_dst,
                    sp->n_labels);
        write_npy(dir, parts[p], "edge_label", RT_NPY_F32, 1, sp->n_labels, 1, sp->label);
        free(u);
        free(v);
    }
}

static int same(const void *a, const void *b, size_t bytes) {
    return bytes == 0 || memcmp(a, b, bytes) == 0;
}

// Everything the loaders read from a split is equal.
static void check_equal(const RtSplit *a, const RtSplit *b) {
    CHECK(a->edge_type == b->edge_type && a->rev_type == b->rev_type);
    CHECK(a->n_edges == b->n_edges);
    CHECK(same(a->perm, b->perm, (size_t)a->n_edges * sizeof *a->perm));
    CHECK(a->n_neg_found == b->n_neg_found);
    for (int p = 0; p < RT_SPLIT_PARTS; p++) {
        const RtSplitPart *x = &a->part[p], *y = &b->part[p];
        size_t n = (size_t)x->n_labels;
        CHECK(x->n_mp == y->n_mp && x->n_pos == y->n_pos && x->n_labels == y->n_labels);
        CHECK(x->mp_eid - a->perm == y->mp_eid - b->perm);
        CHECK(same(x->label_src, y->label_src, n * sizeof *x->label_src));
        CHECK(same(x->label_dst, y->label_dst, n * sizeof *x->label_dst));
        CHECK(same(x->label, y->label, n * sizeof *x->label));
    }
    for (int k = 0; k < 2; k++) {
        const RtSplitIndex *x = &a->index[k], *y = &b->index[k];
        size_t n = (size_t)x->n_dst;
        CHECK(x->n_dst == y->n_dst);
        if (x->n_dst != y->n_dst || !x->ptr)
            continue;
        CHECK(same(x->ptr, y->ptr, (n + 1) * sizeof *x->ptr));
        CHECK(same(x->mid[0], y->mid[0], n * sizeof *x->mid[0]));
        CHECK(same(x->mid[1], y->mid[1], n * sizeof *x->mid[1]));
        CHECK(same(x->adj, y->adj, (size_t)x->ptr[n] * sizeof *x->adj));
    }
}

static void roundtrip(const RtGraph *g, const char *dir, double disjoint, uint64_t seed) {
    RtSplitConfig cfg;
    rt_split_defaults(&cfg);
    cfg.disjoint_frac = disjoint;
    RtSplit want, got;
    RtError err = {0};
    CHECK(rt_split_link(g, 0, &cfg, seed, &want, &err) == 0);
    write_split(dir, g, &want);
    int rc = rt_split_from_files(g, 0, dir, &got, &err);
    CHECK(rc == 0);
    if (rc < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
    } else {
        check_equal(&want, &got);
        rt_split_free(&got);
    }
    rt_split_free(&want);
}

// Reading dir must fail with a message about `file` (a path ending in it) containing `says`.
static void expect_error(const RtGraph *g, const char *dir, const char *file, const char *says) {
    RtSplit s;
    RtError err = {0};
    CHECK(rt_split_from_files(g, 0, dir, &s, &err) < 0);
    size_t n = strlen(err.file), m = strlen(file);
    CHECK(n >= m && strcmp(err.file + n - m, file) == 0);
    CHECK(strstr(err.msg, says) != NULL);
    CHECK(strchr(err.msg, '\n') == NULL);
    CHECK(s.perm == NULL && s.part[0].label == NULL && s.index[0].adj == NULL);
    if (failures)
        fprintf(stderr, "got: %s\n", RT_ERR_TEXT(&err));
}

static void bad_inputs(const RtGraph *g, const char *dir) {
    RtSplitConfig cfg;
    rt_split_defaults(&cfg);
    RtSplit s;
    RtError err = {0};
    CHECK(rt_split_link(g, 0, &cfg, 1, &s, &err) == 0);
    const RtSplitPart *va = &s.part[RT_SPLIT_VAL], *te = &s.part[RT_SPLIT_TEST];

    // A 3 x N edge_index.
    write_split(dir, g, &s);
    int32_t three[6] = {0, 1, 2, 0, 1, 2};
    write_npy(dir, "val", "edge_index", RT_NPY_I32, 2, 3, 2, three);
    expect_error(g, dir, "/val.edge_index.npy", "2 x N int32");

    // A val negative standing in for test's first positive: not an edge.
    write_split(dir, g, &s);
    int32_t *u = malloc((size_t)te->n_labels * sizeof *u);
    int32_t *v = malloc((size_t)te->n_labels * sizeof *v);
    memcpy(u, te->label_src, (size_t)te->n_labels * sizeof *u);
    memcpy(v, te->label_dst, (size_t)te->n_labels * sizeof *v);
    u[0] = va->label_src[va->n_pos];
    v[0] = va->label_dst[va->n_pos];
    write_pairs(dir, "test", "edge_label_index", u, v, te->n_labels);
    expect_error(g, dir, "/test.edge_label_index.npy", "is not an edge of user__rates__movie");

    // Test's last positive dropped (labels and pairs alike): one edge is in no part.
    write_split(dir, g, &s);
    memcpy(u, te->label_src, (size_t)te->n_labels * sizeof *u);
    memcpy(v, te->label_dst, (size_t)te->n_labels * sizeof *v);
    memmove(u + te->n_pos - 1, u + te->n_pos, (size_t)(te->n_labels - te->n_pos) * sizeof *u);
    memmove(v + te->n_pos - 1, v + te->n_pos, (size_t)(te->n_labels - te->n_pos) * sizeof *v);
    write_pairs(dir, "test", "edge_label_index", u, v, te->n_labels - 1);
    write_npy(dir, "test", "edge_label", RT_NPY_F32, 1, te->n_labels - 1, 1, te->label + 1);
    expect_error(g, dir, "/test.edge_label_index.npy", "counts do not add up");

    // A missing file.
    write_split(dir, g, &s);
    char path[512];
    snprintf(path, sizeof path, "%s/train.edge_label.npy", dir);
    CHECK(remove(path) == 0);
    expect_error(g, dir, "/train.edge_label.npy", "cannot open");
    free(u);
    free(v);
    rt_split_free(&s);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_split_files ML_SMALL_DIR\n");
        return 2;
    }
    RtGraph g;
    RtError err = {0};
    if (rt_movielens_load(argv[1], &g, &err) < 0 || rt_graph_to_undirected(&g, &err) < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    char dir[] = "/tmp/test_split_files.XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    roundtrip(&g, dir, 0.3, 7);     // the tutorial's split
    roundtrip(&g, dir, 0.0, 8);     // train supervises its message-passing edges
    bad_inputs(&g, dir);
    char path[512];
    for (int p = 0; p < RT_SPLIT_PARTS; p++)
        for (int k = 0; k < 3; k++) {
            static const char *const what[3] = {"edge_index", "edge_label_index", "edge_label"};
            snprintf(path, sizeof path, "%s/%s.%s.npy", dir, parts[p], what[k]);
            remove(path);
        }
    rmdir(dir);
    rt_graph_free(&g);
    return check_done("test_split_files");
}
