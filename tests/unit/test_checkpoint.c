// test_checkpoint.c — safetensors round trip, and every way a file can be wrong: truncated at
// each boundary, wrong names, missing names, wrong shapes, wrong dtype, bad JSON, bad offsets.
// Failed loads must leave the destination untouched; failed saves must leave no file behind.
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "checkpoint.h"
#include "json.h"

static char dir[256], path[300];

// Loads `file` into fresh tensors shaped like `want`; returns the rc and keeps the message.
static int load_into(const char *file, const RtTensor *want, int n, RtError *err) {
    RtTensor t[8];
    float buf[8][64];
    for (int i = 0; i < n; i++) {
        t[i] = want[i];
        t[i].data = buf[i];
        memset(buf[i], 0x7f, sizeof buf[i]);
    }
    int rc = rt_safetensors_load(file, t, n, err);
    if (rc != 0) {
        // Nothing was written on failure.
        for (int i = 0; i < n; i++)
            for (int k = 0; k < 64; k++)
                CHECK(((unsigned char *)buf[i])[k * 4] == 0x7f);
    }
    return rc;
}

static void write_raw(const char *file, const void *data, size_t n) {
    FILE *f = fopen(file, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
}

// A file with header text `hdr` (padded) followed by `data_bytes` zero bytes.
static void write_with_header(const char *file, const char *hdr, size_t data_bytes) {
    size_t h = strlen(hdr);
    unsigned char *b = calloc(8 + h + data_bytes, 1);
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)((uint64_t)h >> (8 * i));
    memcpy(b + 8, hdr, h);
    write_raw(file, b, 8 + h + data_bytes);
    free(b);
}

static int contains(const char *s, const char *part) { return strstr(s, part) != NULL; }

static int no_temp_files(void) {
    DIR *d = opendir(dir);
    struct dirent *e;
    int ok = 1;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".tmp."))
            ok = 0;
    closedir(d);
    return ok;
}

// The JSON writer's output parses back to what was written: escapes, nesting, numbers.
static void test_json(void) {
    RtJson j;
    rt_json_init(&j, 1);
    rt_json_object(&j);
    rt_json_key(&j, "text");
    rt_json_str(&j, "a \"quoted\" \\ line\nwith\ttab \x01");
    rt_json_key(&j, "nums");
    rt_json_array(&j);
    rt_json_num(&j, 0.1);
    rt_json_num(&j, -1e300);
    rt_json_num(&j, NAN);
    rt_json_f32(&j, 0.001f);
    rt_json_int(&j, -9007199254740991LL);
    rt_json_end_array(&j);
    rt_json_key(&j, "seed");
    rt_json_u64(&j, UINT64_MAX);
    rt_json_key(&j, "empty");
    rt_json_object(&j);
    rt_json_end_object(&j);
    rt_json_key(&j, "flags");
    rt_json_array(&j);
    rt_json_bool(&j, 1);
    rt_json_bool(&j, 0);
    rt_json_null(&j);
    rt_json_end_array(&j);
    rt_json_end_object(&j);
    CHECK(!j.oom);
    CHECK(strstr(j.buf, "0.001,") != NULL);     // the float's shortest form, not 0.0010000000475
    RtError err = {0};
    RtJsonValue v;
    CHECK(rt_json_parse(j.buf, j.len, &v, &err) == 0);
    const RtJsonValue *t = rt_json_get(&v, "text"), *n = rt_json_get(&v, "nums");
    CHECK(t && t->kind == JV_STR && strcmp(t->str, "a \"quoted\" \\ line\nwith\ttab \x01") == 0);
    CHECK(n && n->kind == JV_ARR && n->n == 5);
    if (n && n->n == 5) {
        CHECK(n->items[0].num == 0.1 && n->items[1].num == -1e300);
        CHECK(n->items[2].kind == JV_NULL);
        CHECK((float)n->items[3].num == 0.001f);
        CHECK(n->items[4].num == -9007199254740991.0);
    }
    const RtJsonValue *e = rt_json_get(&v, "empty"), *f = rt_json_get(&v, "flags");
    CHECK(e && e->kind == JV_OBJ && e->n == 0);
    CHECK(f && f->n == 3 && f->items[0].kind == JV_BOOL && f->items[0].num == 1 &&
          f->items[1].num == 0 && f->items[2].kind == JV_NULL);
    CHECK(rt_json_get(&v, "missing") == NULL);
    CHECK(strstr(j.buf, "\"seed\": 18446744073709551615") != NULL);
    rt_json_value_free(&v);
    rt_json_free(&j);
    // Trailing garbage and bad literals are errors.
    CHECK(rt_json_parse("{} x", 4, &v, &err) != 0 && strstr(RT_ERR_TEXT(&err), "trailing"));
    CHECK(rt_json_parse("[tru]", 5, &v, &err) != 0 && strstr(RT_ERR_TEXT(&err), "expected 'true'"));
    CHECK(rt_json_parse("\"abc", 4, &v, &err) != 0 && strstr(RT_ERR_TEXT(&err), "unterminated"));
}

