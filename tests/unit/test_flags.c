// test_flags.c — the optimisations hgnnc's -fno-NAME flags switch off (CodegenOptions.off, and
// pass_prune) change no result: each model, with and without pass_prune, compiled with no bit,
// each CODEGEN_NO_* bit alone and all of them, runs forward and train on random batches and must
// match the reference interpreter, which computes everything in full. The flags must also do
// what they say: under CODEGEN_NO_EXTENTS the rows hook reports every layer on every row; under
// CODEGEN_NO_GEMM the host's sgemm sees every product FLOP the hook counts, and without it none
// of the model's K = 64 products.
// Usage: test_flags MODEL.hgnn...
#include <dlfcn.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "codegen.h"
#include "front_fixture.h"
#include "interp.h"
#include "ir_fixture.h"
#include "pass_grad.h"
#include "pass_prune.h"

static const double TOL = 1e-4;  // float kernels against the double interpreter (test_codegen)

static const HgnnHost host = {fixture_counting_sgemm, 1, NULL, NULL};

static const unsigned offs[] = {0,
                                CODEGEN_NO_EXTENTS,
                                CODEGEN_NO_FUSE,
                                CODEGEN_NO_GEMM,
                                CODEGEN_NO_GEMM_TN,
                                CODEGEN_NO_REUSE,
                                CODEGEN_NO_EXTENTS | CODEGEN_NO_FUSE | CODEGEN_NO_GEMM |
                                    CODEGEN_NO_REUSE};
enum { N_OFFS = sizeof offs / sizeof offs[0] };

static int64_t rows_of(const IrModule *m, IrDim d, const int64_t *dims) {
    return d.kind == DIM_CONST ? d.n : dims[ir_dim_index(m, d)];
}

