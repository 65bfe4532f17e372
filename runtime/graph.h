// graph.h — the heterogeneous graph the runtime trains on (dataset.h fills it from a data
// declaration; movielens.h is the built-in one).
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
    char **feat_names;          // feat_width names of the columns of x (RtFeatures.names), or NULL
    char **key;                 // count keys as text (the key column, or the id as first seen in
                                // an edge table), pointers into key_buf; NULL when count is 0
    char **display;             // count display strings (a title), or NULL without a display
                                // column; pointers into display_buf
    char *key_buf, *display_buf;
} RtNodeStore;

typedef struct RtEdgeStore {
    char name[3 * RT_NAME_MAX + 8]; // "user__rates__movie"
    char rel[RT_NAME_MAX];      // "rates"
    int32_t src_type, dst_type; // node type indices
    int32_t reverse_of;         // edge type this one reverses (ToUndirected), or -1
    int64_t count;              // edges
    int32_t *src, *dst;         // count global node ids each, in file order
    float *label;               // count label values (the declared `label` column, PyG's
                                // edge_label: a rating), or NULL; a reverse type has none
    int borrowed;               // src/dst are the reversed type's dst/src (ToUndirected's
                                // rows swapped): owned and freed by that type
    char rev_name[3 * RT_NAME_MAX + 8]; // the name ToUndirected gives this type's reverse (a
    char rev_rel[RT_NAME_MAX];  // data declaration's), and its rel; "": "dst__rev_REL__src"
} RtEdgeStore;

typedef struct RtGraph {
    int32_t n_node_types, n_edge_types;
    RtNodeStore nodes[HGNN_MAX_NODE_TYPES];
    RtEdgeStore edges[HGNN_MAX_EDGE_TYPES];
} RtGraph;

// PyG's ToUndirected (merge=True). For each edge type present on entry that joins two node types,
// adds its reverse, named rev_name when the data declaration names it, else "dst__rev_REL__src",
// with the rows swapped, in the same order; the new type's arrays are the original's (src is its
// dst, dst its src), not copies, and it has no labels (bipartite_sage.py deletes the reverse's
// edge_label). An edge type within one node type is made undirected in place as
// torch_geometric.utils.to_undirected does: both directions, sorted by (src, dst), duplicates
// removed, and its labels dropped (an edge and its reverse merge into one). Returns 0, or -1 when
// the type table is full (or out of memory).
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
