// checkpoint.h — model parameters as safetensors files (what safetensors.torch.load_file opens),
// with the PyG state_dict names from the model's parameter table.
#ifndef HGNN_CHECKPOINT_H
#define HGNN_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "hgnn/abi.h"
#include "error.h"
#include "json.h"

// One float32 tensor of 1 to 3 dimensions, row-major; it may have a second name (GATConv's
// lin_dst.weight, the same tensor as lin_src.weight in PyG's state_dict).
typedef struct RtTensor {
    const char *name;
    int32_t ndim;
    int64_t shape[3];
    float *data;
    const char *alias;      // NULL, or a second name of the same tensor
} RtTensor;

// The number of floats of t.
int64_t rt_tensor_numel(const RtTensor *t);

// Writes tensors t[0..n) atomically (json.h), an aliased one under both names (its data
// twice). meta: NULL or NULL-terminated key, value, key, value... strings for "__metadata__".
// Returns 0, or -1 with a one-line message in err.
int rt_safetensors_save(const char *path, const RtTensor *t, int32_t n, const char *const *meta,
                        RtError *err);
// Reads a file into t[0..n): the file must hold exactly these names, each F32 with the same
// shape; an aliased tensor under its name, its alias or both (then with equal data, as PyG saves
// a shared Linear). Nothing is written into t unless the whole file checks out. Returns 0 or -1
// + err.
int rt_safetensors_load(const char *path, const RtTensor *t, int32_t n, RtError *err);

// Reads only the header of a safetensors file and moves its "__metadata__" object (string
// values) into *meta, which the caller frees with rt_json_value_free. Returns 0, or -1 + err (no
// metadata is an error).
int rt_safetensors_metadata(const char *path, RtJsonValue *meta, RtError *err);

// The tensors of a model's parameters: PyG names and shapes (rows from dims for embeddings).
// A parameter named "*.bias" with one row is 1-D, as PyTorch stores biases; one with
// HGNN_PARAM_HEADS bits is [1, H, C]. t has n_params slots.
void rt_checkpoint_tensors(const HgnnModel *m, const int64_t *dims, float *const *params,
                           RtTensor *t);

#endif
