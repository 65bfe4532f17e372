// test_loader.c — LinkNeighborLoader invariants on ml-latest-small: batch counts and sizes, sorted
// unique seeds, label endpoints in the batch, local->global consistency, every sampled edge a
// message-passing edge of the loader's split, fan-out exactly min(k, degree) without repeats,
// dst-sorted edges with correct CSR offsets, the ABI view, and reproducibility (same seed, any
// fill order or thread -> same batch; another seed or epoch -> another batch); lg_conv's edge
// weights against naive degree counts, and triplet negatives.
// Usage: test_loader ML_SMALL_DIR
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "loader.h"
#include "movielens.h"

static RtGraph g;
static RtSplit s;
static int64_t *eid_stamp, stamp;   // eid_stamp[edge position] == stamp: seen at this destination

// Per part: which edge positions pass messages, and each destination's in-degree per type.
typedef struct PartInfo {
    char *mp;                       // mp[e] = 1 when edge position e passes messages
    int32_t *deg[2];                // deg[edge type][global dst]
} PartInfo;

static void part_info(int part, PartInfo *pi) {
    const RtSplitPart *pt = &s.part[part];
    pi->mp = calloc((size_t)s.n_edges, 1);
    for (int64_t i = 0; i < pt->n_mp; i++)
        pi->mp[pt->mp_eid[i]] = 1;
    for (int e = 0; e < 2; e++) {
        pi->deg[e] = calloc((size_t)g.nodes[g.edges[e].dst_type].count, sizeof(int32_t));
        for (int64_t i = 0; i < s.n_edges; i++)
            if (pi->mp[i])
                pi->deg[e][g.edges[e].dst[i]]++;
    }
}

static void part_info_free(PartInfo *pi) {
    free(pi->mp);
    free(pi->deg[0]);
    free(pi->deg[1]);
}

// Checks one batch against the loader's config and split part; returns 1 when all holds.
static int check_batch(const RtBatch *b, const RtLoaderConfig *cfg, int part, const PartInfo *pi,
                       char *seen_input) {
    int ok = 1;
    const RtSplitPart *pt = &s.part[part];
    int expect_neg = cfg->neg_ratio > 0 ? (int)(b->n_pos * cfg->neg_ratio + 0.999999) : 0;
    ok &= b->n_labels == b->n_pos + expect_neg;
    ok &= b->label_type == 0 && b->n_node_types == 2 && b->n_edge_types == 2;
    // Node tables: unique global ids in range; seeds sorted ascending.
    for (int t = 0; t < 2; t++) {
        int64_t V = g.nodes[t].count;
        char *mark = calloc((size_t)V, 1);
        for (int32_t i = 0; i < b->n_nodes[t]; i++) {
            int32_t u = b->node_ids[t][i];
            ok &= u >= 0 && u < V && !mark[u];
            if (u >= 0 && u < V)
                mark[u] = 1;
        }
        free(mark);
        for (int32_t i = 1; i < b->hop_end[t][0]; i++)
            ok &= b->node_ids[t][i - 1] < b->node_ids[t][i];
        ok &= b->hop_end[t][0] <= b->hop_end[t][1] && b->hop_end[t][1] <= b->hop_end[t][2] &&
              b->hop_end[t][2] == b->n_nodes[t];
    }
    // Labels: positives are the split's supervision edges named by input_id; every endpoint is a
    // seed and maps back to its global id; seeds are exactly the label endpoints.
    char *is_end[2] = {calloc((size_t)b->hop_end[0][0] + 1, 1),
                       calloc((size_t)b->hop_end[1][0] + 1, 1)};
    for (int32_t k = 0; k < b->n_labels; k++) {
        int32_t ls = b->label_src[k], ld = b->label_dst[k];
        ok &= ls >= 0 && ls < b->hop_end[0][0] && ld >= 0 && ld < b->hop_end[1][0];
        if (!ok)
            break;
        is_end[0][ls] = is_end[1][ld] = 1;
        if (k < b->n_pos) {
            int32_t id = b->input_id[k];
            ok &= id >= 0 && id < pt->n_labels && !seen_input[id];
            seen_input[id] = 1;
            ok &=
                b->node_ids[0][ls] == pt->label_src[id] && b->node_ids[1][ld] == pt->label_dst[id];
            ok &= b->labels[k] == pt->label[id];
        } else {
            ok &= b->labels[k] == 0.0f;
        }
    }
    for (int t = 0; t < 2; t++)
        for (int32_t i = 0; i < b->hop_end[t][0]; i++)
            ok &= is_end[t][i];
    free(is_end[0]);
    free(is_end[1]);
    // Edges: message-passing edges of this part, local ids consistent, dst-sorted, CSR right,
    // per-destination count = min(fan-out of the hop that expanded it, in-degree), no repeats.
    for (int e = 0; e < 2 && ok; e++) {
        const RtEdgeStore *es = &g.edges[e];
        int st = es->src_type, dt = es->dst_type;
        int32_t n = b->n_edges[e], nd = b->n_nodes[dt];
        for (int32_t i = 0; i < n; i++) {
            int32_t ls = b->edge_src[e][i], ld = b->edge_dst[e][i], id = b->edge_id[e][i];
            ok &= ls >= 0 && ls < b->n_nodes[st] && ld >= 0 && ld < nd && id >= 0 && id < es->count;
            if (!ok)
                return 0;
            ok &= pi->mp[id] == 1;
            ok &= b->node_ids[st][ls] == es->src[id] && b->node_ids[dt][ld] == es->dst[id];
            if (i)
                ok &= b->edge_dst[e][i - 1] <= ld;
        }
        ok &= b->edge_ptr[e][0] == 0 && b->edge_ptr[e][nd] == n;
        for (int32_t v = 0; v < nd && ok; v++) {
            int32_t lo = b->edge_ptr[e][v], hi = b->edge_ptr[e][v + 1];
            ok &= lo <= hi;
            stamp++;
            for (int32_t i = lo; i < hi; i++) {
                ok &= b->edge_dst[e][i] == v;
                ok &= eid_stamp[b->edge_id[e][i]] != stamp;     // drawn without replacement
                eid_stamp[b->edge_id[e][i]] = stamp;
            }
            int hop = v < b->hop_end[dt][0] ? 0 : v < b->hop_end[dt][1] ? 1 : 2;
            int32_t deg = pi->deg[e][b->node_ids[dt][v]];
            int32_t k = hop >= cfg->n_hops ? 0 : cfg->fanout[hop] < 0 ? deg : cfg->fanout[hop];
            int32_t want = deg < k ? deg : k;
            ok &= hi - lo == want;
        }
    }
    return ok;
}