// GATConv's tensors: att_src stored 3-D as [1, H, C], and lin_src.weight saved also under its
// alias lin_dst.weight (PyG's state_dict lists the shared Linear twice). A file with both names,
// or either one, loads; both names with different data do not.
static void test_alias(void) {
    char file[320], other[320];
    snprintf(file, sizeof file, "%s/gat.safetensors", dir);
    snprintf(other, sizeof other, "%s/gat_one_name.safetensors", dir);
    float att[6] = {1, 2, 3, 4, 5, 6}, w[8] = {0.5f, -1, 2, 3, 4, 5, 6, 7};
    RtTensor t[2] = {
        {.name = "c.att_src", .ndim = 3, .shape = {1, 2, 3}, .data = att},
        {.name = "c.lin_src.weight", .ndim = 2, .shape = {2, 4}, .data = w,
         .alias = "c.lin_dst.weight"},
    };
    RtError err = {0};
    CHECK(rt_safetensors_save(file, t, 2, NULL, &err) == 0);
    CHECK(rt_tensor_numel(&t[0]) == 6);
    FILE *f = fopen(file, "rb");
    unsigned char all[1024];
    size_t size = fread(all, 1, sizeof all, f);
    fclose(f);
    uint64_t hlen = 0;
    for (int i = 0; i < 8; i++)
        hlen |= (uint64_t)all[i] << (8 * i);
    CHECK(size == 8 + hlen + sizeof att + 2 * sizeof w);  // the aliased data twice
    RtJsonValue hv;
    CHECK(rt_json_parse((char *)all + 8, hlen, &hv, &err) == 0);
    const RtJsonValue *a = rt_json_get(&hv, "c.att_src");
    CHECK(a && rt_json_get(a, "shape")->n == 3 && rt_json_get(a, "shape")->items[1].num == 2);
    CHECK(rt_json_get(&hv, "c.lin_src.weight") && rt_json_get(&hv, "c.lin_dst.weight"));
    rt_json_value_free(&hv);
    CHECK(load_into(file, t, 2, &err) == 0);

    // Either name alone (a file written without the alias) loads into the aliased parameter.
    RtTensor only_dst[2] = {t[0], t[1]};
    only_dst[1].name = "c.lin_dst.weight";
    only_dst[1].alias = NULL;
    CHECK(rt_safetensors_save(other, only_dst, 2, NULL, &err) == 0);
    CHECK(load_into(other, t, 2, &err) == 0);
    // Not both the name twice, nor a missing one, nor a 2-D att_src.
    RtTensor flat[2] = {t[0], t[1]};
    flat[0].ndim = 2;
    flat[0].shape[0] = 1;
    flat[0].shape[1] = 6;
    CHECK(load_into(file, flat, 2, &err) == -1 && strstr(err.msg, "[1, 2, 3]"));

    // Both names with different data: one parameter cannot hold both.
    float w2[8];
    memcpy(w2, w, sizeof w);
    w2[3] = 9;
    RtTensor two[3] = {t[0], t[1], t[1]};
    two[1].alias = NULL;
    two[2].name = "c.lin_dst.weight";
    two[2].alias = NULL;
    two[2].data = w2;
    CHECK(rt_safetensors_save(other, two, 3, NULL, &err) == 0);
    CHECK(load_into(other, t, 2, &err) == -1 && strstr(err.msg, "differ"));
    two[2].data = w;  // equal data under both names: fine
    CHECK(rt_safetensors_save(other, two, 3, NULL, &err) == 0);
    CHECK(load_into(other, t, 2, &err) == 0);
    unlink(file);
    unlink(other);
}

