// test_split_labels.c — loss mse's data path on ml-latest-small: the `label rating` column read
// per edge (against a naive read of ratings.csv), RandomLinkSplit with edge_labels and no
// negatives (the same supervision edges, in the same order, as the BCE split's positives; each
// label the rating of its edge), and the loader without negatives (labels are the values).
// Usage: test_split_labels ML_SMALL_DIR
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dataset.h"
#include "loader.h"
#include "movielens.h"

// The ratings column of DIR/ratings.csv, row by row (userId,movieId,rating,timestamp), read with
// sscanf: the reference dataset.c is checked against. Returns the row count, or -1.
static int64_t naive_ratings(const char *dir, float **out) {
    char path[4096], line[256];
    snprintf(path, sizeof path, "%s/ratings.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int64_t n = 0, cap = 1024;
    float *r = malloc((size_t)cap * sizeof *r);
    if (!fgets(line, sizeof line, f)) {     // the header
        fclose(f);
        free(r);
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        int u, m;
        float v;
        if (sscanf(line, "%d,%d,%f", &u, &m, &v) != 3)
            continue;
        if (n == cap)
            r = realloc(r, (size_t)(cap *= 2) * sizeof *r);
        r[n++] = v;
    }
    fclose(f);
    *out = r;
    return n;
}

static int load(const char *dir, RtGraph *g) {
    HgnnEdgeData edges[RT_MOVIELENS_EDGE_TYPES];
    memcpy(edges, rt_movielens_decl.edges, sizeof edges);
    edges[0].label = "rating";
    HgnnDataDecl decl = {rt_movielens_decl.nodes, edges};
    RtError err = {0};
    if (rt_dataset_load(dir, RT_MOVIELENS_NODE_TYPES, rt_movielens_node_types,
                        RT_MOVIELENS_EDGE_TYPES, rt_movielens_edge_types, &decl, g, &err) < 0 ||
        rt_graph_to_undirected(g, &err) < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        failures++;
        return -1;
    }
    return 0;
}

// Every label of a part against the rating of the edge it names (ml-latest-small has no
// duplicate (user, movie) pairs, so the perm position names the edge).
static int labels_follow_edges(const RtSplit *s, const RtGraph *g, int part, int64_t first) {
    const RtSplitPart *pt = &s->part[part];
    const RtEdgeStore *es = &g->edges[0];
    int ok = 1;
    for (int64_t i = 0; i < pt->n_labels; i++) {
        int32_t e = s->perm[first + i];
        ok &= pt->label_src[i] == es->src[e] && pt->label_dst[i] == es->dst[e] &&
              pt->label[i] == es->label[e];
    }
    return ok;
}

static void test_split(const char *dir) {
    RtGraph g;
    if (load(dir, &g) < 0)
        return;
    float *ref = NULL;
    int64_t n = naive_ratings(dir, &ref);
    const RtEdgeStore *es = &g.edges[0];
    CHECK(n == 100836 && es->count == n && es->label != NULL);
    CHECK(g.edges[1].reverse_of == 0 && g.edges[1].label == NULL);  // no reverse labels
    int same = 1, rating_like = 1;
    for (int64_t i = 0; i < n && i < es->count; i++) {
        same &= es->label[i] == ref[i];
        rating_like &= es->label[i] >= 0.5f && es->label[i] <= 5.0f;
    }
    CHECK(same && rating_like);

    // The BCE split and the MSE split of the same seed: the same permutation and partition.
    RtSplitConfig bce, mse;
    rt_split_defaults(&bce);
    mse = bce;
    mse.neg_ratio = 0.0;
    mse.edge_labels = 1;
    RtSplit a, b;
    RtError err = {0};
    CHECK(rt_split_link(&g, 0, &bce, 3, &a, &err) == 0);
    CHECK(rt_split_link(&g, 0, &mse, 3, &b, &err) == 0);
    CHECK(memcmp(a.perm, b.perm, (size_t)a.n_edges * sizeof *a.perm) == 0);
    CHECK(b.n_neg_requested == 0 && b.n_neg_found == 0);
    int64_t E = a.n_edges, n_val = E / 10, n_train = E - 2 * n_val;
    int64_t first[RT_SPLIT_PARTS] = {0, n_train, n_train + n_val};
    for (int p = 0; p < RT_SPLIT_PARTS; p++) {
        const RtSplitPart *x = &a.part[p], *y = &b.part[p];
        CHECK(y->n_pos == x->n_pos && y->n_labels == y->n_pos && y->n_mp == x->n_mp);
        CHECK(memcmp(x->label_src, y->label_src, (size_t)y->n_pos * sizeof *x->label_src) == 0);
        CHECK(memcmp(x->label_dst, y->label_dst, (size_t)y->n_pos * sizeof *x->label_dst) == 0);
        CHECK(labels_follow_edges(&b, &g, p, first[p]));
        int ones = 1, non_binary = 0;
        for (int64_t i = 0; i < x->n_pos; i++) {
            ones &= x->label[i] == 1.0f;
            non_binary += y->label[i] != 1.0f && y->label[i] != 0.0f;
        }
        CHECK(ones && non_binary > y->n_pos / 2);   // BCE: 1; MSE: ratings (most not 0 or 1)
    }
    CHECK(n_val == 10083 && b.part[RT_SPLIT_VAL].n_labels == 10083);

    // The loader over the MSE split's val and train parts: no negatives, labels are the values.
    RtLoaderConfig lc;
    rt_loader_train_defaults(&lc);
    lc.neg_ratio = 0.0;
    for (int p = RT_SPLIT_TRAIN; p <= RT_SPLIT_VAL; p++) {
        RtLoader *l = rt_loader_new(&g, &b, p, &lc, 3, &err);
        CHECK(l != NULL);
        if (!l)
            continue;
        RtBatch bt;
        rt_batch_init(&bt);
        rt_loader_begin_epoch(l, 1);
        int ok = 1;
        int64_t seen = 0;
        for (int64_t i = 0; i < rt_loader_num_batches(l) && ok; i++) {
            ok &= rt_loader_fill(l, i, &bt) == 0;
            ok &= bt.n_labels == bt.n_pos;
            for (int32_t k = 0; k < bt.n_labels && ok; k++) {
                int32_t id = bt.input_id[k];
                ok &= bt.labels[k] == b.part[p].label[id] &&
                      bt.node_ids[0][bt.label_src[k]] == b.part[p].label_src[id] &&
                      bt.node_ids[1][bt.label_dst[k]] == b.part[p].label_dst[id];
            }
            seen += bt.n_labels;
        }
        CHECK(ok && seen == b.part[p].n_labels);
        rt_batch_free(&bt);
        rt_loader_free(l);
    }
    rt_split_free(&a);
    rt_split_free(&b);

    // A graph without a label column cannot be split for regression.
    RtGraph plain;
    if (rt_movielens_load(dir, &plain, &err) == 0) {
        CHECK(rt_split_link(&plain, 0, &mse, 0, &a, &err) < 0);
        CHECK(strstr(RT_ERR_TEXT(&err), "has no label column") != NULL);
        rt_graph_free(&plain);
    }
    free(ref);
    rt_graph_free(&g);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_split_labels ML_SMALL_DIR\n");
        return 2;
    }
    test_split(argv[1]);
    return check_done("test_split_labels");
}
