// hgnn/data.h — reading the data a model declares (docs/dsl.md, "Data declarations"): what hgnnc
// needs from the runtime's data reader to compile for a data set ahead of time (hgnnc --data
// DIR), installed as <hgnn/data.h>. Implemented by runtime/dataset.c, linked into hgnnc as a
// static library; the compiler includes no runtime header.
#ifndef HGNN_DATA_H
#define HGNN_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "abi.h"

// Reads the tables of `data` under dir, as hgnn-run --data DIR would, far enough to know the
// width of every node type's feature matrix: the encoders' columns concatenated (one_hot and
// multi_hot as wide as their distinct values). node_types are the model's n_node_types types, in
// order (feat_width: the declared width, or -1 when the model leaves it to the data). data may be
// NULL: the built-in MovieLens layout (ratings.csv + movies.csv, genres multi-hot).
// Returns 0 and fills widths[t] for every node type (0 when it has no features), or -1 with a
// one-line message "FILE:LINE: error: ..." in err (err_len bytes, NUL-terminated).
int hgnn_data_widths(const char *dir, int32_t n_node_types, const HgnnNodeType *node_types,
                     const HgnnDataDecl *data, int32_t *widths, char *err, size_t err_len);

// Checks the label columns of `data` (HgnnEdgeData.label, for loss mse) under dir, as hgnn-run
// --data DIR reads them: every edge type of the n_edge_types with a table and a label has the
// column, and each of its cells is a number. data may be NULL (nothing to check). Returns 0, or
// -1 with a one-line message "FILE:LINE: error: ..." in err.
int hgnn_data_check_labels(const char *dir, int32_t n_edge_types, const HgnnDataDecl *data,
                           char *err, size_t err_len);

#endif
