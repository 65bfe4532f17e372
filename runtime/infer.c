// infer.c — whole-graph inference. Takes a model, the graph and a split part; lays out one
// batch holding every node of every type (node_ids the identity, N_t = V_t) and every
// message-passing edge of that part, sorted by destination, and calls HgnnModel.embed on it:
// the final embedding of every node, each layer once per node over all its edges.
#include "infer.h"

#include <stdlib.h>
#include <string.h>

#include "loader.h"

// Edges of one edge type in the model's layout: CSR by destination (edge_ptr, n_dst + 1
// offsets), with parallel source and destination arrays.
typedef struct Csr {
    int64_t n;
    int32_t *src, *dst, *ptr;
} Csr;

static void csr_free(Csr *c) {
    free(c->src);
    free(c->dst);
    free(c->ptr);
}

static int csr_alloc(Csr *c, int64_t n, int64_t n_dst) {
    c->n = n;
    c->src = malloc((size_t)(n ? n : 1) * sizeof *c->src);
    c->dst = malloc((size_t)(n ? n : 1) * sizeof *c->dst);
    c->ptr = calloc((size_t)n_dst + 1, sizeof *c->ptr);
    return c->src && c->dst && c->ptr ? 0 : -1;
}

// Part `part`'s message-passing edges of the split type (which 0) or its reverse (which 1): the
// split's index is grouped by destination already.
static int csr_of_split(Csr *c, const RtSplit *s, int which, int part, int64_t n_dst) {
    int64_t n = 0;
    for (int64_t v = 0; v < n_dst; v++) {
        int32_t lo, hi;
        rt_split_in_edges(s, which, part, v, &lo, &hi);
        n += hi - lo;
    }
    if (csr_alloc(c, n, n_dst))
        return -1;
    const RtInEdge *adj = s->index[which].adj;
    int64_t k = 0;
    for (int64_t v = 0; v < n_dst; v++) {
        int32_t lo, hi;
        rt_split_in_edges(s, which, part, v, &lo, &hi);
        for (int32_t j = lo; j < hi; j++, k++) {
            c->src[k] = adj[j].src;
            c->dst[k] = (int32_t)v;
        }
        c->ptr[v + 1] = (int32_t)k;
    }
    return 0;
}

// All edges of a graph edge type, by a stable counting sort on the destination.
static int csr_of_all(Csr *c, const RtEdgeStore *es, int64_t n_dst) {
    if (csr_alloc(c, es->count, n_dst))
        return -1;
    for (int64_t i = 0; i < es->count; i++)
        c->ptr[es->dst[i] + 1]++;
    for (int64_t v = 0; v < n_dst; v++)
        c->ptr[v + 1] += c->ptr[v];
    int32_t *next = malloc((size_t)(n_dst ? n_dst : 1) * sizeof *next);
    if (!next)
        return -1;
    memcpy(next, c->ptr, (size_t)n_dst * sizeof *next);
    for (int64_t i = 0; i < es->count; i++) {
        int32_t k = next[es->dst[i]]++;
        c->src[k] = es->src[i];
        c->dst[k] = es->dst[i];
    }
    free(next);
    return 0;
}

// lg_conv's weights of one edge type: the degrees of these edges, the part's message-passing
// graph, as the loader computes them for sampled batches (rt_edge_norm).
static int edge_weights(const Csr *c, int64_t n_src, int64_t n_dst, float **out) {
    float *inv_out, *inv_in;
    if (rt_edge_norm(c->n, c->src, c->dst, n_src, n_dst, &inv_out, &inv_in) < 0)
        return -1;
    *out = malloc((size_t)(c->n ? c->n : 1) * sizeof **out);
    for (int64_t k = 0; *out && k < c->n; k++)
        (*out)[k] = inv_out[c->src[k]] * inv_in[c->dst[k]];
    free(inv_out);
    free(inv_in);
    return *out ? 0 : -1;
}

