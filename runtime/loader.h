// loader.h — PyG's LinkNeighborLoader (spec §3) over one part of an RtSplit.
//
// A loader cuts the part's supervision edges into batches; rt_loader_fill turns batch i of the
// current epoch into an RtBatch: sorted unique seeds, per-batch binary negatives (training),
// heterogeneous neighbour sampling in CSC mode with Floyd's algorithm, and edges sorted by
// destination with CSR offsets, ready for rt_batch_view. A batch is a pure function of (loader,
// seed, epoch, batch index): fills may run on any thread, in any order, each into its own RtBatch.
#ifndef HGNN_LOADER_H
#define HGNN_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "hgnn/abi.h"
#include "graph.h"
#include "rng.h"
#include "split.h"

typedef struct RtLoaderConfig {
    int32_t batch_size;                 // supervision edges per batch (the last one may be short)
    int32_t n_hops;
    int32_t fanout[HGNN_MAX_HOPS];      // neighbours per destination per edge type; < 0: all
    double neg_ratio;                   // negatives drawn per positive in each batch; 0: none
    int shuffle;                        // a fresh order of the supervision edges every epoch
    int triplet;                        // negatives keep their positive's source (PyG's
                                        // neg_sampling="triplet", HGNN_LOSS_BPR): negative k of a
                                        // batch of B positives pairs with positive k mod B
    int edge_norm;                      // fill edge_weight (HGNN_NEEDS_EDGE_NORM)
    // Data-parallel training (dist.h): rank `rank` of `n_ranks` > 1 keeps its share of each
    // batch's positives and negatives (contiguous slices, in rank order; with triplets, the
    // negatives of its positives) and samples their neighbourhood from its own stream; 0 or 1:
    // the whole batch.
    int32_t rank, n_ranks;
} RtLoaderConfig;

// The tutorial's training loader: batch 128, fan-out [20, 10], 2 negatives per positive, shuffle.
void rt_loader_train_defaults(RtLoaderConfig *cfg);
// Its validation/test loader: batch 384, fan-out [20, 10], no new negatives, stored order.
void rt_loader_eval_defaults(RtLoaderConfig *cfg);

// One mini-batch. Indexed by the graph's node / edge type indices. All buffers are owned by the
// batch and reused by the next fill (they only grow), so a warmed-up batch never allocates.
typedef struct RtBatchScratch RtBatchScratch;

typedef struct RtBatch {
    int32_t n_node_types, n_edge_types;
    int32_t label_type;                         // graph edge type of the labels
    int64_t epoch, index;                       // which batch this is
    uint64_t seed;                              // the model's random stream for this batch
                                                // (dropout): RT_STREAM_MODEL(p, e, i) mixed in
    int32_t n_nodes[HGNN_MAX_NODE_TYPES];       // sampled nodes per type
    int32_t hop_end[HGNN_MAX_NODE_TYPES][HGNN_MAX_HOPS + 1]; // [t][0] = seeds, [t][h+1] = nodes
                                                // known after hop h (a prefix of node_ids[t])
    int32_t *node_ids[HGNN_MAX_NODE_TYPES];     // global ids; local id = position; seeds first
    int32_t n_edges[HGNN_MAX_EDGE_TYPES];       // sampled edges per type
    int32_t *edge_src[HGNN_MAX_EDGE_TYPES];     // local ids into the type's source node type
    int32_t *edge_dst[HGNN_MAX_EDGE_TYPES];     // local ids into its destination type, ascending
    int32_t *edge_id[HGNN_MAX_EDGE_TYPES];      // position in the graph's edge list of the type
    int32_t *edge_ptr[HGNN_MAX_EDGE_TYPES];     // n_nodes[dst] + 1 CSR offsets over edge_dst
    float *edge_weight[HGNN_MAX_EDGE_TYPES];    // with cfg.edge_norm: 1/sqrt(deg_out(src)
                                                // deg_in(dst)) in the part's message-passing
                                                // graph, per sampled edge; else NULL
    int edge_norm;                              // edge_weight is filled (cfg.edge_norm)
    int32_t n_pos;                              // supervision positives in the batch
    int32_t n_labels;                           // n_pos + negatives drawn for this batch
    int32_t n_global;                           // labels of the whole batch over all ranks
                                                // (= n_labels without data parallelism)
    int32_t *input_id;                          // n_pos indices into the split part's labels
    int32_t *label_src, *label_dst;             // n_labels local ids (label type's src / dst)
    float *labels;                              // n_labels: 1 positive, 0 negative
    RtBatchScratch *scratch;                    // the sampler's buffers (loader.c), owned by the
                                                // batch and reused by the next fill
} RtBatch;

