// hgnn/abi.h — the layout of a compiled model: the contract between hgnnc (compiler/) and
// hgnn-run (runtime/), installed as <hgnn/abi.h>; neither side includes the other's headers.
//
// A model (model.so from hgnnc, or a module compiled in process by the JIT) exports one symbol,
// HGNN_ENTRY_SYMBOL, a function returning a pointer to a constant HgnnModel. The runtime checks
// `magic` and `abi_version` before it reads anything else. Everything a model needs at run time
// (batch tensors, parameters, gradients, scratch memory, BLAS) is passed in by the caller; a model
// allocates nothing and keeps no state between calls.
#ifndef HGNN_ABI_H
#define HGNN_ABI_H

#include <stddef.h>
#include <stdint.h>

#define HGNN_ABI_VERSION 10      // ABI 10: HGNN_RUN_TRAIN_COMPACT
#define HGNN_MAGIC 0x4e4e4748u          // "HGNN" little-endian
#define HGNN_ENTRY_SYMBOL "hgnn_model_entry"
#define HGNN_MAX_NODE_TYPES 8
#define HGNN_MAX_EDGE_TYPES 16
#define HGNN_MAX_HOPS 8

// Symbolic dimensions. A model with T node types and K edge types sees a flat int64 array:
//   dims[HGNN_DIM_V(t)]        nodes of type t in the whole graph (embedding rows)
//   dims[HGNN_DIM_N(T, t)]     nodes of type t in the mini-batch
//   dims[HGNN_DIM_E(T, e)]     edges of edge type e in the mini-batch
//   dims[HGNN_DIM_L(T, K)]     supervision labels in the mini-batch
#define HGNN_DIM_V(t) (t)
#define HGNN_DIM_N(T, t) ((T) + (t))
#define HGNN_DIM_E(T, e) (2 * (T) + (e))
#define HGNN_DIM_L(T, K) (2 * (T) + (K))
#define HGNN_NUM_DIMS(T, K) (2 * (T) + (K) + 1)

typedef struct HgnnNodeType {
    const char *name;       // "user"
    int32_t feat_width;     // columns of the node feature matrix, 0 when the type has none
} HgnnNodeType;

typedef struct HgnnEdgeType {
    const char *name;       // "user__rates__movie", PyG's edge-type string
    const char *rel;        // "rates"
    int32_t src, dst;       // node type indices
    int32_t reverse_of;     // index of the edge type this one reverses (ToUndirected), or -1
} HgnnEdgeType;

enum {
    HGNN_INIT_ZEROS = 0,
    HGNN_INIT_UNIFORM = 1,  // U(-a, a)
    HGNN_INIT_NORMAL = 2,   // N(0, a^2)
    HGNN_INIT_ONES = 3,     // 1 everywhere, drawing nothing (LayerNorm's weight, torch's ones_)
};

// HgnnParam.flags (ABI 3).
enum {
    // An embedding over all nodes of type rows_dim that the model reads only at the batch's rows
    // node_ids[rows_dim]: its gradient is zero on every other row, and in HGNN_RUN_TRAIN_SPARSE
    // mode the model writes only those N_t rows (see the run modes below).
    HGNN_PARAM_SPARSE_GRAD = 1u,
    // A [1 x cols] parameter that PyTorch's state_dict holds as a vector [cols], as it does every
    // bias (named ".bias", recognised by name): LayerNorm's weight.
    HGNN_PARAM_VECTOR = 2u,
    // Bits 8-15, when not zero: H, the heads of a [1 x H*C] parameter that PyG stores 3-D as
    // [1, H, C] (GATConv's att_src, att_dst); checkpoints use that shape. Models before it: 0.
    HGNN_PARAM_HEADS_SHIFT = 8,
    HGNN_PARAM_HEADS_MASK = 0xff00u,
};

typedef struct HgnnParam {
    const char *name;       // PyG state_dict name, e.g. "gnn.conv1.user__rates__movie.lin_l.weight"
    int32_t rows_dim;       // >= 0: rows = dims[rows_dim] (an embedding over all nodes); -1: `rows`
    int32_t init;           // HGNN_INIT_*
    int64_t rows;           // constant row count when rows_dim < 0
    int64_t cols;
    float init_a;           // uniform bound or normal standard deviation
    uint32_t flags;         // HGNN_PARAM_*
    const char *alias;      // ABI 7: a second state_dict name of the same tensor (GATConv's
                            // lin_dst when it shares lin_src's weight), or NULL
} HgnnParam;

