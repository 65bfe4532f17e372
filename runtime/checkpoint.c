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

int64_t rt_tensor_numel(const RtTensor *t) {
    int64_t n = 1;
    for (int d = 0; d < t->ndim; d++)
        n *= t->shape[d];
    return n;
}

static int64_t numel(const RtTensor *t) { return rt_tensor_numel(t); }

static void shape_str(char *b, size_t n, const int64_t *shape, int ndim) {
    if (ndim == 1)
        snprintf(b, n, "[%" PRId64 "]", shape[0]);
    else if (ndim == 2)
        snprintf(b, n, "[%" PRId64 ", %" PRId64 "]", shape[0], shape[1]);
    else if (ndim == 3)
        snprintf(b, n, "[%" PRId64 ", %" PRId64 ", %" PRId64 "]", shape[0], shape[1], shape[2]);
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
    int32_t n_alias = 0;
    for (int32_t k = 0; k < 2 * n; k++) {
        const RtTensor *x = &t[k / 2];
        if (k % 2 && !x->alias)
            continue;
        n_alias += k % 2;
        int64_t bytes = numel(x) * 4;
        rt_json_key(&j, k % 2 ? x->alias : x->name);
        rt_json_object(&j);
        rt_json_key(&j, "dtype");
        rt_json_str(&j, "F32");
        rt_json_key(&j, "shape");
        rt_json_array(&j);
        for (int d = 0; d < x->ndim; d++)
            rt_json_int(&j, x->shape[d]);
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
    int nparts = n + n_alias + 2;
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
    for (int32_t k = 0, at = 2; k < 2 * n; k++) {
        if (k % 2 && !t[k / 2].alias)
            continue;
        parts[at] = t[k / 2].data;
        sizes[at++] = (size_t)numel(&t[k / 2]) * 4;  // little-endian host: bytes as stored
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
    int64_t *found = NULL, *found_alias = NULL;
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
    found_alias = calloc((size_t)(n ? n : 1), sizeof *found_alias);  // the alias's, likewise
    if (!found || !found_alias) {
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
        while (i < n && strcmp(t[i].name, name) != 0 && !(t[i].alias &&
                                                          strcmp(t[i].alias, name) == 0))
            i++;
        if (i == n) {
            char shown[64];
            rt_err(err, path, 0, "tensor '%s' is not a parameter of this model",
                   printable(shown, sizeof shown, name));
            goto out;
        }
        int64_t *slot = strcmp(t[i].name, name) == 0 ? &found[i] : &found_alias[i];
        if (*slot) {
            rt_err(err, path, 0, "tensor '%s' appears twice", name);
            goto out;
        }
        *slot = k + 1;
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
        if (!found[i] && !found_alias[i]) {
            rt_err(err, path, 0, "missing tensor '%s'", t[i].name);
            goto out;
        }
        if (found[i] && found_alias[i]) {  // one tensor under two names: the same bytes
            int64_t a[2], b[2];
            int_array(rt_json_get(&hdr.items[found[i] - 1], "data_offsets"), a, 2);
            int_array(rt_json_get(&hdr.items[found_alias[i] - 1], "data_offsets"), b, 2);
            if (memcmp(data + a[0], data + b[0], (size_t)(a[1] - a[0])) != 0) {
                rt_err(err, path, 0, "tensors '%s' and '%s' differ, but are one parameter",
                       t[i].name, t[i].alias);
                goto out;
            }
        }
    }
    for (int32_t i = 0; i < n; i++) {
        int64_t offs[2];
        int64_t k = found[i] ? found[i] : found_alias[i];
        int_array(rt_json_get(&hdr.items[k - 1], "data_offsets"), offs, 2);
        memcpy(t[i].data, data + offs[0], (size_t)(offs[1] - offs[0]));
    }
    rc = 0;
out:
    free(found);
    free(found_alias);
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
        int heads = (int)((p->flags & HGNN_PARAM_HEADS_MASK) >> HGNN_PARAM_HEADS_SHIFT);
        t[i].name = p->name;
        t[i].alias = p->alias;
        t[i].data = params[i];
        // The IR keeps a bias (and LayerNorm's weight) as a 1 x C row; PyTorch's state_dict has
        // it as [C].
        if (rows == 1 && heads > 0 && p->cols % heads == 0) {  // GATConv's att_src: [1, H, C]
            t[i].ndim = 3;
            t[i].shape[0] = 1;
            t[i].shape[1] = heads;
            t[i].shape[2] = p->cols / heads;
        } else if (rows == 1 && (ends_with(p->name, ".bias") || (p->flags & HGNN_PARAM_VECTOR))) {
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

int rt_safetensors_metadata(const char *path, RtJsonValue *meta, RtError *err) {
    memset(meta, 0, sizeof *meta);
    FILE *f = fopen(path, "rb");
    if (!f)
        return rt_err(err, path, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    unsigned char len8[8];
    int rc = -1;
    char *text = NULL;
    RtJsonValue hdr = {0};
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        rt_err(err, path, 0, "not a regular file");
        goto out;
    }
    if (fread(len8, 1, 8, f) != 8) {
        rt_err(err, path, 0, "truncated: %lld bytes, not a safetensors file",
               (long long)st.st_size);
        goto out;
    }
    uint64_t hlen = 0;
    for (int b = 0; b < 8; b++)
        hlen |= (uint64_t)len8[b] << (8 * b);
    if (hlen > MAX_HEADER) {
        rt_err(err, path, 0, "not a safetensors file (header length %" PRIu64 ")", hlen);
        goto out;
    }
    if (hlen > (uint64_t)st.st_size - 8) {
        rt_err(err, path, 0, "truncated: header needs %" PRIu64 " bytes, file has %lld", hlen,
               (long long)st.st_size - 8);
        goto out;
    }
    if (!(text = malloc(hlen ? hlen : 1)) || fread(text, 1, hlen, f) != hlen) {
        rt_err(err, path, 0, text ? "read error" : "out of memory");
        goto out;
    }
    RtError jerr;
    if (rt_json_parse(text, (size_t)hlen, &hdr, &jerr) < 0) {
        rt_err(err, path, 0, "bad safetensors header: %s", jerr.msg);
        goto out;
    }
    const RtJsonValue *m = hdr.kind == JV_OBJ ? rt_json_get(&hdr, "__metadata__") : NULL;
    if (!m || m->kind != JV_OBJ) {
        rt_err(err, path, 0, "no __metadata__ in the safetensors header");
        goto out;
    }
    // Move the metadata object out of the header before freeing the rest.
    for (int64_t k = 0; k < hdr.n; k++) {
        if (&hdr.items[k] == m) {
            *meta = hdr.items[k];
            hdr.items[k] = (RtJsonValue){0};
        }
    }
    rc = 0;
out:
    rt_json_value_free(&hdr);
    free(text);
    fclose(f);
    return rc;
}