typedef struct RtLoader RtLoader;

// Builds a loader over part `part` (RT_SPLIT_TRAIN/VAL/TEST) of split s: neighbours are drawn from
// that part's message-passing edges (the split type and its reverse) and from every other edge
// type in full; with cfg.edge_norm, the degrees of those edges give each sampled edge its weight.
// The graph and split must outlive the loader. Returns NULL with a message in err.
RtLoader *rt_loader_new(const RtGraph *g, const RtSplit *s, int part, const RtLoaderConfig *cfg,
                        uint64_t seed, RtError *err);
void rt_loader_free(RtLoader *l);
int64_t rt_loader_num_batches(const RtLoader *l);
int64_t rt_loader_num_labels(const RtLoader *l);    // supervision edges per epoch
// Fixes the order of the epoch's supervision edges (shuffled when cfg.shuffle). Must not run
// while a fill of the same loader is in progress.
void rt_loader_begin_epoch(RtLoader *l, int64_t epoch);
// Samples batch `index` (0 <= index < num_batches) of the current epoch into out. Thread-safe
// for concurrent calls with different `out`. Returns 0, or -1 when out of memory or when index
// is out of range.
int rt_loader_fill(const RtLoader *l, int64_t index, RtBatch *out);

void rt_batch_init(RtBatch *b);
void rt_batch_free(RtBatch *b);

// lg_conv's normalisation over n edges (src[k] -> dst[k], global ids of node types with n_src /
// n_dst nodes): inv_out[u] = 1/sqrt(out-degree of u), inv_in[v] = 1/sqrt(in-degree of v), 0 for
// degree 0 (PyG's gcn_norm: deg.pow(-0.5), inf -> 0). The edge k's weight is
// inv_out[src[k]] * inv_in[dst[k]]. Both arrays are the caller's to free. Returns 0 or -1 (out of
// memory).
int rt_edge_norm(int64_t n, const int32_t *src, const int32_t *dst, int64_t n_src,
                 int64_t n_dst, float **inv_out, float **inv_in);

// Fills the model's view of a batch. Model node type t is graph type node_map[t], model edge type
// e is graph type edge_map[e] (see rt_graph_map_types); label_edge is the model's classifier edge
// type, which must map to the batch's label type. dims receives HGNN_NUM_DIMS(T, K) entries and
// must outlive out. Returns 0, or -1 when the types do not fit the batch.
int rt_batch_view(const RtBatch *b, const RtGraph *g, int32_t n_node_types, const int32_t *node_map,
                  int32_t n_edge_types, const int32_t *edge_map, int32_t label_edge, HgnnBatch *out,
                  int64_t *dims);

// rng stream ids: batch i of epoch e of part p draws from rt_rng_stream(seed, RT_STREAM_BATCH(p,
// e, i)); the epoch's shuffle from RT_STREAM_SHUFFLE(p, e).
#define RT_STREAM_BATCH(p, e, i) \
    (((uint64_t)(0x100 + (p)) << 48) ^ ((uint64_t)(e) << 24) ^ (uint64_t)(i))
#define RT_STREAM_SHUFFLE(p, e) (((uint64_t)(0x200 + (p)) << 48) ^ (uint64_t)(e))
// HgnnBatch.seed of batch i of epoch e of part p: the first draw of this stream.
#define RT_STREAM_MODEL(p, e, i) \
    (((uint64_t)(0x300 + (p)) << 48) ^ ((uint64_t)(e) << 24) ^ (uint64_t)(i))

#endif