// Training defaults declared in the model; hgnn-run flags override them. The fields are listed
// once, in order: F(type, name) a scalar, A(type, name, n) an array of n. The struct below and the
// compiler's LLVM type and initialiser of it (compiler/cg_tables.c) are made from this list, so a
// new default is one line here (and an ABI version). Types: int32_t and float.
#define HGNN_DEFAULTS_FIELDS(F, A)                                                                \
    F(int32_t, epochs)                                                                            \
    F(int32_t, batch_size)                                                                        \
    F(int32_t, n_hops)                                                                            \
    A(int32_t, fanout, HGNN_MAX_HOPS)                                                             \
    F(float, lr)                                                                                  \
    F(float, neg_ratio)       /* negatives per positive, sampled per training batch */            \
    F(float, val_frac)                                                                            \
    F(float, test_frac)                                                                           \
    F(float, disjoint_frac)                                                                       \
    F(float, adam_beta1)                                                                          \
    F(float, adam_beta2)                                                                          \
    F(float, adam_eps)                                                                            \
    F(float, weight_decay)                                                                        \
    /* ABI 8: fixed negatives per val/test positive (the split's ratio) */                        \
    F(float, split_neg_ratio)                                                                     \
    /* ABI 8: optimizer knobs (lr schedule, clipping, AdamW) */                                   \
    F(int32_t, optimizer)     /* HGNN_OPT_*: how weight_decay acts (docs/dsl.md) */               \
    /* HGNN_LR_*: the learning rate of optimizer step k (runtime/optim.c) */                      \
    F(int32_t, lr_schedule)                                                                       \
    F(int32_t, lr_step)       /* HGNN_LR_STEP: epochs between decays (StepLR's step_size) */      \
    F(float, lr_gamma)        /* HGNN_LR_STEP: the decay factor (StepLR's gamma) */               \
    F(float, lr_min)          /* HGNN_LR_COSINE: the floor (CosineAnnealingLR's eta_min) */       \
    F(int32_t, warmup_steps)  /* linear warm-up over this many optimizer steps; 0: none */        \
    F(float, warmup_start)    /* the warm-up's first factor (LinearLR's start_factor) */          \
    F(float, clip_norm)       /* clip_grad_norm_'s max_norm over all gradients; 0: no clipping */

#define HGNN_DEFAULTS_FIELD_(type, name) type name;
#define HGNN_DEFAULTS_ARRAY_(type, name, n) type name[n];
typedef struct HgnnDefaults {
    HGNN_DEFAULTS_FIELDS(HGNN_DEFAULTS_FIELD_, HGNN_DEFAULTS_ARRAY_)
} HgnnDefaults;
#undef HGNN_DEFAULTS_FIELD_
#undef HGNN_DEFAULTS_ARRAY_

// HgnnDefaults.optimizer: torch.optim.Adam (weight_decay added to the gradient, L2) or
// torch.optim.AdamW (decoupled: p *= 1 - lr weight_decay before the Adam update).
enum { HGNN_OPT_ADAM = 0, HGNN_OPT_ADAMW = 1 };
// HgnnDefaults.lr_schedule: torch.optim.lr_scheduler's constant lr, StepLR (per epoch) and
// CosineAnnealingLR (per optimizer step, T_max the run's steps).
enum { HGNN_LR_CONSTANT = 0, HGNN_LR_STEP = 1, HGNN_LR_COSINE = 2 };

// ---- Data declarations (ABI 5) -----------------------------------------------------------------
// Where each node and edge type of the model comes from: tables (files relative to hgnn-run's
// --data DIR) and the columns that hold keys and features (docs/dsl.md, `node ... { table ...}`).
// A model that declares no data has HgnnModel.data == NULL and is read in the built-in MovieLens
// layout (ratings.csv + movies.csv).

enum {
    HGNN_TEXT_UTF8 = 0,         // valid UTF-8, else an error at the first bad byte
    HGNN_TEXT_LATIN1 = 1,       // ISO 8859-1, converted to UTF-8 on reading
    HGNN_TEXT_AUTO = 2,         // UTF-8 when the whole file is valid UTF-8, else Latin-1
};