static int same_batch(const RtBatch *a, const RtBatch *b) {
    int same = a->n_labels == b->n_labels && a->n_pos == b->n_pos;
    for (int t = 0; t < 2 && same; t++)
        same = a->n_nodes[t] == b->n_nodes[t] &&
               !memcmp(a->node_ids[t], b->node_ids[t], (size_t)a->n_nodes[t] * 4);
    for (int e = 0; e < 2 && same; e++)
        same = a->n_edges[e] == b->n_edges[e] &&
               !memcmp(a->edge_src[e], b->edge_src[e], (size_t)a->n_edges[e] * 4) &&
               !memcmp(a->edge_id[e], b->edge_id[e], (size_t)a->n_edges[e] * 4);
    return same && !memcmp(a->label_src, b->label_src, (size_t)a->n_labels * 4) &&
           !memcmp(a->label_dst, b->label_dst, (size_t)a->n_labels * 4);
}

// Checks every batch of `epochs` epochs (or only the first `limit` batches when limit > 0).
static void loader_part(int part, const RtLoaderConfig *cfg, int64_t want_batches,
                             int32_t last_pos, int epochs, int64_t limit) {
    RtError err = {0};
    RtLoader *l = rt_loader_new(&g, &s, part, cfg, 0, &err);
    CHECK(l != NULL);
    if (!l)
        return;
    PartInfo pi;
    part_info(part, &pi);
    CHECK(rt_loader_num_batches(l) == want_batches);
    RtBatch b;
    rt_batch_init(&b);
    for (int ep = 0; ep < epochs; ep++) {
        rt_loader_begin_epoch(l, ep);
        char *seen = calloc((size_t)rt_loader_num_labels(l), 1);
        int all_ok = 1, sizes_ok = 1;
        int64_t n = limit > 0 ? limit : want_batches;
        for (int64_t i = 0; i < n; i++) {
            CHECK(rt_loader_fill(l, i, &b) == 0);
            sizes_ok &= b.n_pos == (i + 1 < want_batches ? cfg->batch_size : last_pos);
            all_ok &= check_batch(&b, cfg, part, &pi, seen);
            if (!cfg->shuffle)
                for (int32_t k = 0; k < b.n_pos; k++)
                    all_ok &= b.input_id[k] == i * cfg->batch_size + k;
        }
        CHECK(sizes_ok);
        CHECK(all_ok);
        int covered = 1;
        for (int64_t i = 0; i < rt_loader_num_labels(l) && limit == 0; i++)
            covered &= seen[i];
        CHECK(covered);
        free(seen);
    }
    rt_batch_free(&b);
    part_info_free(&pi);
    rt_loader_free(l);
}

