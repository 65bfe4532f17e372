// split.h — PyG's RandomLinkSplit for one (directed, bipartite) edge type.
//
// Splits the edges of one type into train / val / test parts, each with its message-passing edges
// and its supervision labels (positives, then fixed true negatives for val and test), following
// ../shared/spec/pyg-semantics.md §2 exactly in counts and order; the random draws come from
// rt_rng, so they match PyG in distribution, not bit for bit.
#ifndef HGNN_SPLIT_H
#define HGNN_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"

typedef struct RtSplitConfig {
    double val_frac, test_frac;     // fractions of the edges; counts are floor(frac * E)
    double disjoint_frac;           // fraction of train edges kept for supervision only
    double neg_ratio;               // fixed negatives per val/test positive (the model's
                                    // split_neg_ratio: RandomLinkSplit's neg_sampling_ratio)
    int add_neg_train;              // PyG's add_negative_train_samples (tutorial: 0)
    int edge_labels;                // 1: a positive's label is its edge's value (the edge
                                    // store's label, which must exist: loss mse, with neg_ratio
                                    // 0); 0: positives are 1
} RtSplitConfig;

enum { RT_SPLIT_TRAIN, RT_SPLIT_VAL, RT_SPLIT_TEST, RT_SPLIT_PARTS };

typedef struct RtSplitPart {
    int64_t n_mp;                   // message-passing edges of the split type (and its reverse)
    const int32_t *mp_eid;          // their positions in the graph's edge list, in perm order
    int64_t n_pos;                  // supervision positives (labels 1, or their edges' values)
    int64_t n_labels;               // n_pos positives followed by fixed negatives (labels 0)
    int32_t *label_src;             // n_labels global ids of the split type's source type
    int32_t *label_dst;             // n_labels global ids of its destination type
    float *label;                   // n_labels labels
} RtSplitPart;

// An incoming message-passing edge: its source node and its position in the edge list.
typedef struct RtInEdge {
    int32_t src;
    int32_t eid;
} RtInEdge;

// The message-passing edges of all three parts grouped by destination, for one edge type (the
// split type or its reverse): a stable sort by destination of perm[0, n_train + n_val), the
// test part's edges. Every part's message-passing edges are a slice of perm starting at 0 or at
// n_disjoint, so within a node's group (in perm order) each part's edges are one run, and the
// three loaders share one index. Node v's incoming edges in part p are adj[lo, hi) with
//   train: lo = mid[0][v], hi = mid[1][v]    val: ptr[v], mid[1][v]    test: ptr[v], ptr[v+1].
typedef struct RtSplitIndex {
    int64_t n_dst;                  // nodes of the destination type
    int32_t *ptr;                   // n_dst + 1 offsets into adj
    int32_t *mid[2];                // n_dst offsets each: end of the edges at perm positions
                                    // below n_disjoint (mid[0]) and below n_train (mid[1])
    RtInEdge *adj;                  // the edges, grouped by destination, in perm order
} RtSplitIndex;

typedef struct RtSplit {
    int32_t edge_type;              // the graph's edge type that was split
    int32_t rev_type;               // the type reversing it (ToUndirected), or -1
    int64_t n_edges;                // edges of that type
    int32_t *perm;                  // n_edges edge positions; every mp_eid points into it
    int64_t n_neg_requested, n_neg_found;   // fixed negatives (fewer found on dense graphs)
    RtSplitPart part[RT_SPLIT_PARTS];
    RtSplitIndex index[2];          // [0]: edge_type, [1]: rev_type (empty when there is none)
} RtSplit;

// Node v's incoming message-passing edges of split s in part p, as [*lo, *hi) into
// s->index[which].adj (which: 0 for the split type, 1 for its reverse).
void rt_split_in_edges(const RtSplit *s, int which, int part, int64_t v, int32_t *lo, int32_t *hi);

// The tutorial's settings: val 0.1, test 0.1, disjoint 0.3, negatives 2.0, no train negatives.
void rt_split_defaults(RtSplitConfig *cfg);
// Splits edge type `edge_type` of g and indexes the parts' message-passing edges by destination
// (RtSplitIndex). Same (graph, cfg, seed) gives the same split. Returns 0, or -1 with a one-line
// message in err (bad fractions, too few edges for a non-empty train part, a reverse type whose
// edges are not the split type's swapped).
int rt_split_link(const RtGraph *g, int32_t edge_type, const RtSplitConfig *cfg, uint64_t seed,
                  RtSplit *s, RtError *err);
void rt_split_free(RtSplit *s);

// rng stream ids of the split (see rng.h); the sampler's start at 0x100.
#define RT_STREAM_SPLIT_PERM 1
#define RT_STREAM_SPLIT_NEG 2

#endif
