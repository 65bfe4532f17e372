// test_abi.c — rt_model_open (and rt_model_declare) on good and bad model files. A model .so
// made by hgnnc loads, and gives the same bits as the same .hgnn compiled by the JIT; every bad
// file is refused with a one-line message naming it: a missing file, a directory, an empty
// file, a text file, an object file, truncated copies of the good .so, a foreign .so without the
// entry symbol, a .so whose entry returns a wrong ABI version (a future one, and 2, the version
// before HgnnParam.flags and HGNN_RUN_TRAIN_SPARSE) or magic, and a .so compiled for other
// feature widths.
//
// usage: test_abi HGNNC MODEL.hgnn FOREIGN.so WRONG_VERSION.so BAD_MAGIC.so OBJECT.o OLD_VERSION.so
#include <fcntl.h>
#include <assert.h>
#include <math.h>
#include <spawn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "hgnn/abi.h"
#include "ir_fixture.h"
#include "model.h"

extern char **environ;

// HgnnDefaults is declared from the field list HGNN_DEFAULTS_FIELDS; its layout as of ABI 9, which
// a model .so and hgnn-run must agree on, is frozen here field by field.
static_assert(offsetof(HgnnDefaults, epochs) == 0, "epochs");
static_assert(offsetof(HgnnDefaults, batch_size) == 4, "batch_size");
static_assert(offsetof(HgnnDefaults, n_hops) == 8, "n_hops");
static_assert(offsetof(HgnnDefaults, fanout) == 12, "fanout");
static_assert(offsetof(HgnnDefaults, lr) == 44, "lr");
static_assert(offsetof(HgnnDefaults, neg_ratio) == 48, "neg_ratio");
static_assert(offsetof(HgnnDefaults, val_frac) == 52, "val_frac");
static_assert(offsetof(HgnnDefaults, test_frac) == 56, "test_frac");
static_assert(offsetof(HgnnDefaults, disjoint_frac) == 60, "disjoint_frac");
static_assert(offsetof(HgnnDefaults, adam_beta1) == 64, "adam_beta1");
static_assert(offsetof(HgnnDefaults, adam_beta2) == 68, "adam_beta2");
static_assert(offsetof(HgnnDefaults, adam_eps) == 72, "adam_eps");
static_assert(offsetof(HgnnDefaults, weight_decay) == 76, "weight_decay");
static_assert(offsetof(HgnnDefaults, split_neg_ratio) == 80, "split_neg_ratio");
static_assert(offsetof(HgnnDefaults, optimizer) == 84, "optimizer");
static_assert(offsetof(HgnnDefaults, lr_schedule) == 88, "lr_schedule");
static_assert(offsetof(HgnnDefaults, lr_step) == 92, "lr_step");
static_assert(offsetof(HgnnDefaults, lr_gamma) == 96, "lr_gamma");
static_assert(offsetof(HgnnDefaults, lr_min) == 100, "lr_min");
static_assert(offsetof(HgnnDefaults, warmup_steps) == 104, "warmup_steps");
static_assert(offsetof(HgnnDefaults, warmup_start) == 108, "warmup_start");
static_assert(offsetof(HgnnDefaults, clip_norm) == 112, "clip_norm");
static_assert(sizeof(HgnnDefaults) == 116 && offsetof(HgnnModel, defaults) == 64, "HgnnDefaults");


// Opening path must fail with a one-line message that names it and contains `want`.
static void refused(const char *path, const char *want) {
    RtError err = {0};
    const HgnnModel *m = rt_model_open(path, NULL, 0, NULL, 0, -1, &err);
    CHECK(m == NULL);
    const char *msg = RT_ERR_TEXT(&err);
    int ok = m == NULL && strstr(msg, path) && strstr(msg, want) && !strchr(msg, '\n');
    if (!ok)
        fprintf(stderr, "  %s: expected a refusal mentioning '%s', got '%s'\n", path, want, msg);
    CHECK(ok);
    printf("refused: %s\n", RT_ERR_TEXT(&err));
}

