// movielens.h — the built-in data layout: MovieLens' ml-latest-small (ratings.csv + movies.csv)
// as a data declaration (hgnn/abi.h), the one a model without a declaration of its own reads.
//
// The rest of the runtime sees only the graph (dataset.h) and the edge type to predict
// (RT_MOVIELENS_TARGET).
#ifndef HGNN_MOVIELENS_H
#define HGNN_MOVIELENS_H

#include "hgnn/abi.h"
#include "graph.h"

// The edge type the tutorial predicts, the split's type when no model names one (--inspect).
#define RT_MOVIELENS_TARGET "user__rates__movie"

// The layout's types and declaration: node types [user, movie] (user without a table, numbered
// by first appearance in ratings.csv; movie from movies.csv keyed by movieId, x the multi-hot of
// genres split on '|', display title); edge types [user__rates__movie from ratings.csv userId ->
// movieId, movie__rev_rates__user its reverse].
enum { RT_MOVIELENS_NODE_TYPES = 2, RT_MOVIELENS_EDGE_TYPES = 2 };
extern const HgnnNodeType rt_movielens_node_types[RT_MOVIELENS_NODE_TYPES];
extern const HgnnEdgeType rt_movielens_edge_types[RT_MOVIELENS_EDGE_TYPES];
extern const HgnnDataDecl rt_movielens_decl;

// rt_dataset_load of the declaration above from DIR: node types [user, movie], edge type
// [user__rates__movie] (rt_graph_to_undirected adds the reverse). Returns 0, or -1 with err
// naming the file and line (g is then empty).
int rt_movielens_load(const char *dir, RtGraph *g, RtError *err);

#endif