typedef struct Job {
    const RtLoader *l;
    int64_t first, step, n;
    RtBatch *out;
} Job;

static void *fill_job(void *arg) {
    Job *j = arg;
    for (int64_t i = j->first; i < j->n; i += j->step)
        rt_loader_fill(j->l, i, &j->out[i]);
    return NULL;
}

static void test_reproducible(void) {
    RtError err = {0};
    RtLoaderConfig cfg;
    rt_loader_train_defaults(&cfg);
    RtLoader *a = rt_loader_new(&g, &s, RT_SPLIT_TRAIN, &cfg, 0, &err);
    RtLoader *b = rt_loader_new(&g, &s, RT_SPLIT_TRAIN, &cfg, 0, &err);
    RtLoader *c = rt_loader_new(&g, &s, RT_SPLIT_TRAIN, &cfg, 1, &err);
    RtBatch x, y, z;
    rt_batch_init(&x);
    rt_batch_init(&y);
    rt_batch_init(&z);
    rt_loader_begin_epoch(a, 1);
    rt_loader_begin_epoch(b, 1);
    rt_loader_begin_epoch(c, 1);
    // Out of order on one RtBatch versus in order on a fresh one.
    CHECK(rt_loader_fill(a, 7, &x) == 0 && rt_loader_fill(a, 3, &x) == 0);
    CHECK(rt_loader_fill(b, 3, &y) == 0);
    CHECK(same_batch(&x, &y));
    CHECK(rt_loader_fill(c, 3, &z) == 0);
    CHECK(!same_batch(&x, &z));
    rt_loader_begin_epoch(b, 2);
    CHECK(rt_loader_fill(b, 3, &y) == 0);
    CHECK(!same_batch(&x, &y));
    // Out-of-range batch indices are refused.
    CHECK(rt_loader_fill(a, rt_loader_num_batches(a), &y) < 0 && rt_loader_fill(a, -1, &y) < 0);
    // Another batch of the same epoch differs too.
    CHECK(rt_loader_fill(a, 4, &y) == 0);
    CHECK(!same_batch(&x, &y));

    // Two threads filling interleaved batches give the sequential batches.
    int64_t n = rt_loader_num_batches(a);
    RtBatch *par = calloc((size_t)n, sizeof *par);
    for (int64_t i = 0; i < n; i++)
        rt_batch_init(&par[i]);
    Job j0 = {a, 0, 2, n, par}, j1 = {a, 1, 2, n, par};
    pthread_t t0, t1;
    pthread_create(&t0, NULL, fill_job, &j0);
    pthread_create(&t1, NULL, fill_job, &j1);
    pthread_join(t0, NULL);
    pthread_join(t1, NULL);
    int same = 1;
    for (int64_t i = 0; i < n; i++) {
        rt_loader_fill(a, i, &x);
        same &= same_batch(&x, &par[i]);
    }
    CHECK(same);
    for (int64_t i = 0; i < n; i++)
        rt_batch_free(&par[i]);
    free(par);

    // A warmed-up RtBatch keeps its buffers: refilling the epoch moves no array.
    int32_t *keep[4] = {x.node_ids[1], x.edge_src[0], x.edge_ptr[1], x.label_src};
    int stable = 1;
    for (int64_t i = 0; i < n; i++) {
        rt_loader_fill(a, i, &x);
        stable &= keep[0] == x.node_ids[1] && keep[1] == x.edge_src[0] &&
                  keep[2] == x.edge_ptr[1] && keep[3] == x.label_src;
    }
    CHECK(stable);

    // The ABI view, with the model's types in another order than the graph's.
    int32_t node_map[2] = {1, 0}, edge_map[2] = {1, 0};
    HgnnBatch hb;
    int64_t dims[HGNN_NUM_DIMS(2, 2)];
    CHECK(rt_batch_view(&x, &g, 2, node_map, 2, edge_map, 1, &hb, dims) == 0);
    CHECK(dims[HGNN_DIM_V(0)] == 9742 && dims[HGNN_DIM_V(1)] == 610);
    CHECK(dims[HGNN_DIM_N(2, 0)] == x.n_nodes[1] && dims[HGNN_DIM_N(2, 1)] == x.n_nodes[0]);
    CHECK(dims[HGNN_DIM_E(2, 0)] == x.n_edges[1] && dims[HGNN_DIM_E(2, 1)] == x.n_edges[0]);
    CHECK(dims[HGNN_DIM_L(2, 2)] == x.n_labels && hb.dims == dims);
    CHECK(hb.node_ids[0] == x.node_ids[1] && hb.features[0] == g.nodes[1].x &&
          hb.features[1] == NULL);
    CHECK(hb.edge_src[0] == x.edge_src[1] && hb.edge_ptr[1] == x.edge_ptr[0]);
    CHECK(hb.label_src == x.label_src && hb.labels == x.labels);
    CHECK(rt_batch_view(&x, &g, 2, node_map, 2, edge_map, 0, &hb, dims) < 0);   // wrong label type

    rt_batch_free(&x);
    rt_batch_free(&y);
    rt_batch_free(&z);
    rt_loader_free(a);
    rt_loader_free(b);
    rt_loader_free(c);
}

