// graph.h — the heterogeneous graph the runtime trains on (a data source such as movielens.h
// fills it).
//
// Node and edge types follow PyG's HeteroData: node types in insertion order, edge types named
// "src__rel__dst". Node ids are 0-based positions; edges are parallel int32 arrays in file order.
#ifndef HGNN_GRAPH_H
#define HGNN_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "hgnn/abi.h"
#include "error.h"

#define RT_NAME_MAX 64

typedef struct RtNodeStore {
    char name[RT_NAME_MAX];     // "user"
    int64_t count;              // nodes of this type
    int32_t feat_width;         // columns of x, 0 when the type has no features
    float *x;                   // count x feat_width, row-major; NULL when feat_width is 0
    int64_t *raw_id;            // id in the source file (userId, movieId) per node
} RtNodeStore;

typedef struct RtEdgeStore {
    char name[3 * RT_NAME_MAX + 8]; // "user__rates__movie"
    char rel[RT_NAME_MAX];      // "rates"
    int32_t src_type, dst_type; // node type indices
    int32_t reverse_of;         // edge type this one reverses (ToUndirected), or -1
    int64_t count;              // edges
    int32_t *src, *dst;         // count global node ids each, in file order
    int borrowed;               // src/dst are the reversed type's dst/src (ToUndirected's
                                // rows swapped): owned and freed by that type
} RtEdgeStore;

typedef struct RtGraph {
    int32_t n_node_types, n_edge_types;
    RtNodeStore nodes[HGNN_MAX_NODE_TYPES];
    RtEdgeStore edges[HGNN_MAX_EDGE_TYPES];
    int32_t n_genres;           // movie feature columns
    char **genre_names;         // n_genres names in byte order, the column order of movie x
} RtGraph;

// PyG's ToUndirected for bipartite types: for each edge type present on entry, adds
// "dst__rev_REL__src" with the rows swapped, in the same order; the new type's arrays are the
// original's (src is its dst, dst its src), not copies. Returns 0, or -1 when the type
// table is full or a type joins a node type to itself (not needed by hgnn yet).
int rt_graph_to_undirected(RtGraph *g, RtError *err);
void rt_graph_free(RtGraph *g);

int rt_graph_node_type(const RtGraph *g, const char *name);    // index or -1
int rt_graph_edge_type(const RtGraph *g, const char *name);    // index or -1

// Matches a model's types to the graph's by name: node_map[t] / edge_map[e] receive the graph's
// index of model type t / e. Fails (-1, message in err) when a type is missing, an edge type's
// endpoints disagree, or a node type's feature width differs.
int rt_graph_map_types(const RtGraph *g, const HgnnNodeType *node_types, int32_t n_node_types,
                       const HgnnEdgeType *edge_types, int32_t n_edge_types, int32_t *node_map,
                       int32_t *edge_map, RtError *err);

#endif
