// hgnn/data.h — what the compiler may ask of a model's data before compiling it, installed as
// <hgnn/data.h> beside abi.h. Implemented in the runtime's data library (hgnn_data), which hgnnc
// links; the caller includes only include/hgnn/.
#ifndef HGNN_DATA_H
#define HGNN_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "hgnn/abi.h"

// The feature width of each of the n_node_types node types declared in `data` (its nodes array,
// in node_types order), read from the node tables under dir: widths[t] receives the columns the
// type's encoders yield on that data (0 for a type without a table or without encoders). Only the
// node tables are read. Returns 0, or -1 with a one-line message ("DIR/movies.csv:3: error: ...")
// in err (err_len bytes, may be 0).
int hgnn_data_widths(const char *dir, int32_t n_node_types, const HgnnNodeType *node_types,
                     const HgnnDataDecl *data, int32_t *widths, char *err, size_t err_len);

#endif