// Fan-out < 0 takes every neighbour; one hop; config errors.
static void test_configs(void) {
    RtError err = {0};
    RtLoaderConfig cfg;
    rt_loader_eval_defaults(&cfg);
    cfg.n_hops = 1;
    cfg.fanout[0] = -1;
    cfg.batch_size = 1000;
    loader_part(RT_SPLIT_TEST, &cfg, 31, 249, 1, 3);
    cfg.batch_size = 0;
    CHECK(rt_loader_new(&g, &s, RT_SPLIT_VAL, &cfg, 0, &err) == NULL);
    CHECK(strcmp(RT_ERR_TEXT(&err), "error: batch size must be positive (saw 0)") == 0);
    cfg.batch_size = 10;
    cfg.n_hops = HGNN_MAX_HOPS + 1;
    CHECK(rt_loader_new(&g, &s, RT_SPLIT_VAL, &cfg, 0, &err) == NULL);
}

// rt_edge_norm on a hand-made graph: 0->0, 0->1, 1->1, 2->1 (3 sources, 3 destinations):
// out-degrees 2, 1, 1; in-degrees 1, 3, 0 (no edge: weight factor 0, not inf).
static void test_edge_norm_small(void) {
    const int32_t src[4] = {0, 0, 1, 2}, dst[4] = {0, 1, 1, 1};
    float *io, *ii;
    CHECK(rt_edge_norm(4, src, dst, 3, 3, &io, &ii) == 0);
    CHECK(io[0] == 1 / sqrtf(2) && io[1] == 1 && io[2] == 1);
    CHECK(ii[0] == 1 && ii[1] == 1 / sqrtf(3) && ii[2] == 0);
    free(io);
    free(ii);
}

