// epoch.c — the measuring half of bench/epoch (the script runs it; not a test). Subcommands:
//   sgemm THREADS            sgemm GFLOP/s at the model's shape and at 1024^3, as hgnn-run calls it
//   flops GRAD_IR DATA SEED [MAX_BATCHES [MODEL_SO]]
//                            FLOPs and bytes of one training epoch and one validation pass, counted
//                            op by op from `hgnnc --emit=grad-ir` and the sampler's batch shapes
//                            (from the first MAX_BATCHES batches of each pass, scaled, if given;
//                            0: all); with MODEL_SO (hgnnc -o of the same model), each op over the
//                            rows its kernel really runs over, from the model's row extents

//   run OUT CMD ARGS...      runs CMD; writes its wall seconds and peak RSS to OUT
//   metrics FILE             the figures bench/epoch needs from a `hgnn-run --metrics` file
// Every subcommand prints `key value` lines on stdout, which the script collects.
#define _GNU_SOURCE
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "json.h"
#include "kernels.h"
#include "loader.h"
#include "movielens.h"

static _Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static _Noreturn void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "bench_epoch: error: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

// snprintf that treats a cut name as an error: a truncated symbol would match the wrong size.
#define NAME_MAX_LEN 256
static void name_printf(char *dst, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void name_printf(char *dst, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(dst, n, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= n)
        die("name too long: %s...", dst);
}

static double now(void) { return bench_seconds(CLOCK_MONOTONIC); }

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

// ---- sgemm ----

static double cpu_now(void) { return bench_seconds(CLOCK_PROCESS_CPUTIME_ID); }

// Best of 5 timings of C = A B (A m x k, B k x n; row-major, as rt_sgemm), each repeating the
// product for at least 0.1 s. Returns GFLOP/s = 2 m n k / s of wall time, and in *per_cpu the
// best GFLOP per CPU-second of the process (all threads): a machine shared with other work
// slows the first, hardly the second.
static double sgemm_rate(int64_t m, int64_t n, int64_t k, int transb, double *per_cpu) {
    float *a = malloc((size_t)(m * k) * sizeof *a), *b = malloc((size_t)(k * n) * sizeof *b);
    float *c = malloc((size_t)(m * n) * sizeof *c);
    if (!a || !b || !c)
        die("out of memory");
    for (int64_t i = 0; i < m * k; i++)
        a[i] = (float)((i * 7) % 13) * 0.01f;
    for (int64_t i = 0; i < k * n; i++)
        b[i] = (float)((i * 5) % 11) * 0.01f;
    rt_sgemm(0, transb, m, n, k, 1.0f, a, k, b, transb ? k : n, 0.0f, c, n);  // warm-up
    double best = 0, best_cpu = 0, flops = 2.0 * (double)m * (double)n * (double)k;
    for (int rep = 0; rep < 5; rep++) {
        int64_t iters = 0;
        double t0 = now(), c0 = cpu_now(), t;
        do {
            rt_sgemm(0, transb, m, n, k, 1.0f, a, k, b, transb ? k : n, 0.0f, c, n);
            iters++;
        } while ((t = now() - t0) < 0.1);
        double rate = flops * (double)iters / t / 1e9;
        double rate_cpu = flops * (double)iters / (cpu_now() - c0) / 1e9;
        best = rate > best ? rate : best;
        best_cpu = rate_cpu > best_cpu ? rate_cpu : best_cpu;
    }
    free(a);
    free(b);
    free(c);
    *per_cpu = best_cpu;
    return best;
}

// OPENBLAS_CORETYPE is honoured when set and never set here: the figure is what this machine's
// OpenBLAS gives the process as configured.
static int cmd_sgemm(int threads) {
    rt_blas_set_threads(threads);
    const char *env = getenv("OPENBLAS_CORETYPE");
    printf("sgemm_core %s\n", rt_blas_core());
    printf("sgemm_best_core %s\n", rt_blas_best_core() ? rt_blas_best_core() : "unknown");
    printf("sgemm_coretype_env %s\n", env && *env ? env : "unset");
    printf("sgemm_threads %d\n", threads);
    // The model's products: [~2700 movies x 64] . W^T [64 x 64] (forward, x W^T as nn.Linear).
    double cpu;
    printf("sgemm_2700x64x64 %.2f\n", sgemm_rate(2700, 64, 64, 1, &cpu));
    printf("sgemm_cpu_2700x64x64 %.2f\n", cpu);
    printf("sgemm_1024x1024x1024 %.2f\n", sgemm_rate(1024, 1024, 1024, 0, &cpu));
    printf("sgemm_cpu_1024x1024x1024 %.2f\n", cpu);
    return 0;
}

// ---- FLOPs from the IR ----

// A row count in the printed IR: a constant, or a symbol (N_user, V_movie, E_user__rates__movie,
// L) whose value a batch or the graph fixes.
typedef struct Dim {
    char sym[NAME_MAX_LEN];       // "" for a constant
    double n;           // the constant
} Dim;

typedef struct Val {
    Dim rows;
    double cols;
} Val;

// What an op's cost scales with: a size symbol of the batch (or nothing: a constant), or, with a
// model's row extents, the rows or the edges node `id`'s kernel runs over.
enum { PER_SYM, PER_ROWS, PER_EDGES };

// One op's cost: coef * value(sym) FLOPs (sym "" = constant), bytes it moves through
// gathers and scatters (the random-access traffic a FLOP count misses), and `stream`: the bytes
// of its operands and result, each read or written once (4 per element; an aggregation reads an
// index and a source row per edge; a product's weights, which stay in cache, not counted), per
// unit of sym — the roofline's traffic of a kernel that keeps nothing between ops.
typedef struct Cost {
    char sym[NAME_MAX_LEN];
    double flops, bytes, stream;
    int backward, matmul;
    int id, per;        // the IR node; PER_*: PER_ROWS for a symbolic row count, PER_EDGES for
                        // the edges of an aggregation, PER_SYM for constants
} Cost;

#define MAX_VALS 100000

static Dim parse_dim(const char *s, size_t len) {
    Dim d = {{0}, 0};
    if (len && isdigit((unsigned char)s[0])) {
        d.n = strtod(s, NULL);
    } else {
        if (len >= sizeof d.sym)
            die("symbol too long in the IR: %.*s", (int)len, s);
        memcpy(d.sym, s, len);
    }
    return d;
}

// Parses "f32[ROWS x COLS]" at s.
static Val parse_type(const char *s) {
    const char *lb = strchr(s, '['), *x = lb ? strstr(lb, " x ") : NULL;
    const char *rb = x ? strchr(x, ']') : NULL;
    if (!rb)
        die("cannot read the type in IR line: %s", s);
    Val v;
    v.rows = parse_dim(lb + 1, (size_t)(x - lb - 1));
    v.cols = strtod(x + 3, NULL);
    return v;
}

// A size's value: a sum over the batches of a pass ("val:" prefix: the validation pass) or a
// graph size (V_user).
typedef struct Sym {
    char name[NAME_MAX_LEN];
    double value;
} Sym;

static double sym_value(const Sym *syms, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(syms[i].name, name) == 0)
            return syms[i].value;
    die("the IR uses %s, which the data has no value for", name);
}

