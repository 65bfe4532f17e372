// ir_fixture.h — hand-built IR and random inputs for the IR, interpreter, autodiff and codegen
// tests: the movielens-shaped heterogeneous model (after to_hetero) at small widths, a random
// mini-batch in HgnnBatch layout, and random parameters.
#ifndef HGNN_IR_FIXTURE_H
#define HGNN_IR_FIXTURE_H

#include <stdint.h>

#include "hgnn/abi.h"
#include "ir.h"

// Node types: 0 user (no features), 1 movie (feat features). Edge types: 0 user__rates__movie,
// 1 movie__rev_rates__user (reverse of 0); labels on edge type 0.
void fixture_schema(IrModule *m, int feat);

// The tutorial's model in hetero stage: user_emb; movie_lin(feat -> hidden) + movie_emb; two SAGE
// layers per edge type (agg = IR_AGG_MEAN, IR_AGG_SUM or IR_AGG_MAX), relu between them; dot
// classifier on user__rates__movie; BCE with logits. 16 parameters, PyG names.
IrModule *fixture_movielens(Arena *a, int hidden, int feat, IrOp agg);
// The same, and when twin a second movie embedding added to the first ("movie_emb2.weight"): two sparse
// gradients from one adjoint, so that HGNN_RUN_TRAIN_COMPACT computes one in place and copies
// the other (codegen.c: compact_alias, compact_rows).
IrModule *fixture_movielens_twin(Arena *a, int hidden, int feat, IrOp agg, bool twin);

// A random f32 value of type [rows x cols] for op-level tests, computed from a fresh parameter
// (named "inN") so that gradients flow into it: the parameter itself for constant or V_t rows,
// a gather of a [V_t x cols] table by node_ids for N_t rows, by label_src for L rows.
// The module needs fixture_schema.
IrNode *fixture_value(IrModule *m, IrDim rows, int64_t cols);

// Batch sizes; the fields mirror the symbolic dims (for the fixture schema: user, movie; rates,
// rev_rates).
typedef struct FixtureSizes {
    int64_t graph[HGNN_MAX_NODE_TYPES];     // V_t
    int64_t nodes[HGNN_MAX_NODE_TYPES];     // N_t (<= V_t, >= 1)
    int64_t edges[HGNN_MAX_EDGE_TYPES];     // E per edge type
    int64_t labels;                         // L
} FixtureSizes;

// A random batch in HgnnBatch layout, owning its arrays.
typedef struct FixtureBatch {
    HgnnBatch b;
    int64_t dims[HGNN_NUM_DIMS(HGNN_MAX_NODE_TYPES, HGNN_MAX_EDGE_TYPES)];
    int32_t *node_ids[HGNN_MAX_NODE_TYPES];
    float *features[HGNN_MAX_NODE_TYPES];
    int32_t *edge_src[HGNN_MAX_EDGE_TYPES], *edge_dst[HGNN_MAX_EDGE_TYPES];
    int32_t *edge_ptr[HGNN_MAX_EDGE_TYPES];
    float *edge_weight[HGNN_MAX_EDGE_TYPES];    // random in [0.1, 1.1) (agg_wsum)
    int32_t *label_src, *label_dst;
    float *labels;
} FixtureBatch;

// Distinct random node ids per type, random edges sorted by destination with CSR offsets (some
// destinations get none, some get several edges from the same source), random 0/1 features
// (movie only, `feat` wide) and labels. Same seed, same batch.
void fixture_batch(FixtureBatch *fb, const FixtureSizes *s, int feat, uint64_t seed);
// The same for any schema: m's node types (features where feat_width > 0), edge types and label
// edge type (no labels when it has none). fixture_batch is this on the fixture schema.
void fixture_batch_module(FixtureBatch *fb, const IrModule *m, const FixtureSizes *s,
                          uint64_t seed);
void fixture_batch_free(FixtureBatch *fb);
// Small sizes that still exercise repeated edges, nodes without edges and repeated labels:
// V = (7, 9), N = (5, 6), E = (13, 11), L = 8.
FixtureSizes fixture_sizes_small(void);
// The same sizes for every node type (V = graph, N = nodes) and edge type (E = edges), L = labels:
// for modules with any schema.
FixtureSizes fixture_sizes_uniform(int64_t graph, int64_t nodes, int64_t edges, int64_t labels);

// Dense parameter buffers for m, rows resolved against dims, filled with U(-a, a) (a > 0) from
// seed; fixture_free_params releases them. Gradient buffers come from fixture_alloc_params(.., 0).
float **fixture_alloc_params(const IrModule *m, const int64_t *dims, float a, uint64_t seed);
void fixture_free_params(const IrModule *m, float **p);
// Element count of param i for these dims.
int64_t fixture_param_size(const IrModule *m, int i, const int64_t *dims);

// Row-major sgemm with transpose flags (HgnnHost.sgemm's contract) in plain loops, for tests that
// run compiled models without CBLAS.
void fixture_sgemm(int32_t ta, int32_t tb, int64_t m, int64_t n, int64_t k, float alpha,
                   const float *a, int64_t lda, const float *b, int64_t ldb, float beta, float *c,
                   int64_t ldc);

// HgnnHost.parallel_for that cuts [0, n) into grain-sized slices and runs them in reverse order
// on the calling thread: a model whose result depended on the cut or the order would differ from
// its serial run.
void fixture_sliced_for(void *pool, HgnnTaskFn fn, void *ctx, int64_t n, int64_t grain);

// fixture_sgemm that also adds 2mnk to fixture_sgemm_flops: the FLOPs a model sent to its host.
extern double fixture_sgemm_flops;
void fixture_counting_sgemm(int32_t ta, int32_t tb, int64_t m, int64_t n, int64_t k, float alpha,
                            const float *a, int64_t lda, const float *b, int64_t ldb, float beta,
                            float *c, int64_t ldc);

// Numbers m's nodes (ir_number) and returns them indexed by id, n + 1 entries (free() it); *n
// gets their count.
IrNode **fixture_nodes_by_id(IrModule *m, int *n);

// Largest |got - want| / (1 + |want|) over n values; NaN counts as the largest error.
double fixture_max_err(const float *got, const float *want, int64_t n);

// Runs the compiled model md and the interpreter on fb in `mode`; md gets a NaN-filled
// workspace and NaN-filled gradient buffers, so an element it fails to write shows as an error.
// Stores the largest errors (fixture_max_err) of md's scores, loss and gradients in
// err[0], err[1], err[2] (0 for the gradients in forward mode).
void fixture_run_vs_interp(const HgnnModel *md, const IrModule *m, int mode,
                           const FixtureBatch *fb, float *const *params, const HgnnHost *host,
                           double err[3]);

#endif
