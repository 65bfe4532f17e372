// test_npy.c — runtime/npy.c: arrays written and read back bit for bit (float32 and int32, 1-D
// and 2-D, empty), a file numpy.save would write (header padded to 16 bytes, as numpy < 1.x
// did) read back, and malformed files refused with one line naming the file.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "npy.h"

static char dir[] = "/tmp/test_npy.XXXXXX";

static const char *path_of(const char *name) {
    static char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static void write_raw(const char *name, const void *data, size_t n) {
    FILE *f = fopen(path_of(name), "wb");
    CHECK(f && fwrite(data, 1, n, f) == n);
    if (f)
        fclose(f);
}

static void round_trip(RtNpyType type, int32_t ndim, int64_t r, int64_t c) {
    int64_t n = r * (ndim == 2 ? c : 1);
    int32_t *src = malloc((size_t)(n + 1) * 4);
    for (int64_t i = 0; i < n; i++)
        src[i] = type == RT_NPY_I32 ? (int32_t)(i * 7919 - 100000) : 0;
    if (type == RT_NPY_F32)
        for (int64_t i = 0; i < n; i++)
            ((float *)src)[i] = (float)i * 0.37f - 3.0f;
    RtNpy a = {type, ndim, {r, ndim == 2 ? c : 1}, src}, b;
    RtError e = {0};
    CHECK(rt_npy_write(path_of("a.npy"), &a, &e) == 0);
    CHECK(rt_npy_read(path_of("a.npy"), &b, &e) == 0);
    CHECK(b.type == type && b.ndim == ndim && b.shape[0] == r);
    CHECK(ndim == 1 || b.shape[1] == c);
    CHECK(n == 0 || memcmp(b.data, src, (size_t)n * 4) == 0);
    // The data starts at a multiple of 64 bytes (numpy's alignment since 1.x).
    FILE *f = fopen(path_of("a.npy"), "rb");
    unsigned char h[10];
    CHECK(f && fread(h, 1, 10, f) == 10 && (10 + (h[8] | h[9] << 8)) % 64 == 0);
    if (f)
        fclose(f);
    rt_npy_free(&b);
    free(src);
}

static void refused(const char *name, const void *data, size_t n, const char *want) {
    write_raw(name, data, n);
    RtNpy b;
    RtError e = {0};
    CHECK(rt_npy_read(path_of(name), &b, &e) == -1);
    const char *text = RT_ERR_TEXT(&e);
    CHECK(strstr(text, name) && strstr(text, want) && !strchr(text, '\n'));
    if (!strstr(text, want))
        fprintf(stderr, "  %s: got '%s'\n", name, text);
}

int main(void) {
    CHECK(mkdtemp(dir) != NULL);
    round_trip(RT_NPY_F32, 1, 5, 1);
    round_trip(RT_NPY_I32, 2, 2, 7);
    round_trip(RT_NPY_F32, 2, 3, 64);
    round_trip(RT_NPY_I32, 1, 0, 1);

    // numpy's own layout with 16-byte padding (as older numpy wrote), a 2 x 3 int32 array.
    const char *dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }";
    size_t hl = (10 + strlen(dict) + 1 + 15) / 16 * 16;
    char buf[256];
    memcpy(buf, "\x93NUMPY\x01\x00", 8);
    buf[8] = (char)(hl - 10);
    buf[9] = 0;
    memset(buf + 10, ' ', hl - 10);
    memcpy(buf + 10, dict, strlen(dict));
    buf[hl - 1] = '\n';
    int32_t v[6] = {1, 2, 3, 4, 5, 6};
    memcpy(buf + hl, v, sizeof v);
    write_raw("np.npy", buf, hl + sizeof v);
    RtNpy b;
    RtError e = {0};
    CHECK(rt_npy_read(path_of("np.npy"), &b, &e) == 0 && b.shape[0] == 2 && b.shape[1] == 3 &&
          memcmp(b.data, v, sizeof v) == 0);
    rt_npy_free(&b);

    refused("magic.npy", "NOTNUMPY", 8, "not a .npy file");
    refused("short.npy", buf, hl + 8, "does not match its shape");
    refused("long.npy", buf, hl, "does not match its shape");
    char f8[256];
    memcpy(f8, buf, sizeof buf);
    memcpy(strstr(f8 + 10, "<i4"), "<f8", 3);
    refused("f8.npy", f8, hl + sizeof v, "dtype");
    char fo[256];
    memcpy(fo, buf, sizeof buf);
    memcpy(strstr(fo + 10, "False"), "True ", 5);
    refused("fortran.npy", fo, hl + sizeof v, "C order");
    char v2[256];
    memcpy(v2, buf, sizeof buf);
    v2[6] = 2;
    refused("v2.npy", v2, hl + sizeof v, "version 2.0");
    char big[256];
    memcpy(big, buf, sizeof buf);
    big[9] = (char)0xff;
    refused("hdr.npy", big, hl + sizeof v, "header");
    // A shape whose element count overflows int64 (found by fuzz_npy) is refused before any
    // arithmetic on it.
    char huge[256];
    const char *hd =
        "{'descr': '<f4', 'fortran_order': False, 'shape': (7, 2222222222222222222), }";
    memcpy(huge, "\x93NUMPY\x01\x00", 8);
    huge[8] = 118;
    huge[9] = 0;
    memset(huge + 10, ' ', 118);
    memcpy(huge + 10, hd, strlen(hd));
    huge[127] = '\n';
    refused("huge.npy", huge, 128 + 8, "too large");
    CHECK(rt_npy_read(path_of("missing.npy"), &b, &e) == -1 &&
          strstr(RT_ERR_TEXT(&e), "cannot open"));
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    return check_done("test_npy");
}