static void write_file(const char *path, const void *data, size_t n) {
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fwrite(data, 1, n, f) == n);
        fclose(f);
    }
}

static char *read_all(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc(*n + 1);
    if (p && fread(p, 1, *n, f) != *n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    return p;
}

static int64_t param_size(const HgnnModel *m, int i, const int64_t *dims) {
    const HgnnParam *p = &m->params[i];
    return (p->rows_dim >= 0 ? dims[p->rows_dim] : p->rows) * p->cols;
}

// Runs a model on the fixture batch in mode; returns scores, loss and all gradients in one array.
static float *run(const HgnnModel *m, const FixtureBatch *fb, int mode, size_t *n) {
    HgnnHost host = {fixture_sgemm, 1, NULL, NULL};
    int64_t L = fb->dims[HGNN_DIM_L(2, 2)], total = L + 1;
    for (int i = 0; i < m->n_params; i++)
        total += param_size(m, i, fb->dims);
    float *out = calloc((size_t)total, sizeof *out);
    float **params = calloc((size_t)m->n_params, sizeof *params);
    float **grads = calloc((size_t)m->n_params, sizeof *grads);
    int64_t off = L + 1;
    for (int i = 0; i < m->n_params; i++) {
        int64_t s = param_size(m, i, fb->dims);
        params[i] = malloc((size_t)(s ? s : 1) * sizeof(float));
        for (int64_t k = 0; k < s; k++)
            params[i][k] = (float)sin((double)(k * 7 + i * 13)) * 0.5f;
        grads[i] = out + off;
        off += s;
    }
    float *ws = malloc((size_t)(m->workspace_floats(fb->dims) + 1) * sizeof(float));
    m->run(mode, &fb->b, params, mode == HGNN_RUN_TRAIN ? grads : NULL, ws, &host, out, out + L);
    for (int i = 0; i < m->n_params; i++)
        free(params[i]);
    free(params);
    free(grads);
    free(ws);
    *n = (size_t)total;
    return out;
}

int main(int argc, char **argv) {
    if (argc != 8) {
        fprintf(stderr, "usage: test_abi HGNNC MODEL.hgnn FOREIGN.so WRONG_VERSION.so "
                        "BAD_MAGIC.so OBJECT.o OLD_VERSION.so\n");
        return 2;
    }
    const char *hgnnc = argv[1], *source = argv[2];
    char dir[] = "/tmp/test_abi.XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char good[256], path[256];
    snprintf(good, sizeof good, "%s/model.so", dir);
    char *cmd[] = {(char *)hgnnc, (char *)source, "--precision", "fp32", "-o", good, NULL};
    pid_t pid;
    int st = -1;
    CHECK(posix_spawn(&pid, hgnnc, NULL, NULL, cmd, environ) == 0);
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

    // The good model, by both paths, with identical results.
    RtError err = {0};
    const HgnnModel *so = rt_model_open(good, NULL, 0, NULL, 0, -1, &err);
    if (!so)
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
    CHECK(so != NULL);
    const HgnnModel *jit = rt_model_open(source, NULL, 0, NULL, 0, -1, &err);
    if (!jit)
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
    CHECK(jit != NULL);
    if (so && jit) {
        CHECK(so->magic == HGNN_MAGIC && so->abi_version == HGNN_ABI_VERSION);
        CHECK(so->n_params == jit->n_params && so->n_node_types == 2);
        CHECK(strcmp(so->node_types[1].name, "movie") == 0);
        FixtureSizes sz = {{50, 80}, {20, 40}, {120, 90}, 32};
        FixtureBatch fb;
        fixture_batch(&fb, &sz, so->node_types[1].feat_width, 11);
        for (int mode = HGNN_RUN_FORWARD; mode <= HGNN_RUN_TRAIN; mode++) {
            size_t na, nb;
            float *a = run(so, &fb, mode, &na), *b = run(jit, &fb, mode, &nb);
            CHECK(na == nb && memcmp(a, b, na * sizeof *a) == 0);
            CHECK(isfinite(a[fb.dims[HGNN_DIM_L(2, 2)]]) && a[fb.dims[HGNN_DIM_L(2, 2)]] > 0);
            free(a);
            free(b);
        }
        fixture_batch_free(&fb);
        // Opening the same .so with matching data widths is fine; other widths are refused.
        HgnnNodeType same[2] = {{"movie", so->node_types[1].feat_width}, {"user", 0}};
        CHECK(rt_model_open(good, same, 2, NULL, 0, -1, &err) != NULL);
        HgnnNodeType other[2] = {{"movie", 19}, {"user", 0}};
        CHECK(rt_model_open(good, other, 2, NULL, 0, -1, &err) == NULL);
        const char *msg = RT_ERR_TEXT(&err);
        CHECK(strstr(msg, good) && strstr(msg, "19") && strstr(msg, "movie"));
        // The precision: hgnnc's default, auto, is bf16 on a CPU with avx512_bf16 and fp32 on
        // others, as is hgnn-run's for a .hgnn (RT_PRECISION_AUTO; -1 is fp32, above); a .so
        // opened for another one is refused by name, and the same model in bf16 (hgnnc
        // --precision bf16, the JIT) gives the same bits by both paths, near fp32's.
        CHECK(so->precision == HGNN_PRECISION_FP32 && jit->precision == HGNN_PRECISION_FP32);
        int32_t host = rt_cpu_has_bf16() ? HGNN_PRECISION_BF16 : HGNN_PRECISION_FP32;
        char dflt[256];
        snprintf(dflt, sizeof dflt, "%s/model_auto.so", dir);
        char *cmd_auto[] = {(char *)hgnnc, (char *)source, "-o", dflt, NULL};
        CHECK(posix_spawn(&pid, hgnnc, NULL, NULL, cmd_auto, environ) == 0);
        waitpid(pid, &st, 0);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
        const HgnnModel *sa = rt_model_open(dflt, NULL, 0, NULL, 0, RT_PRECISION_AUTO, &err);
        const HgnnModel *ja = rt_model_open(source, NULL, 0, NULL, 0, RT_PRECISION_AUTO, &err);
        CHECK(sa && ja && sa->precision == host && ja->precision == host);
        CHECK(rt_model_open(good, NULL, 0, NULL, 0, HGNN_PRECISION_FP32, &err) == so);
        CHECK(rt_model_open(good, NULL, 0, NULL, 0, HGNN_PRECISION_BF16, &err) == NULL);
        msg = RT_ERR_TEXT(&err);
        CHECK(strstr(msg, good) && strstr(msg, "compiled with precision fp32, not bf16") &&
              !strchr(msg, '\n'));
        char bf[256];
        snprintf(bf, sizeof bf, "%s/model_bf16.so", dir);
        char *cmd_bf[] = {(char *)hgnnc, (char *)source, "--precision", "bf16", "-o", bf, NULL};
        CHECK(posix_spawn(&pid, hgnnc, NULL, NULL, cmd_bf, environ) == 0);
        waitpid(pid, &st, 0);
        if (!rt_cpu_has_bf16()) {
            // hgnnc refuses to make code this CPU cannot run, and so does the JIT.
            CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1);
            CHECK(rt_model_open(source, NULL, 0, NULL, 0, HGNN_PRECISION_BF16, &err) == NULL);
            CHECK(strstr(RT_ERR_TEXT(&err), "avx512_bf16") != NULL);
        } else {
            CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
            const HgnnModel *sob = rt_model_open(bf, NULL, 0, NULL, 0, -1, &err);
            const HgnnModel *jb = rt_model_open(source, NULL, 0, NULL, 0, HGNN_PRECISION_BF16,
                                                &err);
            CHECK(sob && jb && sob->precision == HGNN_PRECISION_BF16 &&
                  jb->precision == HGNN_PRECISION_BF16);
            CHECK(rt_model_open(bf, NULL, 0, NULL, 0, HGNN_PRECISION_FP32, &err) == NULL);
            CHECK(strstr(RT_ERR_TEXT(&err), "compiled with precision bf16, not fp32") != NULL);
            if (sob && jb) {
                fixture_batch(&fb, &sz, so->node_types[1].feat_width, 11);
                size_t na, nb, nf;
                float *a = run(sob, &fb, HGNN_RUN_TRAIN, &na);
                float *b = run(jb, &fb, HGNN_RUN_TRAIN, &nb);
                float *f = run(so, &fb, HGNN_RUN_TRAIN, &nf);
                CHECK(na == nb && nb == nf && memcmp(a, b, na * sizeof *a) == 0);
                // The loss after the scores: bf16 operands move it by a few parts in 1000.
                float la = a[fb.dims[HGNN_DIM_L(2, 2)]], lf = f[fb.dims[HGNN_DIM_L(2, 2)]];
                CHECK(fabsf(la - lf) <= 1e-2f * fabsf(lf) && la != lf);
                free(a);
                free(b);
                free(f);
                fixture_batch_free(&fb);
            }
        }
    }

    // The schema alone, before any data (rt_model_declare through the plugin's
    // hgnn_jit_declare): the tutorial declares its data (movies.csv, ratings.csv), and a missing
    // file is one error naming it.
    const HgnnModel *decl = rt_model_declare(source, NULL, 0, &err);
    if (!decl)
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
    CHECK(decl && decl->n_node_types == 2 && decl->n_edge_types == 2 && decl->data);
    CHECK(decl && decl->data && decl->data->nodes[0].table.path == NULL &&
          strcmp(decl->data->nodes[1].table.path, "movies.csv") == 0 &&
          strcmp(decl->data->edges[0].table.path, "ratings.csv") == 0 &&
          decl->data->edges[1].table.path == NULL);
    CHECK(decl && decl->node_types[1].feat_width == 20 && decl->run == NULL);
    snprintf(path, sizeof path, "%s/missing.hgnn", dir);
    CHECK(rt_model_declare(path, NULL, 0, &err) == NULL);
    CHECK(strstr(RT_ERR_TEXT(&err), path) && strstr(RT_ERR_TEXT(&err), "cannot open"));

    snprintf(path, sizeof path, "%s/missing.so", dir);
    refused(path, "cannot open");
    refused(dir, "not a regular file");
    snprintf(path, sizeof path, "%s/missing.hgnn", dir);
    refused(path, "cannot open");
    snprintf(path, sizeof path, "%s/empty.so", dir);
    write_file(path, "", 0);
    refused(path, "not a compiled model");
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    const char *text = "this is a text file, not a model\n";
    write_file(path, text, strlen(text));
    refused(path, "not a compiled model");
    refused(argv[6], "not a shared object");

    size_t n = 0;
    char *bytes = read_all(good, &n);
    CHECK(bytes != NULL && n > 4096);
    if (bytes) {
        // Truncations at the header, inside the code, and just before the end.
        const size_t cuts[] = {10, 63, 200, n / 2, n - 1};
        for (int i = 0; i < 5; i++) {
            snprintf(path, sizeof path, "%s/cut%d.so", dir, i);
            write_file(path, bytes, cuts[i]);
            refused(path, "truncated");
        }
        free(bytes);
    }
    refused(argv[3], "not an hgnn model");
    refused(argv[4], "ABI version 999");
    CHECK(HGNN_ABI_VERSION == 10);
    refused(argv[7], "ABI version 9, this hgnn-run needs version 10");
    refused(argv[5], "bad magic");

    // Clean up the scratch directory.
    char rm[512];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    if (system(rm) != 0)
        fprintf(stderr, "test_abi: could not remove %s\n", dir);
    return check_done("test_abi");
}