enum {
    HGNN_ENC_NUMERIC = 0,       // the column's value as is (one feature column)
    HGNN_ENC_STANDARDIZE = 1,   // (x - mean) / std over the type's nodes (population std)
    HGNN_ENC_ONE_HOT = 2,       // one column per distinct value, sorted (integers numerically)
    HGNN_ENC_MULTI_HOT = 3,     // a list of values split on list_sep: pandas' str.get_dummies
};

typedef struct HgnnTableDecl {
    const char *path;           // relative to --data DIR; NULL: the type has no table
    const char *sep;            // field separator ("," "\t" "|" "::"); NULL: detected
    int32_t no_header;          // 1: the first line is a record; columns are named "0", "1", ...
    int32_t encoding;           // HGNN_TEXT_*
} HgnnTableDecl;

typedef struct HgnnEncoderDecl {
    int32_t kind;               // HGNN_ENC_*
    const char *column;         // the column it reads
    const char *list_sep;       // HGNN_ENC_MULTI_HOT: separator inside a field; NULL: "|"
} HgnnEncoderDecl;

typedef struct HgnnNodeData {
    HgnnTableDecl table;        // path NULL: the type's ids come, in order of first appearance,
                                // from the edge tables that mention it (the tutorial's users)
    const char *key;            // the key column (with a table); keys compare as text
    const char *display;        // a column carried for display (a title), or NULL
    int32_t n_encoders;         // encoders concatenated, in order, into the feature matrix x
    const HgnnEncoderDecl *encoders;
} HgnnNodeData;

typedef struct HgnnEdgeData {
    HgnnTableDecl table;        // path NULL: the type is made at load time (a reverse type)
    const char *src_key;        // column holding the source node's key
    const char *dst_key;        // column holding the destination node's key
    const char *src_list_sep;   // non-NULL: src_key's field is a list split on this, one edge
    const char *dst_list_sep;   // per value (movie -> genre from `genres`); likewise dst_key
    const char *label;          // ABI 7: column holding each edge's label value (a rating, for
                                // HGNN_LOSS_MSE), or NULL
} HgnnEdgeData;

typedef struct HgnnDataDecl {
    const HgnnNodeData *nodes;  // n_node_types entries, in node_types order
    const HgnnEdgeData *edges;  // n_edge_types entries, in edge_types order
} HgnnDataDecl;

// One sampled mini-batch, laid out as the model reads it. All ids are int32 local ids unless
// noted. Edges of each type are sorted by destination, with CSR offsets in edge_ptr.
typedef struct HgnnBatch {
    const int64_t *dims;                                // HGNN_NUM_DIMS(T, K) entries
    const int32_t *node_ids[HGNN_MAX_NODE_TYPES];       // N_t global node ids, seeds first
    const float *features[HGNN_MAX_NODE_TYPES];         // V_t x feat_width, whole graph, or NULL
    const int32_t *edge_src[HGNN_MAX_EDGE_TYPES];       // E_e local ids into node type src
    const int32_t *edge_dst[HGNN_MAX_EDGE_TYPES];       // E_e local ids into type dst, ascending
    const int32_t *edge_ptr[HGNN_MAX_EDGE_TYPES];       // N_dst + 1 offsets: edges of dst i are
                                                        // [edge_ptr[i], edge_ptr[i+1])
    const int32_t *label_src;                           // L local ids, classifier's src type
    const int32_t *label_dst;                           // L local ids, classifier's dst type
    const float *labels;                                // L labels: 1 positive, 0 negative;
                                                        // the label value (HGNN_LOSS_MSE)
    // ABI 7.
    uint64_t seed;              // the batch's random stream (dropout): a pure function of the
                                // run's seed, the split part, the epoch and the batch index
    const float *edge_weight[HGNN_MAX_EDGE_TYPES];      // E_e per-edge weights aligned with
                                // edge_src/edge_dst when HgnnModel.needs has HGNN_NEEDS_EDGE_NORM:
                                // 1/sqrt(deg_out(src) deg_in(dst)) in the split part's
                                // message-passing graph (not the sample's); else NULL
} HgnnBatch;

// One slice [lo, hi) of a parallel loop; ctx is what the model passed to parallel_for.
typedef void (*HgnnTaskFn)(void *ctx, int64_t lo, int64_t hi);