// Total of a per-batch size over a pass of `batches` batches: batch sums for N_, E_ and L
// (looked up with the pass's prefix), the size times the batch count for constants and V_.
static double pass_total(const Sym *syms, int n, const char *prefix, const char *name,
                         double batches) {
    if (!*name)
        return batches;
    if (name[0] == 'V' && name[1] == '_')
        return batches * sym_value(syms, n, name);
    char key[NAME_MAX_LEN];
    name_printf(key, sizeof key, "%s%s", prefix, name);
    return sym_value(syms, n, key);
}

// Product of two dims of which at most one is symbolic, times a constant.
static void cost_of(Cost *c, double k, Dim a, Dim b) {
    if (a.sym[0] && b.sym[0])
        die("a product of two symbolic sizes (%s, %s): not linear in the batch", a.sym, b.sym);
    c->flops = k * (a.sym[0] ? 1.0 : a.n) * (b.sym[0] ? 1.0 : b.n);
    name_printf(c->sym, sizeof c->sym, "%s", a.sym[0] ? a.sym : b.sym);
}

// A row dim as a factor of a cost: 1 when symbolic (the symbol's value scales it), else its size.
static double unit(Dim rows) {
    return rows.sym[0] ? 1.0 : rows.n;
}

// Reads grad-ir text; returns the op costs. FLOP rules: matmul 2 m n k; agg ops one add per edge
// and column plus one op per output element; rowdot 2 per element; elementwise ops, sum_rows and
// scatter_add one per element; bce ~5 per label; GAT ops per edge (see below), head ops per
// element. gather and scatter_add move rows * cols * 4
// bytes. Ops after `one` (the autodiff seed) are the backward pass.
static Cost *read_ir(const char *path, int *n_costs, double *param_floats, Sym *syms, int n_syms,
                     int *n_nodes) {
    FILE *f = fopen(path, "r");
    if (!f)
        die("%s: cannot open: %s", path, strerror(errno));
    Val *vals = calloc(MAX_VALS, sizeof *vals);
    Cost *costs = calloc(MAX_VALS, sizeof *costs);
    if (!vals || !costs)
        die("out of memory");
    char line[4096];
    int backward = 0, n = 0;
    *param_floats = 0;
    while (fgets(line, sizeof line, f)) {
        char *hash = strstr(line, "  #");
        if (hash)
            *hash = 0;
        if (strncmp(line, "param ", 6) == 0) {
            Val p = parse_type(strstr(line, " : "));
            double rows = p.rows.sym[0] ? sym_value(syms, n_syms, p.rows.sym) : p.rows.n;
            *param_floats += p.cols * rows;
            continue;
        }
        if (line[0] != '%')
            continue;
        int id = atoi(line + 1);
        char *eq = strstr(line, " = "), *colon = strstr(line, " : ");
        if (id < 0 || id >= MAX_VALS || !eq || !colon)
            die("%s: cannot read IR line: %s", path, line);
        *n_nodes = id + 1;
        Val out = parse_type(colon);
        vals[id] = out;
        char op[32];
        if (sscanf(eq + 3, "%31s", op) != 1)
            die("%s: no op in: %s", path, line);
        // Operands %a, %b, %c and a [flags or edge type] bracket, between the op and the type.
        Val in[3] = {{{{0}, 0}, 0}};
        int n_in = 0, ta = 0, heads = 0;
        char etype[NAME_MAX_LEN] = "";
        *colon = 0;
        for (char *p = eq + 3 + strlen(op); *p; p++) {
            if (*p == '%' && n_in < 3) {
                int j = atoi(p + 1);
                if (j < 0 || j >= MAX_VALS)
                    die("%s: bad operand in: %s", path, line);
                in[n_in++] = vals[j];
            } else if (*p == '[') {
                char *e = strchr(p, ']');
                if (!e)
                    die("%s: unclosed '[' in: %s", path, line);
                *e = 0;
                // Matmul flags print as [ta], [tb] or [ta, tb]; other brackets hold an edge type
                // (or a scale factor, which needs nothing here); the per-head and GAT ops'
                // [heads H] and [EDGE_TYPE, heads H, slope S, dropout P, salt L].
                char *h = strstr(p + 1, "heads ");
                if (h)
                    heads = atoi(h + 6);
                if (strcmp(p + 1, "ta") == 0 || strcmp(p + 1, "ta, tb") == 0)
                    ta = 1;
                else if (strcmp(p + 1, "tb") != 0 && strcmp(p + 1, "src") != 0 &&
                         strncmp(p + 1, "heads ", 6) != 0)
                    name_printf(etype, sizeof etype, "%.*s", (int)strcspn(p + 1, ","), p + 1);
                p = e;
            }
        }
        if (strcmp(op, "one") == 0)
            backward = 1;
        Cost c = {{0}, 0, 0, 0, backward, 0, id, PER_SYM};
        Dim cols = {{0}, out.cols};
        double in_cols = 0;     // the operands' columns, read once per row with the result's
        for (int j = 0; j < n_in; j++)
            in_cols += in[j].cols;
        if (strcmp(op, "matmul") == 0) {
            // out [m x n]; the inner size is a's rows when a is transposed, else its columns.
            Dim inner = ta ? in[0].rows : (Dim){{0}, in[0].cols};
            Dim mn = out.rows;
            mn.n *= out.cols;
            if (!mn.sym[0]) {   // a^T b over K rows: both operands' rows stream once
                cost_of(&c, 2.0, mn, inner);
                c.stream = 4.0 * (in[0].cols + in[1].cols) * unit(inner);
            } else {            // a row of a in, a row of c out
                cost_of(&c, 2.0 * out.cols, out.rows, inner);
                c.stream = 4.0 * ((ta ? 0.0 : in[0].cols) + out.cols) * unit(out.rows);
            }
            c.matmul = 1;
        } else if (strncmp(op, "agg_", 4) == 0) {
            // One add (max: compare) per edge and column, then one op per output element (the
            // mean's divide); the second is its own cost entry.
            if (!etype[0])
                die("%s: aggregation without an edge type: %s", path, line);
            Dim e = {{0}, 0};
            name_printf(e.sym, sizeof e.sym, "E_%s", etype);
            cost_of(&c, 1.0, e, cols);
            c.per = PER_EDGES;
            c.stream = 4.0 * (1.0 + in[0].cols);
            Cost per_row = {{0}, 0, 0, 0, backward, 0, id, PER_SYM};
            cost_of(&per_row, 1.0, out.rows, cols);
            per_row.stream = 4.0 * out.cols * unit(out.rows);
            per_row.per = per_row.sym[0] ? PER_ROWS : PER_SYM;
            costs[n++] = per_row;
        } else if (strncmp(op, "gat_", 4) == 0) {
            // Per edge and head: the logit (add, leaky_relu), its exp for the sum and again for
            // alpha (exp counted as one op), the divide and the dropout factor: about 10 ops;
            // per edge and column one multiply-add (gat_agg, gat_agg_t), or two for the dot
            // products the score adjoints compute twice (gat_grad_*). Plus the first pass's max.
            if (!etype[0] || heads < 1)
                die("%s: GAT op without an edge type or heads: %s", path, line);
            int64_t hc = strcmp(op, "gat_agg_t") == 0 ? in[2].cols : in[0].cols;
            int grad = strncmp(op, "gat_grad", 8) == 0;
            Dim e = {{0}, 0};
            name_printf(e.sym, sizeof e.sym, "E_%s", etype);
            cost_of(&c, 1.0, e, (Dim){{0}, (grad ? 4 : 2) * hc + (grad ? 16 : 11) * heads});
            c.per = PER_EDGES;
            c.stream = 4.0 * (1.0 + (grad ? 2 : 1) * hc + heads);
        } else if (strcmp(op, "head_dot") == 0 || strcmp(op, "head_outer") == 0) {
            cost_of(&c, 2.0, in[0].rows, (Dim){{0}, in[0].cols});  // a multiply-add per element
            c.stream = 4.0 * (in_cols + out.cols) * unit(in[0].rows);
        } else if (strcmp(op, "head_mul") == 0 || strcmp(op, "head_mean_t") == 0) {
            cost_of(&c, 1.0, out.rows, cols);
            c.stream = 4.0 * (in_cols + out.cols) * unit(out.rows);
        } else if (strcmp(op, "head_mean") == 0) {
            cost_of(&c, 1.0, in[0].rows, (Dim){{0}, in[0].cols});
            c.stream = 4.0 * (in_cols + out.cols) * unit(in[0].rows);
        } else if (strcmp(op, "rowdot") == 0) {
            cost_of(&c, 2.0, in[0].rows, (Dim){{0}, in[0].cols});
            c.stream = 4.0 * (in_cols + out.cols) * unit(in[0].rows);
        } else if (strcmp(op, "bce_logits") == 0 || strcmp(op, "bce_grad") == 0) {
            cost_of(&c, 5.0, in[0].rows, (Dim){{0}, 1});
            c.stream = 4.0 * (in_cols + out.cols) * unit(in[0].rows);
        } else if (strcmp(op, "gather") == 0) {
            cost_of(&c, 4.0, out.rows, cols);
            c.bytes = c.flops;
            c.flops = 0;
            c.stream = 4.0 * (in_cols + out.cols) * unit(out.rows);  // a table row, an index
        } else if (strcmp(op, "scatter_add") == 0 || strcmp(op, "sum_rows") == 0) {
            cost_of(&c, 1.0, in[0].rows, (Dim){{0}, in[0].cols});
            if (strcmp(op, "scatter_add") == 0)
                c.bytes = 4.0 * c.flops;
            c.stream = 4.0 * (in_cols + out.cols) * unit(in[0].rows);  // per input row
        } else if (strcmp(op, "add") == 0 || strcmp(op, "sub") == 0 || strcmp(op, "mul") == 0 ||
                   strcmp(op, "scale") == 0 || strcmp(op, "bias_add") == 0 ||
                   strcmp(op, "mul_col") == 0 || strcmp(op, "relu") == 0 ||
                   strcmp(op, "relu_grad") == 0) {
            cost_of(&c, 1.0, out.rows, cols);
            c.stream = 4.0 * (in_cols + out.cols) * unit(out.rows);
        } else {
            continue;   // leaves (param, node_ids, features, labels, zeros, one): no work
        }
        if (n + 2 >= MAX_VALS)
            die("%s: too many ops", path);
        if (c.per == PER_SYM && c.sym[0])
            c.per = PER_ROWS;
        costs[n++] = c;
    }
    fclose(f);
    free(vals);
    *n_costs = n;
    return costs;
}

