// graph.c — the heterogeneous graph the runtime trains on: node and edge stores, PyG's
// ToUndirected, type lookup by name, and the matching of a model's types to the graph's.
// dataset.c fills an RtGraph; the split and the loader read it.
#include "graph.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

// Both directions of a type within one node type, sorted by (src, dst) without duplicates:
// torch_geometric.utils.to_undirected (coalesce sorts by src * N + dst).
static int undirect_in_place(RtEdgeStore *es, RtError *err) {
    int64_t n = es->count, m = 0;
    uint64_t *k = malloc((size_t)(n > 0 ? 2 * n : 1) * sizeof *k);
    if (!k)
        return rt_err(err, NULL, 0, "out of memory making %s undirected", es->name);
    for (int64_t i = 0; i < n; i++) {
        k[2 * i] = (uint64_t)(uint32_t)es->src[i] << 32 | (uint32_t)es->dst[i];
        k[2 * i + 1] = (uint64_t)(uint32_t)es->dst[i] << 32 | (uint32_t)es->src[i];
    }
    if (n)
        qsort(k, (size_t)(2 * n), sizeof *k, by_u64);
    for (int64_t i = 0; i < 2 * n; i++)
        if (i == 0 || k[i] != k[i - 1])
            k[m++] = k[i];
    if (m > INT32_MAX) {
        free(k);
        return rt_err(err, NULL, 0, "too many edges making %s undirected", es->name);
    }
    int32_t *src = malloc((size_t)(m ? m : 1) * sizeof *src);
    int32_t *dst = malloc((size_t)(m ? m : 1) * sizeof *dst);
    if (!src || !dst) {
        free(src);
        free(dst);
        free(k);
        return rt_err(err, NULL, 0, "out of memory making %s undirected", es->name);
    }
    for (int64_t i = 0; i < m; i++) {
        src[i] = (int32_t)(k[i] >> 32);
        dst[i] = (int32_t)(uint32_t)k[i];
    }
    free(k);
    free(es->src);
    free(es->dst);
    free(es->label);
    es->src = src;
    es->dst = dst;
    es->label = NULL;
    es->count = m;
    return 0;
}

int rt_graph_to_undirected(RtGraph *g, RtError *err) {
    int32_t n = g->n_edge_types;  // types present before the transform
    for (int32_t e = 0; e < n; e++) {
        RtEdgeStore *f = &g->edges[e];
        if (f->src_type == f->dst_type) {
            if (undirect_in_place(f, err) < 0)
                return -1;
            continue;
        }
        if (g->n_edge_types == HGNN_MAX_EDGE_TYPES)
            return rt_err(err, NULL, 0, "too many edge types for ToUndirected on %s (limit %d)",
                          f->name, HGNN_MAX_EDGE_TYPES);
        RtEdgeStore *r = &g->edges[g->n_edge_types];
        memset(r, 0, sizeof *r);
        // Built in locals: snprintf from one field of *g into another trips -Wrestrict.
        char rel[RT_NAME_MAX], name[3 * RT_NAME_MAX + 8];
        if (f->rev_name[0]) {
            memcpy(rel, f->rev_rel, sizeof rel);
            memcpy(name, f->rev_name, sizeof name);
        } else {
            snprintf(rel, sizeof rel, "rev_%.*s", RT_NAME_MAX - 5, f->rel);
            snprintf(name, sizeof name, "%.*s__%s__%.*s", RT_NAME_MAX - 1,
                     g->nodes[f->dst_type].name, rel, RT_NAME_MAX - 1, g->nodes[f->src_type].name);
        }
        memcpy(r->rel, rel, sizeof rel);
        memcpy(r->name, name, sizeof name);
        r->src_type = f->dst_type;
        r->dst_type = f->src_type;
        r->reverse_of = e;
        r->count = f->count;
        r->src = f->dst;
        r->dst = f->src;
        r->borrowed = 1;
        g->n_edge_types++;
    }
    return 0;
}

void rt_graph_free(RtGraph *g) {
    for (int32_t t = 0; t < HGNN_MAX_NODE_TYPES; t++) {
        RtNodeStore *s = &g->nodes[t];
        free(s->x);
        if (s->feat_names)
            for (int32_t i = 0; i < s->feat_width; i++)
                free(s->feat_names[i]);
        free(s->feat_names);
        free(s->key);
        free(s->key_buf);
        free(s->display);
        free(s->display_buf);
    }
    for (int32_t e = 0; e < HGNN_MAX_EDGE_TYPES; e++) {
        if (g->edges[e].borrowed)
            continue;
        free(g->edges[e].src);
        free(g->edges[e].dst);
        free(g->edges[e].label);
    }
    memset(g, 0, sizeof *g);
}

int rt_graph_node_type(const RtGraph *g, const char *name) {
    for (int32_t t = 0; t < g->n_node_types; t++)
        if (strcmp(g->nodes[t].name, name) == 0)
            return t;
    return -1;
}

int rt_graph_edge_type(const RtGraph *g, const char *name) {
    for (int32_t e = 0; e < g->n_edge_types; e++)
        if (strcmp(g->edges[e].name, name) == 0)
            return e;
    return -1;
}

int rt_graph_map_types(const RtGraph *g, const HgnnNodeType *node_types, int32_t n_node_types,
                       const HgnnEdgeType *edge_types, int32_t n_edge_types, int32_t *node_map,
                       int32_t *edge_map, RtError *err) {
    for (int32_t t = 0; t < n_node_types; t++) {
        int gt = rt_graph_node_type(g, node_types[t].name);
        if (gt < 0)
            return rt_err(err, NULL, 0, "the model's node type '%s' is not in the data",
                          node_types[t].name);
        if (node_types[t].feat_width != g->nodes[gt].feat_width)
            return rt_err(err, NULL, 0,
                          "node type '%s' has %d feature columns in the model, %d in the data",
                          node_types[t].name, node_types[t].feat_width,
                          g->nodes[gt].feat_width);
        node_map[t] = gt;
    }
    for (int32_t e = 0; e < n_edge_types; e++) {
        int ge = rt_graph_edge_type(g, edge_types[e].name);
        if (ge < 0)
            return rt_err(err, NULL, 0, "the model's edge type '%s' is not in the data",
                          edge_types[e].name);
        const HgnnEdgeType *me = &edge_types[e];
        if (me->src < 0 || me->src >= n_node_types || me->dst < 0 || me->dst >= n_node_types ||
            node_map[me->src] != g->edges[ge].src_type ||
            node_map[me->dst] != g->edges[ge].dst_type)
            return rt_err(err, NULL, 0, "edge type '%s' joins other node types in the data",
                          me->name);
        edge_map[e] = ge;
    }
    return 0;
}