// lg_conv's weights on sampled batches: every sampled edge of both types weighs
// 1/sqrt(deg_out(src)) / sqrt(deg_in(dst)) with the degrees counted naively from the part's
// message-passing edge list (not the loader's index); triplet negatives keep their positive's
// source (negative k of B positives: positive k mod B), label 0, destinations in range.
static void test_edge_norm_triplet(int part) {
    RtError err = {0};
    const RtSplitPart *pt = &s.part[part];
    int32_t *deg[2][2];  // deg[type][0: out of src, 1: in of dst][global id]
    for (int e = 0; e < 2; e++) {
        deg[e][0] = calloc((size_t)g.nodes[g.edges[e].src_type].count, sizeof(int32_t));
        deg[e][1] = calloc((size_t)g.nodes[g.edges[e].dst_type].count, sizeof(int32_t));
        for (int64_t i = 0; i < pt->n_mp; i++) {
            deg[e][0][g.edges[e].src[pt->mp_eid[i]]]++;
            deg[e][1][g.edges[e].dst[pt->mp_eid[i]]]++;
        }
    }
    RtLoaderConfig cfg;
    rt_loader_train_defaults(&cfg);
    cfg.batch_size = 300;
    cfg.neg_ratio = 2.5;  // two full blocks of negatives and half a third
    cfg.triplet = 1;
    cfg.edge_norm = 1;
    cfg.n_hops = 3;
    cfg.fanout[2] = 5;
    RtLoader *l = rt_loader_new(&g, &s, part, &cfg, 3, &err);
    CHECK(l != NULL);
    RtBatch b;
    rt_batch_init(&b);
    int64_t checked = 0, bad = 0, bad_neg = 0;
    for (int64_t i = 0; l && i < 3; i++) {
        CHECK(rt_loader_fill(l, i, &b) == 0);
        CHECK(b.n_labels == b.n_pos + (int32_t)ceil(b.n_pos * 2.5));
        for (int e = 0; e < 2; e++) {
            int ts = g.edges[e].src_type, td = g.edges[e].dst_type;
            for (int32_t k = 0; k < b.n_edges[e]; k++) {
                int32_t u = b.node_ids[ts][b.edge_src[e][k]];
                int32_t v = b.node_ids[td][b.edge_dst[e][k]];
                float want = 1.0f / sqrtf((float)deg[e][0][u]) *
                             (1.0f / sqrtf((float)deg[e][1][v]));
                bad += deg[e][0][u] == 0 || deg[e][1][v] == 0 ||
                       fabsf(b.edge_weight[e][k] - want) > 1e-7f * want;
                checked++;
            }
        }
        for (int32_t k = b.n_pos; k < b.n_labels; k++) {
            int32_t p = (k - b.n_pos) % b.n_pos;
            bad_neg += b.node_ids[0][b.label_src[k]] != b.node_ids[0][b.label_src[p]] ||
                       b.labels[k] != 0 || (part == RT_SPLIT_TRAIN && b.labels[p] != 1) ||
                       b.label_dst[k] < 0 ||
                       b.label_dst[k] >= b.n_nodes[1];
        }
        HgnnBatch hb;
        int64_t dims[HGNN_NUM_DIMS(2, 2)];
        int32_t map[2] = {0, 1};
        CHECK(rt_batch_view(&b, &g, 2, map, 2, map, 0, &hb, dims) == 0);
        CHECK(hb.edge_weight[0] == b.edge_weight[0] && hb.edge_weight[1] == b.edge_weight[1]);
    }
    printf("test_loader: part %d: %lld sampled edges weighed, %lld bad; %lld bad negatives\n",
           part, (long long)checked, (long long)bad, (long long)bad_neg);
    CHECK(checked > 1000 && bad == 0 && bad_neg == 0);
    rt_batch_free(&b);
    rt_loader_free(l);
    // Without edge_norm the view carries no weights.
    cfg.edge_norm = 0;
    l = rt_loader_new(&g, &s, part, &cfg, 3, &err);
    rt_batch_init(&b);
    CHECK(l && rt_loader_fill(l, 0, &b) == 0);
    HgnnBatch hb;
    int64_t dims[HGNN_NUM_DIMS(2, 2)];
    int32_t map[2] = {0, 1};
    CHECK(rt_batch_view(&b, &g, 2, map, 2, map, 0, &hb, dims) == 0);
    CHECK(hb.edge_weight[0] == NULL && hb.edge_weight[1] == NULL);
    rt_batch_free(&b);
    rt_loader_free(l);
    for (int e = 0; e < 2; e++) {
        free(deg[e][0]);
        free(deg[e][1]);
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_loader ML_SMALL_DIR\n");
        return 2;
    }
    RtError err = {0};
    RtSplitConfig scfg;
    rt_split_defaults(&scfg);
    if (rt_movielens_load(argv[1], &g, &err) < 0 ||
        rt_graph_to_undirected(&g, &err) < 0 ||
        rt_split_link(&g, 0, &scfg, 0, &s, &err) < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    eid_stamp = calloc((size_t)s.n_edges, sizeof *eid_stamp);
    RtLoaderConfig train, eval;
    rt_loader_train_defaults(&train);
    rt_loader_eval_defaults(&eval);
    loader_part(RT_SPLIT_TRAIN, &train, 190, 9, 1, 0);
    loader_part(RT_SPLIT_VAL, &eval, 79, 297, 1, 0);
    loader_part(RT_SPLIT_TEST, &eval, 79, 297, 1, 0);
    test_reproducible();
    test_configs();
    test_edge_norm_small();
    test_edge_norm_triplet(RT_SPLIT_TRAIN);
    test_edge_norm_triplet(RT_SPLIT_TEST);
    free(eid_stamp);
    rt_split_free(&s);
    rt_graph_free(&g);
    return check_done("test_loader");
}