// A compiled model's row extents: HgnnModel.rows (ABI 4).
typedef struct Hook {
    const HgnnModel *md;
    int32_t node_map[HGNN_MAX_NODE_TYPES], edge_map[HGNN_MAX_EDGE_TYPES];
    int64_t n;          // IR nodes
    int64_t *out;       // 2n: one batch's rows and edges per node
    double *sum;        // 2n: their sums over a pass (scaled like the size symbols)
} Hook;

static void hook_open(Hook *h, const char *path, const RtGraph *g) {
    void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!dl)
        die("%s: cannot load: %s", path, dlerror());
    HgnnEntryFn entry;
    void *sym = dlsym(dl, HGNN_ENTRY_SYMBOL);
    memcpy(&entry, &sym, sizeof entry);
    h->md = entry ? entry() : NULL;
    if (!h->md || h->md->magic != HGNN_MAGIC || h->md->abi_version != HGNN_ABI_VERSION ||
        !h->md->rows)
        die("%s: not a model made by this hgnnc (no %s, or not ABI %d)", path, HGNN_ENTRY_SYMBOL,
            HGNN_ABI_VERSION);
    RtError err = {0};
    if (rt_graph_map_types(g, h->md->node_types, h->md->n_node_types, h->md->edge_types,
                           h->md->n_edge_types, h->node_map, h->edge_map, &err) < 0)
        die("%s: %s", path, RT_ERR_TEXT(&err));
    h->n = h->md->rows(HGNN_RUN_TRAIN, NULL, NULL);
    h->out = malloc((size_t)(2 * h->n + 2) * sizeof *h->out);
    h->sum = calloc((size_t)(2 * h->n + 2), sizeof *h->sum);
    if (!h->out || !h->sum)
        die("out of memory");
}