// The model compiled with `off` and run on each of the n batches fb in both modes against the
// interpreter (NaN-filled workspace, dirty gradient buffers), its rows hook and sgemm calls
// checked against the flags.
static void check_build(const char *what, IrModule *m, IrNode **nodes, unsigned off,
                        const FixtureBatch *fbs, float **const *paramss, int n_batches) {
    char dir[] = "/tmp/test_flags.XXXXXX", path[128], err[512] = "";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    snprintf(path, sizeof path, "%s/model.so", dir);
    CodegenOptions opt = {CODEGEN_DEFAULT_OPT, off, HGNN_PRECISION_FP32};
    int rc = codegen_shared_object(m, &opt, path, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "%s: compile: %s\n", what, err);
    CHECK(rc == 0);
    void *h = rc == 0 ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL;
    unlink(path);
    rmdir(dir);
    CHECK(h != NULL);
    if (!h)
        return;
    HgnnEntryFn entry;
    void *sym = dlsym(h, HGNN_ENTRY_SYMBOL);
    memcpy(&entry, &sym, sizeof entry);
    const HgnnModel *md = entry ? entry() : NULL;
    CHECK(md != NULL && md->rows != NULL);
    if (!md || !md->rows) {
        dlclose(h);
        return;
    }
    int T = m->n_node_types, K = m->n_edge_types;
    int64_t n = md->rows(HGNN_RUN_FORWARD, NULL, NULL);
    int64_t *rows = malloc((size_t)(2 * n + 2) * sizeof *rows);
    for (int bi = 0; bi < n_batches; bi++)
    for (int mode = HGNN_RUN_FORWARD; mode <= HGNN_RUN_TRAIN; mode++) {
        const FixtureBatch *fb = &fbs[bi];
        float **params = paramss[bi];
        int64_t L = fb->dims[HGNN_DIM_L(T, K)];
        double e[3];
        fixture_sgemm_flops = 0;  // the interpreter calls no sgemm: these are the model's
        fixture_run_vs_interp(md, m, mode, fb, params, &host, e);
        if (!(e[0] <= TOL && e[1] <= TOL && e[2] <= TOL))
            fprintf(stderr, "%s, batch %d, off %#x, %s: max rel error scores %.2e, loss %.2e, "
                    "grads %.2e\n", what, bi, off, mode ? "train" : "forward", e[0], e[1], e[2]);
        CHECK(e[0] <= TOL && e[1] <= TOL && e[2] <= TOL);

        // What the hook says each kernel ran over, against the flags.
        CHECK(md->rows(mode, &fb->b, rows) == n);
        double hook_flops = 0, own_flops = 0;
        bool own_shape = false;  // some product has a shape codegen's gemms take
        for (int i = 0; i < n; i++) {
            IrNode *x = nodes[i];
            if (rows[2 * i] < 0)
                continue;
            bool per_row = (x->op == IR_MATMUL && !x->ta) ||
                           (x->op >= IR_AGG_SUM && x->op <= IR_AGG_MAX) || x->op == IR_RELU ||
                           x->op == IR_ADD || x->op == IR_BIAS_ADD;
            if (off & CODEGEN_NO_EXTENTS && per_row && rows[2 * i] != rows_of(m, x->type.rows,
                                                                              fb->dims)) {
                fprintf(stderr, "%s, -fno-extents, %s: %%%d %s runs over %lld rows of %lld\n",
                        what, mode ? "train" : "forward", i, ir_op_name(x->op),
                        (long long)rows[2 * i], (long long)rows_of(m, x->type.rows, fb->dims));
                CHECK(0);
            }
            if (x->op != IR_MATMUL)
                continue;
            // [rows x c] = [rows x K] . [K x c], or [K x c] = [rows x K]^T . [rows x c]: the
            // hook counts rows either way.
            int64_t c = x->type.cols, k = x->in[0]->type.cols;
            double f = 2.0 * (double)rows[2 * i] * (double)c * (double)k;
            hook_flops += f;
            // Codegen's own gemms (emit_op): 16..64 columns, K up to 256; or a^T b whose a has
            // 16..64 columns (a multiple of 16) and up to 256 output columns, run transposed.
            bool shape = (c % 16 == 0 && c <= 64 && k <= 256 && !(x->ta && x->tb)) ||
                         (x->ta && !x->tb && k % 16 == 0 && k <= 64 && c <= 256);
            own_shape |= shape;
            bool own = shape && !(off & (x->ta ? CODEGEN_NO_GEMM | CODEGEN_NO_GEMM_TN
                                               : CODEGEN_NO_GEMM));
            if (own)
                own_flops += f;
        }
        if (fixture_sgemm_flops != hook_flops - own_flops)
            fprintf(stderr, "%s, batch %d, off %#x, %s: sgemm did %.6g FLOPs, want %.6g\n", what,
                    bi, off, mode ? "train" : "forward", fixture_sgemm_flops,
                    hook_flops - own_flops);
        CHECK(fixture_sgemm_flops == hook_flops - own_flops);
        // Without labels nothing is read, so extents leave no product to run.
        if (own_shape && (L > 0 || off & CODEGEN_NO_EXTENTS))
            CHECK(own_flops > 0 || off & CODEGEN_NO_GEMM);
    }
    free(rows);
    dlclose(h);
}

// The model at path through the front end, pass_prune when `prune`, and pass_grad; every build
// of offs on two random batches (one without labels).
static void check_model(const char *path, bool prune) {
    Arena a;
    arena_init(&a);
    IrModule *m = fixture_front_end_file(&a, path);
    if (!m) {
        arena_free(&a);
        return;
    }
    if (prune)
        pass_prune(m);
    pass_grad(m);
    ir_verify(m);
    int n;
    IrNode **nodes = fixture_nodes_by_id(m, &n);
    FixtureBatch fb[2];
    float **params[2];
    for (int k = 0; k < 2; k++) {
        FixtureSizes sz = fixture_sizes_uniform(60, 25, 50, k == 1 ? 0 : 12);
        fixture_batch_module(&fb[k], m, &sz, 700 + (uint64_t)k);
        params[k] = fixture_alloc_params(m, fb[k].dims, 0.5f, 80 + (uint64_t)k);
    }
    char what[160];
    snprintf(what, sizeof what, "%s%s", path, prune ? "" : " (-fno-prune)");
    for (int k = 0; k < N_OFFS; k++)
        check_build(what, m, nodes, offs[k], fb, params, 2);
    for (int k = 0; k < 2; k++) {
        fixture_free_params(m, params[k]);
        fixture_batch_free(&fb[k]);
    }
    free(nodes);
    arena_free(&a);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_flags MODEL.hgnn...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        check_model(argv[i], true);
        check_model(argv[i], false);
    }
    return check_done("test_flags");
}
