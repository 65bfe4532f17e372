// graph.c — the heterogeneous graph the runtime trains on: node and edge stores, PyG's
// ToUndirected for bipartite types, type lookup by name, and the matching of a model's types to
// the graph's. Data sources (movielens.c) fill an RtGraph; the split and the loader read it.
#include "graph.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


int rt_graph_to_undirected(RtGraph *g, RtError *err) {
    int32_t n = g->n_edge_types;  // types present before the transform
    for (int32_t e = 0; e < n; e++) {
        const RtEdgeStore *f = &g->edges[e];
        if (f->src_type == f->dst_type)
            return rt_err(err, NULL, 0, "ToUndirected on %s, a non-bipartite type, is not "
                          "supported", f->name);
        if (g->n_edge_types == HGNN_MAX_EDGE_TYPES)
            return rt_err(err, NULL, 0, "too many edge types for ToUndirected on %s (limit %d)",
                          f->name, HGNN_MAX_EDGE_TYPES);
        RtEdgeStore *r = &g->edges[g->n_edge_types];
        memset(r, 0, sizeof *r);
        // Built in locals: snprintf from one field of *g into another trips -Wrestrict.
        char rel[RT_NAME_MAX], name[3 * RT_NAME_MAX + 8];
        snprintf(rel, sizeof rel, "rev_%.*s", RT_NAME_MAX - 5, f->rel);
        snprintf(name, sizeof name, "%.*s__%s__%.*s", RT_NAME_MAX - 1, g->nodes[f->dst_type].name,
                 rel, RT_NAME_MAX - 1, g->nodes[f->src_type].name);
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
        free(g->nodes[t].x);
        free(g->nodes[t].raw_id);
    }
    for (int32_t e = 0; e < HGNN_MAX_EDGE_TYPES; e++) {
        if (g->edges[e].borrowed)
            continue;
        free(g->edges[e].src);
        free(g->edges[e].dst);
    }
    if (g->genre_names)
        for (int32_t i = 0; i < g->n_genres; i++)
            free(g->genre_names[i]);
    free(g->genre_names);
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