// Adds one batch's counts in `mode` to h->sum.
static void hook_add(Hook *h, const RtGraph *g, const RtBatch *b, int mode) {
    HgnnBatch hb;
    int64_t dims[HGNN_NUM_DIMS(HGNN_MAX_NODE_TYPES, HGNN_MAX_EDGE_TYPES)];
    if (rt_batch_view(b, g, h->md->n_node_types, h->node_map, h->md->n_edge_types, h->edge_map,
                      h->md->label_edge_type, &hb, dims) < 0)
        die("the batch does not fit the model's types");
    h->md->rows(mode, &hb, h->out);
    for (int64_t i = 0; i < 2 * h->n; i++)
        h->sum[i] += h->out[i] > 0 ? (double)h->out[i] : 0.0;
}

// Sums of every batch size symbol over one pass of loader l. With limit > 0 only the first
// `limit` batches are sampled and the sums are scaled to the whole pass (a projection, which
// the caller reports as such); *seconds is the sampling time per batch.
static void pass_sums(const RtGraph *g, RtLoader *l, Sym *syms, int *n_syms, const char *prefix,
                      int64_t limit, double *batches, double *sampled, double *seconds, Hook *hk,
                      int mode) {
    RtBatch b;
    rt_batch_init(&b);
    double sn[HGNN_MAX_NODE_TYPES] = {0}, se[HGNN_MAX_EDGE_TYPES] = {0}, sl = 0;
    // Nodes within h hops of the seeds (h = 0, 1) and edges into them: what a layer needs when
    // it is computed only where the next layer (or the classifier) reads it.
    double hn[2][HGNN_MAX_NODE_TYPES] = {{0}}, he[2][HGNN_MAX_EDGE_TYPES] = {{0}};
    rt_loader_begin_epoch(l, 0);
    int64_t nb = rt_loader_num_batches(l), ns = limit > 0 && limit < nb ? limit : nb;
    double t0 = now(), t_hook = 0;
    for (int64_t i = 0; i < ns; i++) {
        if (rt_loader_fill(l, i, &b) < 0)
            die("out of memory sampling a batch");
        for (int t = 0; t < g->n_node_types; t++)
            sn[t] += b.n_nodes[t];
        for (int e = 0; e < g->n_edge_types; e++)
            se[e] += b.n_edges[e];
        sl += b.n_labels;
        if (hk) {  // not sampling time
            double th = now();
            hook_add(hk, g, &b, mode);
            t_hook += now() - th;
        }
        for (int h = 0; h < 2; h++) {
            for (int t = 0; t < g->n_node_types; t++)
                hn[h][t] += b.hop_end[t][h];
            for (int e = 0; e < g->n_edge_types; e++) {
                int32_t lim = b.hop_end[g->edges[e].dst_type][h];
                for (int32_t j = 0; j < b.n_edges[e]; j++)
                    he[h][e] += b.edge_dst[e][j] < lim;
            }
        }
    }
    if (!*prefix && ns) {
        for (int h = 0; h < 2; h++) {
            for (int t = 0; t < g->n_node_types; t++)
                printf("flops_batch_mean_hop%d_N_%s %.1f\n", h, g->nodes[t].name,
                       hn[h][t] / (double)ns);
            for (int e = 0; e < g->n_edge_types; e++)
                printf("flops_batch_mean_hop%d_E_%s %.1f\n", h, g->edges[e].name,
                       he[h][e] / (double)ns);
        }
    }
    *seconds = ns ? (now() - t0 - t_hook) / (double)ns : 0.0;
    double scale = ns ? (double)nb / (double)ns : 0.0;
    for (int t = 0; t < g->n_node_types; t++)
        sn[t] *= scale;
    for (int e = 0; e < g->n_edge_types; e++)
        se[e] *= scale;
    sl *= scale;
    for (int64_t i = 0; hk && i < 2 * hk->n; i++)
        hk->sum[i] *= scale;
    *sampled = (double)ns;
    rt_batch_free(&b);
    *batches = (double)nb;
    int k = *n_syms;
    for (int t = 0; t < g->n_node_types; t++) {
        name_printf(syms[k].name, sizeof syms[k].name, "%sN_%s", prefix, g->nodes[t].name);
        syms[k++].value = sn[t];
    }
    for (int e = 0; e < g->n_edge_types; e++) {
        name_printf(syms[k].name, sizeof syms[k].name, "%sE_%s", prefix, g->edges[e].name);
        syms[k++].value = se[e];
    }
    name_printf(syms[k].name, sizeof syms[k].name, "%sL", prefix);
    syms[k++].value = sl;
    *n_syms = k;
}