// Services the caller lends to the model. Dense products go through `sgemm`, which follows
// cblas_sgemm with row-major storage (trans_a/trans_b: 0 = as stored, 1 = transposed).
// `parallel_for` (ABI 2) runs fn over [0, n) cut into contiguous slices whose bounds are
// multiples of grain (or n), each slice exactly once on some thread, and returns when all are
// done; it may run everything as fn(ctx, 0, n) on the calling thread. The model's results do not
// depend on how [0, n) is cut. NULL: the model runs every loop on the calling thread.
typedef struct HgnnHost {
    void (*sgemm)(int32_t trans_a, int32_t trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                  const float *a, int64_t lda, const float *b, int64_t ldb, float beta, float *c,
                  int64_t ldc);
    int32_t n_threads;      // threads parallel_for uses, >= 1
    void (*parallel_for)(void *pool, HgnnTaskFn fn, void *ctx, int64_t n, int64_t grain);
    void *pool;             // parallel_for's first argument
} HgnnHost;

enum {
    HGNN_RUN_FORWARD = 0,   // writes scores (L logits) and loss
    HGNN_RUN_TRAIN = 1,     // also overwrites every gradient buffer (dense, zero where untouched)
    // As HGNN_RUN_TRAIN, except that the gradient of a HGNN_PARAM_SPARSE_GRAD parameter is
    // written only on its batch rows node_ids[t][0..N_t) (all of them, zero or not); its other
    // rows keep what they held. A caller that keeps those rows zero sees HGNN_RUN_TRAIN's dense
    // gradient without paying O(V) per step for it (ABI 3).
    HGNN_RUN_TRAIN_SPARSE = 2,
    // As HGNN_RUN_TRAIN_SPARSE, except that the gradient of a HGNN_PARAM_SPARSE_GRAD parameter is
    // written batch-compact: its row r (r < N_t) holds the gradient of row node_ids[t][r], and
    // rows from N_t on keep what they held. What SparseAdam reads, in the order it reads it, with
    // no scatter over the V-row table (ABI 10).
    HGNN_RUN_TRAIN_COMPACT = 3,
};

typedef struct HgnnModel {
    uint32_t magic;                 // HGNN_MAGIC
    uint32_t abi_version;           // HGNN_ABI_VERSION
    const char *name;               // model name from the .hgnn file
    const char *compiler;           // "hgnnc 0.1.0"
    int32_t n_node_types;
    int32_t n_edge_types;
    const HgnnNodeType *node_types;
    const HgnnEdgeType *edge_types;
    int32_t label_edge_type;        // the classifier's edge type
    int32_t n_params;
    const HgnnParam *params;
    HgnnDefaults defaults;
    // Floats of scratch memory `run` needs for a batch with these dims.
    int64_t (*workspace_floats)(const int64_t *dims);
    // Runs the model on one batch. params[i] / grads[i] follow `params`; grads may be NULL in
    // HGNN_RUN_FORWARD mode. scores has dims[L] entries; loss is the mean BCE-with-logits.
    void (*run)(int32_t mode, const HgnnBatch *batch, float *const *params, float *const *grads,
                float *workspace, const HgnnHost *host, float *scores, float *loss);
    // The rows run's kernels cover on a batch, for tests and benchmarks (ABI 4; the runtime never
    // calls it). Returns the model's IR node count n (ids as `hgnnc --emit=grad-ir` prints them);
    // when out is not NULL, also writes for each node i out[2i], the row count its kernel runs
    // over in `mode` (HGNN_RUN_*; -1 for leaves and nodes the mode skips), and out[2i+1], the
    // edges an aggregation visits (0 for other ops). batch may be NULL when out is.
    int64_t (*rows)(int32_t mode, const HgnnBatch *batch, int64_t *out);
    // Where the model's node and edge types come from (ABI 5); NULL: the built-in MovieLens
    // layout.
    const HgnnDataDecl *data;
    // Whole-graph inference (ABI 6): the final embedding of every node of every type (the
    // GNN's output, what the classifier reads), each layer computed once per node over all its
    // edges in `batch` (PyG's inference() with num_neighbors=[-1]). batch holds every node of
    // every type (node_ids[t][i] = i, N_t = V_t) and the message-passing edges to use.
    // out[t] receives V_t x embed_dim[t] floats (NULL for a type the classifier does not read
    // is allowed). Returns nothing; workspace must hold embed_workspace_floats(dims) floats.
    const int32_t *embed_dim;                       // n_node_types widths (0: not computed)
    int64_t (*embed_workspace_floats)(const int64_t *dims);
    void (*embed)(const HgnnBatch *batch, float *const *params, float *workspace,
                  const HgnnHost *host, float *const *out);
    // The classifier on given embeddings (ABI 6): scores[i] for pairs (src_ids[i], dst_ids[i])
    // of the classifier's edge type, rows of the embeddings of its source and destination types.
    void (*score)(int64_t n, const int32_t *src_ids, const int32_t *dst_ids,
                  const float *src_emb, const float *dst_emb, float *const *params, float *scores);
    // ABI 7: what the model trains on and what it needs of a batch.
    int32_t loss;                   // HGNN_LOSS_*: how labels are made and what is reported
    uint32_t needs;                 // HGNN_NEEDS_* bits
    // ABI 9: the operands of the generated matrix products (HGNN_PRECISION_*). Parameters,
    // activations, gradients and their sums are fp32 at either precision.
    int32_t precision;
} HgnnModel;