int rt_infer_embeddings(const HgnnModel *m, const RtGraph *g, const RtSplit *s, int part,
                        float *const *params, const HgnnHost *host, float **out, RtError *err) {
    int T = m->n_node_types, K = m->n_edge_types;
    for (int t = 0; t < T; t++)
        out[t] = NULL;
    if (!m->embed)
        return rt_err(err, NULL, 0, "model '%s' has no whole-graph inference entry point",
                      m->name);
    int32_t node_map[HGNN_MAX_NODE_TYPES], edge_map[HGNN_MAX_EDGE_TYPES];
    if (rt_graph_map_types(g, m->node_types, T, m->edge_types, K, node_map, edge_map, err))
        return -1;

    int64_t dims[HGNN_NUM_DIMS(HGNN_MAX_NODE_TYPES, HGNN_MAX_EDGE_TYPES)] = {0};
    int64_t v_max = 1;
    for (int t = 0; t < T; t++) {
        int64_t v = g->nodes[node_map[t]].count;
        dims[HGNN_DIM_V(t)] = dims[HGNN_DIM_N(T, t)] = v;
        v_max = v > v_max ? v : v_max;
    }
    dims[HGNN_DIM_L(T, K)] = 0;

    Csr csr[HGNN_MAX_EDGE_TYPES] = {{0}};
    float *weight[HGNN_MAX_EDGE_TYPES] = {NULL};   // lg_conv's, when the model needs them
    int32_t *ids = malloc((size_t)v_max * sizeof *ids);
    float *ws = NULL;
    int rc = ids ? 0 : -1;
    HgnnBatch b = {.dims = dims};
    for (int64_t i = 0; ids && i < v_max; i++)
        ids[i] = (int32_t)i;
    for (int t = 0; t < T; t++) {
        const RtNodeStore *ns = &g->nodes[node_map[t]];
        b.node_ids[t] = ids;
        b.features[t] = ns->feat_width > 0 ? ns->x : NULL;
    }
    for (int e = 0; e < K && rc == 0; e++) {
        int32_t ge = edge_map[e];
        int64_t n_dst = dims[HGNN_DIM_N(T, m->edge_types[e].dst)];
        if (s && (ge == s->edge_type || ge == s->rev_type))
            rc = csr_of_split(&csr[e], s, ge == s->edge_type ? 0 : 1, part, n_dst);
        else
            rc = csr_of_all(&csr[e], &g->edges[ge], n_dst);
        dims[HGNN_DIM_E(T, e)] = csr[e].n;
        b.edge_src[e] = csr[e].src;
        b.edge_dst[e] = csr[e].dst;
        b.edge_ptr[e] = csr[e].ptr;
        if (rc == 0 && (m->needs & HGNN_NEEDS_EDGE_NORM))
            rc = edge_weights(&csr[e], dims[HGNN_DIM_N(T, m->edge_types[e].src)], n_dst,
                              &weight[e]);
        b.edge_weight[e] = weight[e];
    }
    if (rc == 0) {
        int64_t n_ws = m->embed_workspace_floats(dims);
        ws = malloc((size_t)(n_ws ? n_ws : 1) * sizeof *ws);
        rc = ws ? 0 : -1;
    }
    for (int t = 0; t < T && rc == 0; t++) {
        if (m->embed_dim[t] <= 0)
            continue;
        out[t] = malloc((size_t)(dims[HGNN_DIM_V(t)] * m->embed_dim[t] + 1) * sizeof *out[t]);
        rc = out[t] ? 0 : -1;
    }
    if (rc == 0)
        m->embed(&b, params, ws, host, out);
    for (int e = 0; e < K; e++) {
        csr_free(&csr[e]);
        free(weight[e]);
    }
    free(ids);
    free(ws);
    if (rc == 0)
        return 0;
    for (int t = 0; t < T; t++) {
        free(out[t]);
        out[t] = NULL;
    }
    return rt_err(err, NULL, 0, "out of memory for whole-graph inference");
}

int rt_infer_scores(const HgnnModel *m, int64_t n, const int32_t *src_ids,
                    const int32_t *dst_ids, float *const *emb, float *const *params,
                    float *scores, RtError *err) {
    if (m->label_edge_type < 0)
        return rt_err(err, NULL, 0, "model '%s' has no classifier", m->name);
    const HgnnEdgeType *le = &m->edge_types[m->label_edge_type];
    if (!m->score || !emb[le->src] || !emb[le->dst])
        return rt_err(err, NULL, 0, "no embeddings of '%s' to score", le->name);
    m->score(n, src_ids, dst_ids, emb[le->src], emb[le->dst], params, scores);
    return 0;
}