// Adam per parameter and step (spec §6): m, v updates, sqrt, divide, step: ~12 FLOPs; it reads
// p, g, m, v and writes p, m, v: 28 bytes.
#define ADAM_FLOPS 12.0
#define ADAM_BYTES 28.0

// The value a cost scales with over one pass: the batch-size symbol's total, or with a model,
// the summed rows or edges of its node (sum: 2 per node, rows then edges).
static double cost_total(const Cost *c, const Sym *syms, int n_syms, const char *prefix,
                         double batches, const double *sum) {
    if (!sum || c->per == PER_SYM)
        return pass_total(syms, n_syms, prefix, c->sym, batches);
    return sum[2 * c->id + (c->per == PER_EDGES)];
}

static int cmd_flops(const char *ir, const char *data, uint64_t seed, int64_t limit,
                     const char *model) {
    RtError err = {0};
    RtGraph g;
    RtSplit s = {0};
    // Wall and CPU seconds of each stage of the data path, to see which one grows faster than
    // the data does.
    double w0 = now(), c0 = cpu_now();
    if (rt_movielens_load(data, &g, &err) < 0)
        die("%s", RT_ERR_TEXT(&err));
    double w1 = now(), c1 = cpu_now();
    if (rt_graph_to_undirected(&g, &err) < 0)
        die("%s", RT_ERR_TEXT(&err));
    double w2 = now(), c2 = cpu_now();
    RtSplitConfig scfg;
    rt_split_defaults(&scfg);
    if (rt_split_link(&g, rt_graph_edge_type(&g, "user__rates__movie"), &scfg, seed, &s, &err) < 0)
        die("%s", RT_ERR_TEXT(&err));
    double w3 = now(), c3 = cpu_now();
    printf("stage_load_seconds %.3f\nstage_load_cpu_seconds %.3f\n", w1 - w0, c1 - c0);
    printf("stage_undirected_seconds %.3f\nstage_undirected_cpu_seconds %.3f\n", w2 - w1, c2 - c1);
    printf("stage_split_seconds %.3f\nstage_split_cpu_seconds %.3f\n", w3 - w2, c3 - c2);
    RtLoaderConfig tcfg, ecfg;
    rt_loader_train_defaults(&tcfg);
    rt_loader_eval_defaults(&ecfg);
    RtLoader *train = rt_loader_new(&g, &s, RT_SPLIT_TRAIN, &tcfg, seed, &err);
    RtLoader *val =
        train ? rt_loader_new(&g, &s, RT_SPLIT_VAL, &ecfg, seed, &err) : NULL;
    if (!val)
        die("%s", RT_ERR_TEXT(&err));
    printf("stage_loaders_seconds %.3f\nstage_loaders_cpu_seconds %.3f\n", now() - w3,
           cpu_now() - c3);

    // Symbols: graph sizes, then per-pass batch sums ("" prefix: training, "val:" validation).
    Sym syms[4 * (HGNN_MAX_NODE_TYPES + HGNN_MAX_EDGE_TYPES) + 8];
    int n_syms = 0;
    for (int t = 0; t < g.n_node_types; t++) {
        name_printf(syms[n_syms].name, sizeof syms[0].name, "V_%s", g.nodes[t].name);
        syms[n_syms++].value = (double)g.nodes[t].count;
    }
    // With a model: its rows per node, training mode over training batches, forward mode over
    // validation batches.
    Hook ht = {0}, hv = {0};
    if (model) {
        hook_open(&ht, model, &g);
        hook_open(&hv, model, &g);
    }
    double train_batches, val_batches, train_sampled, val_sampled, train_sec, val_sec;
    pass_sums(&g, train, syms, &n_syms, "", limit, &train_batches, &train_sampled, &train_sec,
              model ? &ht : NULL, HGNN_RUN_TRAIN);
    pass_sums(&g, val, syms, &n_syms, "val:", limit, &val_batches, &val_sampled, &val_sec,
              model ? &hv : NULL, HGNN_RUN_FORWARD);

    double params;
    int n_costs, n_nodes = 0;
    Cost *costs = read_ir(ir, &n_costs, &params, syms, n_syms, &n_nodes);
    if (model && ht.n != n_nodes)
        die("%s has %lld IR nodes, %s %d: not the same model", model, (long long)ht.n, ir,
            n_nodes);
    printf("flops_extents %s\n", model ? "model" : "full");
    // Training epoch: every op over every batch. Validation: forward ops over val batches.
    double mm_f = 0, mm_b = 0, other_f = 0, other_b = 0, bytes = 0, val_flops = 0, val_bytes = 0;
    double stream_mm = 0, stream_other = 0, val_stream = 0;
    for (int i = 0; i < n_costs; i++) {
        const Cost *c = &costs[i];
        double v = cost_total(c, syms, n_syms, "", train_batches, model ? ht.sum : NULL);
        double fl = c->flops * v;
        if (c->matmul)
            *(c->backward ? &mm_b : &mm_f) += fl;
        else
            *(c->backward ? &other_b : &other_f) += fl;
        bytes += c->bytes * v;
        *(c->matmul ? &stream_mm : &stream_other) += c->stream * v;
        if (!c->backward) {
            double vv = cost_total(c, syms, n_syms, "val:", val_batches, model ? hv.sum : NULL);
            val_flops += c->flops * vv;
            val_bytes += c->bytes * vv;
            val_stream += c->stream * vv;
        }
    }
    printf("flops_data %s\n", data);
    printf("flops_train_batches %.0f\n", train_batches);
    // Fewer batches sampled than the pass has: the totals below are projected from them.
    printf("flops_sampled_train_batches %.0f\n", train_sampled);
    printf("flops_sampled_val_batches %.0f\n", val_sampled);
    printf("flops_sampling_seconds_per_train_batch %.6f\n", train_sec);
    printf("flops_sampling_seconds_per_val_batch %.6f\n", val_sec);
    for (int i = 0; i < n_syms; i++)
        if (syms[i].name[0] != 'V' && strncmp(syms[i].name, "val:", 4) != 0)
            printf("flops_batch_mean_%s %.1f\n", syms[i].name, syms[i].value / train_batches);
    printf("flops_params %.0f\n", params);
    printf("flops_matmul_forward %.4e\n", mm_f);
    printf("flops_matmul_backward %.4e\n", mm_b);
    printf("flops_other_forward %.4e\n", other_f);
    printf("flops_other_backward %.4e\n", other_b);
    printf("flops_gather_scatter_bytes %.4e\n", bytes);
    double adam = ADAM_FLOPS * params * train_batches;
    printf("flops_adam %.4e\n", adam);
    printf("flops_adam_bytes %.4e\n", ADAM_BYTES * params * train_batches);
    printf("flops_epoch_total %.4e\n", mm_f + mm_b + other_f + other_b + adam);
    printf("flops_stream_bytes_matmul %.4e\n", stream_mm);
    printf("flops_stream_bytes_other %.4e\n", stream_other);
    printf("flops_stream_bytes_total %.4e\n",
           stream_mm + stream_other + ADAM_BYTES * params * train_batches);
    printf("flops_val_batches %.0f\n", val_batches);
    printf("flops_val_forward %.4e\n", val_flops);
    printf("flops_val_bytes %.4e\n", val_bytes);
    printf("flops_val_stream_bytes %.4e\n", val_stream);
    free(costs);
    free(ht.out);
    free(ht.sum);
    free(hv.out);
    free(hv.sum);
    rt_loader_free(train);
    rt_loader_free(val);
    rt_split_free(&s);
    rt_graph_free(&g);
    return 0;
}

