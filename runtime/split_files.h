// split_files.h — a link split read from files instead of drawn: the layout that
// tools/pyg_batch.py export and hgnn_batch write (DIR/split/), so hgnn can train on PyG's own
// split of a seed, or on any split saved earlier.
#ifndef HGNN_SPLIT_FILES_H
#define HGNN_SPLIT_FILES_H

#include <stdint.h>

#include "error.h"
#include "graph.h"
#include "split.h"

// Reads dir/{train,val,test}.{edge_index,edge_label_index,edge_label}.npy (int32 2 x N global
// ids (source, destination) of edge type `edge_type`; float32 labels, 1s then 0s) into *s, laid
// out as rt_split_link lays out its own split: perm = test's message-passing edges
// ([disjoint train supervision | train message passing | val positives]) then test's positives,
// each matched to its position in g's edge list; the parts, their labels and the RtSplitIndex
// as rt_split_link builds them. The files must be slices of one permutation of all the type's
// edges, as RandomLinkSplit writes them. Returns 0, or -1 with a one-line message naming the
// file in err (a bad dtype or shape, an id out of range, a pair that is not an edge, counts
// that do not add up); *s is then empty.
int rt_split_from_files(const RtGraph *g, int32_t edge_type, const char *dir, RtSplit *s,
                        RtError *err);

#endif
