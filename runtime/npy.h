// npy.h — NumPy's .npy format (version 1.0): one little-endian float32 or int32 array, 1-D or
// 2-D, in C order, what numpy.load opens. Written atomically; read back with every header field
// checked, so a file from numpy.save of the same dtype and shape loads too.
#ifndef HGNN_NPY_H
#define HGNN_NPY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef enum RtNpyType { RT_NPY_F32, RT_NPY_I32 } RtNpyType;

typedef struct RtNpy {
    RtNpyType type;
    int32_t ndim;           // 1 or 2
    int64_t shape[2];       // shape[1] is 1 when ndim is 1
    void *data;             // shape[0] * shape[1] elements; malloc'ed by rt_npy_read
} RtNpy;

// Writes a (ndim 1: shape[0] elements; ndim 2: shape[0] x shape[1]) to path, atomically.
// Returns 0, or -1 with err set.
int rt_npy_write(const char *path, const RtNpy *a, RtError *err);
// Reads path into *a (a->data malloc'ed; free it with rt_npy_free). The file must hold a
// little-endian '<f4' or '<i4' array of 1 or 2 dimensions in C order. Returns 0, or -1 with err.
int rt_npy_read(const char *path, RtNpy *a, RtError *err);
void rt_npy_free(RtNpy *a);

#endif