// ---- run: wall time and peak RSS of a command ----

static int cmd_run(const char *out, char **argv) {
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        execvp(argv[0], argv);
        fprintf(stderr, "bench_epoch: error: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        die("wait: %s", strerror(errno));
    double t = now() - t0;
    FILE *f = fopen(out, "w");
    if (!f)
        die("%s: cannot write: %s", out, strerror(errno));
    fprintf(f,
            "run_seconds %.4f\nrun_peak_rss_mb %.1f\nrun_user_seconds %.3f\nrun_sys_seconds %.3f\n",
            t, (double)ru.ru_maxrss / 1024.0,
            (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec,
            (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec);
    fclose(f);
    if (!WIFEXITED(status))
        die("%s ended by signal %d", argv[0], WTERMSIG(status));
    return WEXITSTATUS(status);
}

// ---- metrics: figures from a hgnn-run --metrics file ----

static double num(const RtJsonValue *obj, const char *key) {
    const RtJsonValue *v = obj ? rt_json_get(obj, key) : NULL;
    return v && v->kind == JV_NUM ? v->num : -1.0;
}

static int cmd_metrics(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f)
        die("%s: cannot open: %s", path, strerror(errno));
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof text, f);
    fclose(f);
    RtJsonValue root;
    RtError err = {0};
    if (rt_json_parse(text, len, &root, &err) < 0)
        die("%s: %s", path, RT_ERR_TEXT(&err));
    const RtJsonValue *ep = rt_json_get(&root, "epochs");
    if (!ep || ep->kind != JV_ARR)
        die("%s: no \"epochs\" array", path);
    // Median of epochs 2..n: epoch 1 pays for first touches of memory and a cold cache.
    double sec[1024];
    int n = 0;
    for (int64_t i = 1; i < ep->n && n < 1024; i++)
        sec[n++] = num(&ep->items[i], "seconds");
    printf("metrics_epochs %lld\n", (long long)ep->n);
    if (ep->n > 0)
        printf("metrics_epoch1_seconds %.4f\n", num(&ep->items[0], "seconds"));
    if (n) {
        qsort(sec, (size_t)n, sizeof *sec, cmp_d);
        printf("metrics_epoch_median_seconds %.4f\n",
               n % 2 ? sec[n / 2] : 0.5 * (sec[n / 2 - 1] + sec[n / 2]));
        printf("metrics_epoch_best_seconds %.4f\n", sec[0]);
    }
    if (ep->n > 0)
        printf("metrics_last_loss %.4f\n", num(&ep->items[ep->n - 1], "loss"));
    printf("metrics_val_auc %.4f\n", num(&root, "val_auc"));
    printf("metrics_test_auc %.4f\n", num(&root, "test_auc"));
    printf("metrics_val_seconds %.4f\n", num(rt_json_get(&root, "val"), "seconds"));
    printf("metrics_test_seconds %.4f\n", num(rt_json_get(&root, "test"), "seconds"));
    printf("metrics_peak_rss_mb %.1f\n", num(&root, "peak_rss_mb"));
    printf("metrics_threads %.0f\n", num(&root, "threads"));
    const RtJsonValue *core = rt_json_get(&root, "blas_core");
    printf("metrics_blas_core %s\n", core && core->kind == JV_STR && *core->str ? core->str : "?");
    rt_json_value_free(&root);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "sgemm") == 0)
        return cmd_sgemm(argc > 2 ? atoi(argv[2]) : 1);
    if (argc >= 4 && argc <= 7 && strcmp(argv[1], "flops") == 0)
        return cmd_flops(argv[2], argv[3], argc > 4 ? strtoull(argv[4], NULL, 10) : 0,
                         argc > 5 ? atoll(argv[5]) : 0, argc > 6 ? argv[6] : NULL);
    if (argc >= 4 && strcmp(argv[1], "run") == 0)
        return cmd_run(argv[2], argv + 3);
    if (argc == 3 && strcmp(argv[1], "metrics") == 0)
        return cmd_metrics(argv[2]);
    fprintf(stderr, "usage: bench_epoch sgemm THREADS | "
                    "flops GRAD_IR DATA [SEED [MAX_BATCHES [MODEL_SO]]] | "
                    "run OUT CMD [ARGS...] | metrics FILE\n");
    return 1;
}