int main(void) {
    test_json();
    snprintf(dir, sizeof dir, "/tmp/test_checkpoint.%ld", (long)getpid());
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    RtError err = {0};
    test_alias();

    float w[3 * 4], bias[4], emb[5 * 4];
    for (int i = 0; i < 12; i++)
        w[i] = (float)i * 0.5f - 3.0f;
    for (int i = 0; i < 4; i++)
        bias[i] = -1.0f / (float)(i + 1);
    for (int i = 0; i < 20; i++)
        emb[i] = (float)(i * i) * 1e-3f;
    RtTensor t[3] = {
        {.name = "lin.weight", .ndim = 2, .shape = {3, 4}, .data = w},
        {.name = "lin.bias", .ndim = 1, .shape = {4}, .data = bias},
        {.name = "emb.weight", .ndim = 2, .shape = {5, 4}, .data = emb},
    };
    const char *meta[] = {"format", "pt", "model", "tiny \"quoted\"", NULL};

    // Round trip.
    CHECK(rt_safetensors_save(path, t, 3, meta, &err) == 0);
    CHECK(no_temp_files());
    float w2[12], b2[4], e2[20];
    RtTensor u[3] = {t[0], t[1], t[2]};
    u[0].data = w2;
    u[1].data = b2;
    u[2].data = e2;
    CHECK(rt_safetensors_load(path, u, 3, &err) == 0);
    CHECK(memcmp(w, w2, sizeof w) == 0 && memcmp(bias, b2, sizeof bias) == 0 &&
          memcmp(emb, e2, sizeof emb) == 0);
    // The order of tensors in the file does not matter to the reader.
    RtTensor rev[3] = {u[2], u[0], u[1]};
    CHECK(rt_safetensors_load(path, rev, 3, &err) == 0);

    // The layout: 8-byte length, JSON header padded to 8, data contiguous after it.
    FILE *f = fopen(path, "rb");
    unsigned char all[1024];
    size_t size = fread(all, 1, sizeof all, f);
    fclose(f);
    uint64_t hlen = 0;
    for (int i = 0; i < 8; i++)
        hlen |= (uint64_t)all[i] << (8 * i);
    CHECK(hlen % 8 == 0);
    CHECK(size == 8 + hlen + sizeof w + sizeof bias + sizeof emb);
    CHECK(all[8] == '{');
    CHECK(memcmp(all + 8 + hlen, w, sizeof w) == 0);
    RtJsonValue hv;
    CHECK(rt_json_parse((char *)all + 8, hlen, &hv, &err) == 0);
    const RtJsonValue *lb = rt_json_get(&hv, "lin.bias");
    CHECK(lb && rt_json_get(lb, "shape")->n == 1 && rt_json_get(lb, "shape")->items[0].num == 4);
    CHECK(strcmp(rt_json_get(lb, "dtype")->str, "F32") == 0);
    const RtJsonValue *md = rt_json_get(&hv, "__metadata__");
    CHECK(md && strcmp(rt_json_get(md, "model")->str, "tiny \"quoted\"") == 0);
    rt_json_value_free(&hv);

    // Truncated at every length: always an error naming the file, never a crash.
    char cut[320];
    snprintf(cut, sizeof cut, "%s/cut.safetensors", dir);
    int all_failed = 1, said_truncated = 1;
    for (size_t n = 0; n < size; n++) {
        write_raw(cut, all, n);
        int rc = load_into(cut, t, 3, &err);
        all_failed &= rc != 0;
        const char *msg = RT_ERR_TEXT(&err);
        said_truncated &= contains(msg, "truncated") && contains(msg, cut);
    }
    CHECK(all_failed);
    CHECK(said_truncated);

    // Wrong names: an extra tensor in the file, and one the model has that the file lacks.
    RtTensor other[3] = {t[0], t[1], t[2]};
    other[2].name = "embedding.weight";
    CHECK(load_into(path, other, 3, &err) != 0);
    CHECK(contains(RT_ERR_TEXT(&err), "'emb.weight' is not a parameter"));
    CHECK(load_into(path, t, 2, &err) != 0);
    RtTensor more[4] = {t[0], t[1], t[2], t[2]};
    more[3].name = "extra.weight";
    CHECK(load_into(path, more, 4, &err) != 0);
    CHECK(contains(RT_ERR_TEXT(&err), "missing tensor 'extra.weight'"));

    // Wrong shapes: rows, columns, and a [1, C] bias where [C] is expected.
    RtTensor shp[3] = {t[0], t[1], t[2]};
    shp[2].shape[0] = 6;
    CHECK(load_into(path, shp, 3, &err) != 0);
    CHECK(contains(RT_ERR_TEXT(&err), "'emb.weight' has shape [5, 4], the model expects [6, 4]"));
    shp[2] = t[2];
    shp[1].ndim = 2;
    shp[1].shape[0] = 1;
    shp[1].shape[1] = 4;
    CHECK(load_into(path, shp, 3, &err) != 0);
    CHECK(contains(RT_ERR_TEXT(&err), "has shape [4], the model expects [1, 4]"));

    // Bad headers.
    char bad[320];
    snprintf(bad, sizeof bad, "%s/bad.safetensors", dir);
    const char *headers[] = {
        "{\"lin.weight\": {\"dtype\": \"F32\", \"shape\": [3, 4], \"data_offsets\": [0, 48]",
        "[1, 2, 3]",
        "{\"a\" 1}",
        "\x01\x02garbage",
        "{\"lin.weight\": {\"dtype\": \"F16\", \"shape\": [3, 4], \"data_offsets\": [0, 24]}}",
        "{\"lin.weight\": {\"dtype\": \"F32\", \"shape\": [3, 4], \"data_offsets\": [0, 40]}}",
        "{\"lin.weight\": {\"dtype\": \"F32\", \"shape\": [3, -4], \"data_offsets\": [0, 48]}}",
        "{\"lin.weight\": {\"dtype\": \"F32\", \"shape\": [3, 4]}}",
        "{\"lin.weight\": 5}",
    };
    const char *want[] = {"bad safetensors header", "not a JSON object", "expected ':'",
                          "unexpected byte", "dtype F16", "bad data_offsets", "bad shape",
                          "bad data_offsets", "has no dtype"};
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        write_with_header(bad, headers[i], 48);
        int rc = load_into(bad, t, 1, &err);
        CHECK(rc != 0);
        if (!contains(RT_ERR_TEXT(&err), want[i]) || !contains(RT_ERR_TEXT(&err), bad)) {
            fprintf(stderr, "  header %zu: got '%s', want '%s'\n", i, RT_ERR_TEXT(&err), want[i]);
            failures++;
        }
    }
    // A huge header length is not taken at face value.
    unsigned char huge[16] = {0, 0, 0, 0, 0, 0, 0, 0x10, '{', '}'};
    write_raw(bad, huge, sizeof huge);
    CHECK(load_into(bad, t, 1, &err) != 0 && contains(RT_ERR_TEXT(&err), "not a safetensors file"));
    // Deep nesting is refused, not recursed into.
    char deep[4000];
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = 0;
    write_with_header(bad, deep, 0);
    CHECK(load_into(bad, t, 1, &err) != 0 && contains(RT_ERR_TEXT(&err), "nested deeper"));
    CHECK(load_into("/nonexistent/x.safetensors", t, 1, &err) != 0 &&
          contains(RT_ERR_TEXT(&err), "cannot open"));

    // A failed save leaves nothing under the final name and no temporary file.
    char nodir[320];
    snprintf(nodir, sizeof nodir, "%s/no/such/dir/m.safetensors", dir);
    CHECK(rt_safetensors_save(nodir, t, 3, NULL, &err) != 0);
    CHECK(contains(RT_ERR_TEXT(&err), nodir));
    CHECK(access(nodir, F_OK) != 0);
    char isdir[320];
    snprintf(isdir, sizeof isdir, "%s/adir", dir);
    mkdir(isdir, 0755);
    CHECK(rt_safetensors_save(isdir, t, 3, NULL, &err) != 0);
    struct stat st;
    CHECK(stat(isdir, &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(no_temp_files());
    // Saving over an existing checkpoint replaces it whole.
    w[0] = 42.0f;
    CHECK(rt_safetensors_save(path, t, 3, NULL, &err) == 0);
    CHECK(rt_safetensors_load(path, u, 3, &err) == 0 && w2[0] == 42.0f);

    // Model parameter table -> tensors: embeddings take rows from dims, biases are 1-D.
    HgnnParam params[3] = {
        {.name = "user_emb.weight", .rows_dim = 0, .init = HGNN_INIT_NORMAL, .cols = 4},
        {.name = "movie_lin.bias", .rows_dim = -1, .rows = 1, .cols = 4},
        {.name = "movie_lin.weight", .rows_dim = -1, .rows = 4, .cols = 20},
    };
    HgnnModel m = {.n_params = 3, .params = params};
    int64_t dims[] = {610};
    float *ptrs[3] = {emb, bias, w};
    RtTensor mt[3];
    rt_checkpoint_tensors(&m, dims, ptrs, mt);
    CHECK(mt[0].ndim == 2 && mt[0].shape[0] == 610 && mt[0].shape[1] == 4);
    CHECK(mt[1].ndim == 1 && mt[1].shape[0] == 4 && mt[1].data == bias);
    CHECK(mt[2].ndim == 2 && mt[2].shape[0] == 4 && mt[2].shape[1] == 20);

    unlink(path);
    unlink(cut);
    unlink(bad);
    rmdir(isdir);
    rmdir(dir);
    return check_done("test_checkpoint");
}
