// npy.c — .npy version 1.0: the magic "\x93NUMPY", version 1.0, a little-endian uint16 header
// length, a Python dict literal ({'descr': '<f4', 'fortran_order': False, 'shape': (R, C), })
// padded with spaces to a multiple of 64 bytes and ending in '\n', then the raw data.
#include "npy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json.h"

#define MAGIC "\x93NUMPY"
#define MAGIC_LEN 6
#define PREFIX_LEN 10       // magic, two version bytes, two header-length bytes
#define MAX_HEADER 4096

static int64_t elements(const RtNpy *a) { return a->shape[0] * (a->ndim == 2 ? a->shape[1] : 1); }

int rt_npy_write(const char *path, const RtNpy *a, RtError *err) {
    if (a->ndim < 1 || a->ndim > 2 || a->shape[0] < 0 || (a->ndim == 2 && a->shape[1] < 0))
        return rt_err(err, path, 0, "cannot write an array of %d dimensions", a->ndim);
    char dict[256];
    int n;
    const char *descr = a->type == RT_NPY_F32 ? "<f4" : "<i4";
    if (a->ndim == 1)
        n = snprintf(dict, sizeof dict,
                     "{'descr': '%s', 'fortran_order': False, 'shape': (%lld,), }", descr,
                     (long long)a->shape[0]);
    else
        n = snprintf(dict, sizeof dict,
                     "{'descr': '%s', 'fortran_order': False, 'shape': (%lld, %lld), }", descr,
                     (long long)a->shape[0], (long long)a->shape[1]);
    // Pad with spaces so that the data starts at a multiple of 64 bytes; the header ends in '\n'.
    int total = (PREFIX_LEN + n + 1 + 63) / 64 * 64;
    int hlen = total - PREFIX_LEN;
    char head[PREFIX_LEN + 256 + 64];
    memcpy(head, MAGIC, MAGIC_LEN);
    head[6] = 1;
    head[7] = 0;
    head[8] = (char)(hlen & 0xff);
    head[9] = (char)(hlen >> 8);
    memcpy(head + PREFIX_LEN, dict, (size_t)n);
    memset(head + PREFIX_LEN + n, ' ', (size_t)(hlen - n - 1));
    head[total - 1] = '\n';
    const void *parts[2] = {head, a->data};
    size_t sizes[2] = {(size_t)total, (size_t)elements(a) * 4};
    return rt_file_write_atomic(path, parts, sizes, 2, err);
}

// Finds 'key': in the header dict and returns what follows it (spaces skipped), or NULL.
static const char *field(const char *dict, const char *key) {
    char pat[32];
    snprintf(pat, sizeof pat, "'%s':", key);
    const char *p = strstr(dict, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    while (*p == ' ')
        p++;
    return p;
}

// Parses "(R,)" or "(R, C)" into a.
static int parse_shape(const char *p, RtNpy *a) {
    if (*p++ != '(')
        return -1;
    a->ndim = 0;
    a->shape[1] = 1;
    while (*p != ')') {
        char *end;
        errno = 0;
        long long v = strtoll(p, &end, 10);
        if (end == p || errno || v < 0 || a->ndim == 2)
            return -1;
        a->shape[a->ndim++] = v;
        p = end;
        while (*p == ' ')
            p++;
        if (*p == ',')
            p++;
        while (*p == ' ')
            p++;
    }
    return a->ndim >= 1 ? 0 : -1;
}

int rt_npy_read(const char *path, RtNpy *a, RtError *err) {
    memset(a, 0, sizeof *a);
    FILE *f = fopen(path, "rb");
    if (!f)
        return rt_err(err, path, 0, "cannot open: %s", strerror(errno));
    unsigned char pre[PREFIX_LEN];
    char dict[MAX_HEADER + 1];
    int rc = -1;
    if (fread(pre, 1, PREFIX_LEN, f) != PREFIX_LEN || memcmp(pre, MAGIC, MAGIC_LEN) != 0) {
        rt_err(err, path, 0, "not a .npy file");
        goto out;
    }
    if (pre[6] != 1 || pre[7] != 0) {
        rt_err(err, path, 0, "npy version %d.%d, expected 1.0", pre[6], pre[7]);
        goto out;
    }
    size_t hlen = (size_t)pre[8] | (size_t)pre[9] << 8;
    if (hlen > MAX_HEADER || fread(dict, 1, hlen, f) != hlen) {
        rt_err(err, path, 0, "truncated or oversized npy header");
        goto out;
    }
    dict[hlen] = '\0';
    const char *d = field(dict, "descr"), *fo = field(dict, "fortran_order"),
               *sh = field(dict, "shape");
    if (!d || !fo || !sh) {
        rt_err(err, path, 0, "npy header lacks descr, fortran_order or shape");
        goto out;
    }
    if (strncmp(d, "'<f4'", 5) == 0)
        a->type = RT_NPY_F32;
    else if (strncmp(d, "'<i4'", 5) == 0)
        a->type = RT_NPY_I32;
    else {
        rt_err(err, path, 0, "npy dtype %.8s, expected '<f4' or '<i4'", d);
        goto out;
    }
    if (strncmp(fo, "False", 5) != 0 || parse_shape(sh, a) < 0) {
        rt_err(err, path, 0, "npy array is not a 1-D or 2-D array in C order");
        goto out;
    }
    // The data must be exactly what the shape says: checked against the file's size before
    // anything is allocated, so a header claiming a huge shape costs nothing.
    if (a->shape[0] > ((int64_t)1 << 40) || a->shape[1] > ((int64_t)1 << 40) ||
        (a->shape[1] > 0 && a->shape[0] > ((int64_t)1 << 40) / a->shape[1])) {
        rt_err(err, path, 0, "npy array too large");
        goto out;
    }
    int64_t n = elements(a);
    struct stat st;
    if (fstat(fileno(f), &st) != 0 ||
        (int64_t)st.st_size - (int64_t)(PREFIX_LEN + hlen) != n * 4) {
        rt_err(err, path, 0, "npy data does not match its shape");
        goto out;
    }
    a->data = malloc((size_t)(n ? n : 1) * 4);
    if (!a->data) {
        rt_err(err, path, 0, "out of memory");
        goto out;
    }
    if (fread(a->data, 4, (size_t)n, f) != (size_t)n || fgetc(f) != EOF) {
        rt_err(err, path, 0, "npy data does not match its shape");
        goto out;
    }
    rc = 0;
out:
    fclose(f);
    if (rc < 0)
        rt_npy_free(a);
    return rc;
}

void rt_npy_free(RtNpy *a) {
    free(a->data);
    a->data = NULL;
}
