// infer.h — whole-graph inference: the final embedding of every node (HgnnModel.embed, ABI 6),
// each layer computed once per node over all its message-passing edges (PyG's inference() with
// num_neighbors=[-1]), and the classifier's scores on those embeddings (HgnnModel.score). For
// recommending, ranking evaluation and exporting embeddings.
#ifndef HGNN_INFER_H
#define HGNN_INFER_H

#include <stdint.h>

#include "hgnn/abi.h"
#include "error.h"
#include "graph.h"
#include "split.h"

// The embeddings of every node of every model node type, on the message-passing edges of split
// part `part` (RT_SPLIT_*): for the split type and its reverse that part's message-passing edges
// (rt_split_in_edges), for every other edge type all of its edges. s NULL: every edge of every
// type. params follow m->params (rt_trainer_tensors' data). out[t] (n_node_types entries)
// receives a malloc'ed V_t x m->embed_dim[t] array, row i the embedding of node i, or NULL where
// embed_dim[t] is 0; the caller frees them. Returns 0, or -1 with a message in err (types that do
// not match the graph, out of memory); out is then all NULL.
int rt_infer_embeddings(const HgnnModel *m, const RtGraph *g, const RtSplit *s, int part,
                        float *const *params, const HgnnHost *host, float **out, RtError *err);

// The classifier's scores (logits) of n pairs (src_ids[i], dst_ids[i]) of the classifier's edge
// type, global ids of its source and destination types, from the embeddings emb (as
// rt_infer_embeddings fills them, by model node type). Returns 0, or -1 with a message in err
// when the embeddings of either type are missing.
int rt_infer_scores(const HgnnModel *m, int64_t n, const int32_t *src_ids,
                    const int32_t *dst_ids, float *const *emb, float *const *params,
                    float *scores, RtError *err);

#endif
