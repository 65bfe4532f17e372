// dataset.h — the data a model declares (hgnn/abi.h's HgnnDataDecl) read into an RtGraph: node
// tables (one node per row, keyed by a column, features from encoders), edge tables (one edge
// per row, or per value of a list column) and node types numbered from the edge tables.
#ifndef HGNN_DATASET_H
#define HGNN_DATASET_H

#include <stdint.h>

#include "hgnn/abi.h"
#include "error.h"
#include "graph.h"

// Builds g from the files of `data` under dir. Node types follow node_types and keep their names:
//   with a table     one node per row, in file order, keyed by the key column (keys compare as
//                    text; a duplicate key is an error at its line); x is the encoders' outputs
//                    concatenated (encode.h), with their column names; the display column is
//                    kept per node
//   without a table  ids in order of first appearance in the edge tables that mention the type
//                    (edge types in declaration order, within a row the source before the
//                    destination): pandas' unique()
// Edge types with a table follow edge_types' order (those without, reverse types, are left to
// rt_graph_to_undirected, which gives them their declared names): one edge per row, or per value
// of a list column (src_list_sep / dst_list_sep; every source value with every destination value,
// empty values skipped), endpoints looked up by key; a key missing from a node type with a table
// is an error. An edge type declaring a label column (HgnnEdgeData.label) gets each edge's value
// in its store's `label` (a missing column, or a cell that is not a finite number, is an error
// at its line). Any malformed file, declaration or key gives a one-line err naming the file and
// line (and column) and leaves g empty. Returns 0 or -1.
int rt_dataset_load(const char *dir, int32_t n_node_types, const HgnnNodeType *node_types,
                    int32_t n_edge_types, const HgnnEdgeType *edge_types, const HgnnDataDecl *data,
                    RtGraph *g, RtError *err);

#endif
