// checkpoint.c — safetensors writer and reader. Layout: an 8-byte little-endian header length N,
// N bytes of JSON {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...,
// "__metadata__": {...}} padded with spaces to a multiple of 8, then the tensor bytes, offsets
// relative to the end of the header. Tensors are contiguous with no holes, as the format asks.
#include "checkpoint.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json.h"

// safetensors' own limit; a larger "header" means the file is something else.
#define MAX_HEADER (100u << 20)

_Static_assert(sizeof(float) == 4, "float32 tensors");

static int64_t numel(const RtTensor *t) {
    return t->ndim == 1 ? t->shape[0] : t->shape[0] * t->shape[1];
}

static void shape_str(char *b, size_t n, const int64_t *shape, int ndim) {
    if (ndim == 1)
        snprintf(b, n, "[%" PRId64 "]", shape[0]);
    else if (ndim == 2)
        snprintf(b, n, "[%" PRId64 ", %" PRId64 "]", shape[0], shape[1]);
    else
        snprintf(b, n, "(%d dimensions)", ndim);
}

int rt_safetensors_save(const char *path, const RtTensor *t, int32_t n, const char *const *meta,
                        RtError *err) {
    RtJson j;
    rt_json_init(&j, 0);
    rt_json_object(&j);
    if (meta && meta[0]) {
        rt_json_key(&j, "__metadata__");
        rt_json_object(&j);
        for (int i = 0; meta[i] && meta[i + 1]; i += 2) {
            rt_json_key(&j, meta[i]);
            rt_json_str(&j, meta[i + 1]);
        }
        rt_json_end_object(&j);
    }
    int64_t off = 0;
    for (int32_t i = 0; i < n; i++) {
        int64_t bytes = numel(&t[i]) * 4;
        rt_json_key(&j, t[i].name);
        rt_json_object(&j);
        rt_json_key(&j, "dtype");
        rt_json_str(&j, "F32");
        rt_json_key(&j, "shape");
        rt_json_array(&j);
        for (int d = 0; d < t[i].ndim; d++)
            rt_json_int(&j, t[i].shape[d]);
        rt_json_end_array(&j);
        rt_json_key(&j, "data_offsets");
        rt_json_array(&j);
        rt_json_int(&j, off);
        rt_json_int(&j, off + bytes);
        rt_json_end_array(&j);
        rt_json_end_object(&j);
        off += bytes;
    }
    rt_json_end_object(&j);
    // Pad with spaces so the tensor data starts 8-byte aligned, as the reference writer does.
    while (j.len % 8)
        rt_json_raw(&j, " ", 1);
    if (j.oom) {
        rt_json_free(&j);
        rt_err(err, path, 0, "out of memory");
        return -1;
    }
    unsigned char len8[8];
    for (int b = 0; b < 8; b++)
        len8[b] = (unsigned char)((uint64_t)j.len >> (8 * b));
    int nparts = n + 2;
    const void **parts = malloc((size_t)nparts * sizeof *parts);
    size_t *sizes = malloc((size_t)nparts * sizeof *sizes);
    if (!parts || !sizes) {
        free(parts);
        free(sizes);
        rt_json_free(&j);
        rt_err(err, path, 0, "out of memory");
        return -1;
    }
    parts[0] = len8;
    sizes[0] = 8;
    parts[1] = j.buf;
    sizes[1] = j.len;
    for (int32_t i = 0; i < n; i++) {
        parts[i + 2] = t[i].data;
        sizes[i + 2] = (size_t)numel(&t[i]) * 4;     // little-endian host: bytes as stored
    }
    int rc = rt_file_write_atomic(path, parts, sizes, nparts, err);
    free(parts);
    free(sizes);
    rt_json_free(&j);
    return rc;
}

// A string from the file, fit for a one-line message: bytes outside printable ASCII as \xNN
// (a name may hold an escaped newline), cut with "..." to fit buf.
static const char *printable(char *buf, size_t n, const char *s) {
    size_t k = 0;
    for (; *s && k + 8 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c < 0x7f)
            buf[k++] = (char)c;
        else
            k += (size_t)snprintf(buf + k, n - k, "\\x%02x", c);
    }
    if (*s)
        k += (size_t)snprintf(buf + k, n - k, "...");
    buf[k] = 0;
    return buf;
}

// Reads a whole file; -1 with a message on failure.
static int read_all(const char *path, unsigned char **out, size_t *len, RtError *err) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        rt_err(err, path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        rt_err(err, path, 0, "not a regular file");
        fclose(f);
        return -1;
    }
    size_t size = (size_t)st.st_size;
    unsigned char *b = malloc(size ? size : 1);
    if (!b) {
        rt_err(err, path, 0, "out of memory reading %zu bytes", size);
        fclose(f);
        return -1;
    }
    size_t got = fread(b, 1, size, f);
    fclose(f);
    if (got != size) {
        rt_err(err, path, 0, "read error");
        free(b);
        return -1;
    }
    *out = b;
    *len = size;
    return 0;
}

// Reads a JSON array of non-negative integers into v (up to max); returns the count or -1.
static int int_array(const RtJsonValue *a, int64_t *v, int max) {
    if (!a || a->kind != JV_ARR || a->n > max)
        return -1;
    for (int64_t i = 0; i < a->n; i++) {
        const RtJsonValue *x = &a->items[i];
        if (x->kind != JV_NUM || x->num < 0 || x->num > 9e15 || x->num != (double)(int64_t)x->num)
            return -1;
        v[i] = (int64_t)x->num;
    }
    return (int)a->n;
}

