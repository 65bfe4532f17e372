// export.h — `--export DIR`: each node type's final embeddings as DIR/<type>.npy (NumPy 1.0,
// little-endian float32, C order, rows = node ids) and DIR/<type>.keys.csv (a "key" header, then
// the node's key in row order), so numpy and pandas read them without hgnn.
#ifndef HGNN_EXPORT_H
#define HGNN_EXPORT_H

#include <stdint.h>

#include "error.h"
#include "graph.h"

// Writes the embeddings emb[t] (g->nodes[t].count x dims[t], row-major; NULL or dims[t] 0: type t
// is skipped) of the graph's node types into dir, creating dir (one level) when it is missing.
// Every file is written to a temporary name and renamed; when one fails, the files this call
// already wrote are removed, so dir holds all of the export or none of it. Returns 0, or -1 with
// a one-line message in err naming the directory or file.
// Whether rt_export_embeddings could write into dir: it is a writable directory, or missing with a
// writable parent. Creates nothing. Returns 0, or -1 with the one-line message it would give.
int rt_export_check(const char *dir, RtError *err);
int rt_export_embeddings(const char *dir, const RtGraph *g, float *const *emb,
                         const int32_t *dims, RtError *err);

#endif
