// inspect.h — `hgnn-run --inspect`: the counts of the data path as one JSON object, so it can be
// checked without a model. The application (app.c) composes the graph, split and loaders.
#ifndef HGNN_INSPECT_H
#define HGNN_INSPECT_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "graph.h"
#include "loader.h"
#include "split.h"

// Samples the first training batch of epoch 0 and writes one JSON object and a newline to out:
// node and edge counts, feature widths, split sizes, batches per epoch and that batch's counts.
// Returns 0, or -1 with err set.
int rt_inspect_print(FILE *out, uint64_t seed, const RtGraph *g, const RtSplit *s,
                     RtLoader *const loader[RT_SPLIT_PARTS], RtError *err);

#endif
