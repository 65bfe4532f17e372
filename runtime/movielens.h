// movielens.h — the MovieLens reader: fills an RtGraph from a directory of CSV files.
//
// The reader's whole interface is "fill an RtGraph from a directory": the rest of the runtime
// sees only the graph and the edge type to predict (RT_MOVIELENS_TARGET).
#ifndef HGNN_MOVIELENS_H
#define HGNN_MOVIELENS_H

#include <stddef.h>

#include "graph.h"

// The edge type the tutorial predicts, the split's type when no model names one (--inspect).
#define RT_MOVIELENS_TARGET "user__rates__movie"

// Loads DIR/ratings.csv and DIR/movies.csv (ml-latest-small layout) into g: node types
// [user, movie], edge type [user__rates__movie]. Users are numbered by first appearance in
// ratings.csv, movies by their row in movies.csv; movie x is the multi-hot of the genres in byte
// order. Returns 0, or -1 with err naming the file and line (g is then empty).
int rt_movielens_load(const char *dir, RtGraph *g, RtError *err);

#endif