// HgnnModel.precision (ABI 9).
enum {
    HGNN_PRECISION_FP32 = 0,    // fp32 products
    HGNN_PRECISION_BF16 = 1,    // products of operands rounded to bf16 (nearest even), summed in
                                // fp32 by vdpbf16ps: needs a CPU with avx512_bf16
};

// HgnnModel.loss (ABI 7).
enum {
    HGNN_LOSS_BCE = 0,      // binary labels, positives then ceil(B neg_ratio) uniform negatives;
                            // metric ROC AUC
    HGNN_LOSS_BPR = 1,      // the B positives, then for each ratio step B negatives that keep
                            // their positive's source (PyG's "triplet" sampling); labels 1 / 0
    HGNN_LOSS_MSE = 2,      // no negatives; labels are the edges' label column; metric RMSE
};

// HgnnModel.needs bits (ABI 7).
enum {
    HGNN_NEEDS_EDGE_NORM = 1u,  // batch.edge_weight (lg_conv's symmetric normalisation)
};

typedef const HgnnModel *(*HgnnEntryFn)(void);

// `hgnn-run --set NAME=VALUE` (ABI 8): a value given for a constant or a train setting of the
// model, as text. The JIT's front end replaces a top-level constant's value with it (a train
// setting it leaves to hgnn-run, which applies it to HgnnDefaults, hgnn/settings.h).
typedef struct HgnnOverride {
    const char *name;
    const char *value;
} HgnnOverride;

// In-process compilation, implemented by compiler/jit.c in the plugin libhgnn_jit.so, which
// hgnn-run loads (runtime/model.c) only for the `hgnn-run model.hgnn` path. data_types (may be NULL) lists the node types the
// loaded data has, with their feature widths; a model node type of the same name takes that width,
// so one model source serves datasets with other genre sets. overrides (n_overrides, may be NULL)
// replace constants' values before the model is checked; a name that is neither a constant nor a
// train setting is an error. precision (HGNN_PRECISION_*, ABI 9) is the products' precision;
// bf16 on a CPU without avx512_bf16 is an error. Returns NULL and writes a one-line message into
// err on failure.
const HgnnModel *hgnn_jit_compile(const char *path, const HgnnNodeType *data_types,
                                  int32_t n_data_types, const HgnnOverride *overrides,
                                  int32_t n_overrides, int32_t precision, char *err,
                                  size_t err_len);

// The schema a .hgnn file declares, before any data is loaded (in the same plugin): parses and
// checks the schema and data declarations only, and returns a model whose name, compiler, node
// types, edge types, label_edge_type (-1 without a classifier), defaults and data are filled; it
// has no parameters, and workspace_floats, run and rows are NULL. A feature width the model
// leaves to the data (`x = ENCODERS` without `x: W`) is -1. overrides as for hgnn_jit_compile.
// The memory is the plugin's until the process exits. Returns NULL and writes a one-line message
// into err on failure.
const HgnnModel *hgnn_jit_declare(const char *path, const HgnnOverride *overrides,
                                  int32_t n_overrides, char *err, size_t err_len);

#endif