int rt_safetensors_load(const char *path, const RtTensor *t, int32_t n, RtError *err) {
    unsigned char *file;
    size_t size;
    if (read_all(path, &file, &size, err) < 0)
        return -1;
    int rc = -1;
    RtJsonValue hdr = {0};
    int64_t *found = NULL;
    if (size < 8) {
        rt_err(err, path, 0, "truncated: %zu bytes, not a safetensors file", size);
        goto out;
    }
    uint64_t hlen = 0;
    for (int b = 0; b < 8; b++)
        hlen |= (uint64_t)file[b] << (8 * b);
    if (hlen > MAX_HEADER) {
        rt_err(err, path, 0, "not a safetensors file (header length %" PRIu64 ")",
               hlen);
        goto out;
    }
    if (hlen > size - 8) {
        rt_err(err, path, 0, "truncated: header needs %" PRIu64 " bytes, file has %zu", hlen,
               size - 8);
        goto out;
    }
    RtError jerr;
    if (rt_json_parse((const char *)file + 8, (size_t)hlen, &hdr, &jerr) < 0) {
        rt_err(err, path, 0, "bad safetensors header: %s", jerr.msg);
        goto out;
    }
    if (hdr.kind != JV_OBJ) {
        rt_err(err, path, 0, "bad safetensors header: not a JSON object");
        goto out;
    }
    const unsigned char *data = file + 8 + hlen;
    size_t data_len = size - 8 - (size_t)hlen;
    found = calloc((size_t)(n ? n : 1), sizeof *found);   // found[i] = 1 + index into hdr
    if (!found) {
        rt_err(err, path, 0, "out of memory");
        goto out;
    }
    // Check every entry before touching t, so a bad file changes nothing.
    for (int64_t k = 0; k < hdr.n; k++) {
        const char *name = hdr.keys[k];
        const RtJsonValue *e = &hdr.items[k];
        if (strcmp(name, "__metadata__") == 0)
            continue;
        int32_t i = 0;
        while (i < n && strcmp(t[i].name, name) != 0)
            i++;
        if (i == n) {
            char shown[64];
            rt_err(err, path, 0, "tensor '%s' is not a parameter of this model",
                   printable(shown, sizeof shown, name));
            goto out;
        }
        if (found[i]) {
            rt_err(err, path, 0, "tensor '%s' appears twice", name);
            goto out;
        }
        found[i] = k + 1;
        const RtJsonValue *dtype = rt_json_get(e, "dtype");
        if (!dtype || dtype->kind != JV_STR) {
            rt_err(err, path, 0, "tensor '%s' has no dtype", name);
            goto out;
        }
        if (strcmp(dtype->str, "F32") != 0) {
            char shown[64];
            rt_err(err, path, 0, "tensor '%s' has dtype %s, expected F32", name,
                   printable(shown, sizeof shown, dtype->str));
            goto out;
        }
        int64_t shape[8], offs[2];
        int nd = int_array(rt_json_get(e, "shape"), shape, 8);
        if (nd < 0) {
            rt_err(err, path, 0, "tensor '%s' has a bad shape", name);
            goto out;
        }
        int same = nd == t[i].ndim;
        for (int d = 0; same && d < nd; d++)
            same = shape[d] == t[i].shape[d];
        if (!same) {
            char have[64], want[64];
            shape_str(have, sizeof have, shape, nd);
            shape_str(want, sizeof want, t[i].shape, t[i].ndim);
            rt_err(err, path, 0, "tensor '%s' has shape %s, the model expects %s",
                   name, have, want);
            goto out;
        }
        if (int_array(rt_json_get(e, "data_offsets"), offs, 2) != 2 || offs[1] < offs[0] ||
            offs[1] - offs[0] != numel(&t[i]) * 4) {
            rt_err(err, path, 0, "tensor '%s' has bad data_offsets", name);
            goto out;
        }
        if ((uint64_t)offs[1] > data_len) {
            rt_err(err, path, 0,
                   "truncated: tensor '%s' ends at byte %" PRId64 " of the data, which has "
                   "%zu", name, offs[1], data_len);
            goto out;
        }
    }
    for (int32_t i = 0; i < n; i++) {
        if (!found[i]) {
            rt_err(err, path, 0, "missing tensor '%s'", t[i].name);
            goto out;
        }
    }
    for (int32_t i = 0; i < n; i++) {
        int64_t offs[2];
        int_array(rt_json_get(&hdr.items[found[i] - 1], "data_offsets"), offs, 2);
        memcpy(t[i].data, data + offs[0], (size_t)(offs[1] - offs[0]));
    }
    rc = 0;
out:
    free(found);
    rt_json_value_free(&hdr);
    free(file);
    return rc;
}

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

void rt_checkpoint_tensors(const HgnnModel *m, const int64_t *dims, float *const *params,
                           RtTensor *t) {
    for (int32_t i = 0; i < m->n_params; i++) {
        const HgnnParam *p = &m->params[i];
        int64_t rows = p->rows_dim >= 0 ? dims[p->rows_dim] : p->rows;
        t[i].name = p->name;
        t[i].data = params[i];
        // The IR keeps a bias (and LayerNorm's weight) as a 1 x C row; PyTorch's state_dict has
        // it as [C].
        if (rows == 1 && (ends_with(p->name, ".bias") || (p->flags & HGNN_PARAM_VECTOR))) {
            t[i].ndim = 1;
            t[i].shape[0] = p->cols;
            t[i].shape[1] = 1;
        } else {
            t[i].ndim = 2;
            t[i].shape[0] = rows;
            t[i].shape[1] = p->cols;
        }
    }
}
