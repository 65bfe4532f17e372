// test_interp.c — the reference interpreter, op by op, against naive computations written
// independently here (edges are walked as a flat list, not through the CSR offsets), plus the
// SAGE worked example of pyg-semantics.md §4 and interp_run on the whole fixture model.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "interp.h"
#include "ir.h"
#include "ir_fixture.h"

static const Loc here = {"test_interp.c", 0, 0};

// Everything one op test needs: a module with the fixture schema, a random batch, parameters.
typedef struct Case {
    Arena arena;
    IrModule *m;
    FixtureBatch fb;
    float **params;
} Case;

static void case_begin(Case *c) {
    arena_init(&c->arena);
    c->m = ir_module_new(&c->arena, "op");
    fixture_schema(c->m, 3);
    c->m->stage = IR_STAGE_HETERO;
    FixtureSizes s = fixture_sizes_small();
    fixture_batch(&c->fb, &s, 3, 42);
    c->params = NULL;
}

// Call after building: allocates random parameters for whatever the test added.
static void case_params(Case *c) {
    ir_verify(c->m);
    c->params = fixture_alloc_params(c->m, c->fb.dims, 1.0f, 7);
}

static void case_end(Case *c) {
    fixture_free_params(c->m, c->params);
    fixture_batch_free(&c->fb);
    arena_free(&c->arena);
}

static double *value(Case *c, IrNode *n, int64_t *rows) {
    return interp_value(c->m, HGNN_RUN_TRAIN, &c->fb.b, c->params, n, rows);
}

// Max |got - want| over n entries, reported with the op name when above tol.
static void check_close(const char *what, const double *got, const double *want, int64_t n,
                        double tol) {
    double worst = 0;
    for (int64_t i = 0; i < n; i++) {
        double d = fabs(got[i] - want[i]);
        if (!(d <= worst))
            worst = d;  // also catches NaN
    }
    if (!(worst <= tol)) {
        fprintf(stderr, "%s: max error %g > %g\n", what, worst, tol);
        failures++;
    }
}

#define N_USER 5
#define N_MOVIE 6

static void test_leaves_and_gather(void) {
    Case c;
    case_begin(&c);
    IrModule *m = c.m;
    IrNode *ids = ir_emit_leaf(m, IR_NODE_IDS, 1, here);
    IrNode *feat = ir_emit_leaf(m, IR_FEATURES, 1, here);
    IrNode *x = ir_emit(m, IR_GATHER, here, feat, ids, NULL);
    IrNode *lab = ir_emit_leaf(m, IR_LABELS, -1, here);
    IrNode *ls = ir_emit_leaf(m, IR_LABEL_SRC, -1, here);
    IrNode *ld = ir_emit_leaf(m, IR_LABEL_DST, -1, here);
    IrNode *one = ir_emit_leaf(m, IR_ONE, -1, here);
    IrNode *z = ir_emit_zeros(m, (IrType){DT_F32, {DIM_NODES, 0}, 2}, here);
    int p = ir_param_add(m, "w", (IrDim){DIM_CONST, 3}, 2, HGNN_INIT_UNIFORM, 1, 0, here);
    IrNode *w = ir_emit_param(m, p, here);
    case_params(&c);
    const FixtureBatch *fb = &c.fb;
    int64_t r;
    double *v = value(&c, ids, &r);
    CHECK(r == N_MOVIE);
    for (int i = 0; i < N_MOVIE; i++)
        CHECK(v[i] == fb->node_ids[1][i]);
    free(v);
    v = value(&c, x, &r);
    for (int i = 0; i < N_MOVIE; i++)
        for (int j = 0; j < 3; j++)
            CHECK(v[i * 3 + j] == fb->features[1][fb->node_ids[1][i] * 3 + j]);
    free(v);
    v = value(&c, feat, &r);
    CHECK(r == 9);
    free(v);
    double *a = value(&c, lab, &r), *b = value(&c, ls, NULL), *d = value(&c, ld, NULL);
    CHECK(r == 8);
    for (int i = 0; i < 8; i++)
        CHECK(a[i] == fb->labels[i] && b[i] == fb->label_src[i] && d[i] == fb->label_dst[i]);
    free(a);
    free(b);
    free(d);
    v = value(&c, one, &r);
    CHECK(r == 1 && v[0] == 1);
    free(v);
    v = value(&c, z, &r);
    CHECK(r == N_USER);
    for (int i = 0; i < N_USER * 2; i++)
        CHECK(v[i] == 0);
    free(v);
    v = value(&c, w, &r);
    for (int i = 0; i < 6; i++)
        CHECK(v[i] == c.params[p][i]);
    free(v);
    case_end(&c);
}

static void test_matmul(void) {
    static const int combos[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    for (int t = 0; t < 4; t++) {
        int ta = combos[t][0], tb = combos[t][1];
        Case c;
        case_begin(&c);
        IrModule *m = c.m;
        // a: [N_movie x 3] unless transposed with constant rows; shapes chosen so each
        // combination is valid: (0,0) [N x 3].[3 x 4]; (0,1) [N x 3].[4 x 3]^T;
        // (1,0) [N x 3]^T.[N x 2]; (1,1) [4 x 3]^T.[2 x 4]^T.
        IrDim nm = {DIM_NODES, 1};
        IrNode *a, *b;
        int64_t R, K, C;
        if (!ta) {
            a = fixture_value(m, nm, 3);
            b = tb ? fixture_value(m, (IrDim){DIM_CONST, 4}, 3)
                   : fixture_value(m, (IrDim){DIM_CONST, 3}, 4);
            R = N_MOVIE, K = 3, C = 4;
        } else if (!tb) {
            a = fixture_value(m, nm, 3);
            b = fixture_value(m, nm, 2);
            R = 3, K = N_MOVIE, C = 2;
        } else {
            a = fixture_value(m, (IrDim){DIM_CONST, 4}, 3);
            b = fixture_value(m, (IrDim){DIM_CONST, 2}, 4);
            R = 3, K = 4, C = 2;
        }
        IrNode *y = ir_emit_matmul(m, here, a, ta, b, tb);
        case_params(&c);
        int64_t ra, rb, ry;
        double *av = value(&c, a, &ra), *bv = value(&c, b, &rb), *yv = value(&c, y, &ry);
        CHECK(ry == R && y->type.cols == C);
        double *want = calloc((size_t)(R * C), sizeof *want);
        int64_t acols = a->type.cols, bcols = b->type.cols;
        for (int64_t i = 0; i < R; i++)
            for (int64_t j = 0; j < C; j++)
                for (int64_t k = 0; k < K; k++) {
                    double x = ta ? av[k * acols + i] : av[i * acols + k];
                    double z = tb ? bv[j * bcols + k] : bv[k * bcols + j];
                    want[i * C + j] += x * z;
                }
        char what[32];
        snprintf(what, sizeof what, "matmul ta=%d tb=%d", ta, tb);
        check_close(what, yv, want, R * C, 1e-12);
        free(av);
        free(bv);
        free(yv);
        free(want);
        case_end(&c);
    }
}

static void test_elementwise(void) {
    Case c;
    case_begin(&c);
    IrModule *m = c.m;
    IrDim nu = {DIM_NODES, 0};
    IrNode *a = fixture_value(m, nu, 3), *b = fixture_value(m, nu, 3);
    IrNode *bias = fixture_value(m, (IrDim){DIM_CONST, 1}, 3);
    IrNode *col = fixture_value(m, nu, 1);
    IrNode *ops[20] = {
        ir_emit(m, IR_ADD, here, a, b, NULL),       ir_emit(m, IR_SUB, here, a, b, NULL),
        ir_emit(m, IR_MUL, here, a, b, NULL),       ir_emit_scale(m, here, a, 0.37f),
        ir_emit(m, IR_RELU, here, a, NULL, NULL),   ir_emit(m, IR_RELU_GRAD, here, a, b, NULL),
        ir_emit(m, IR_BIAS_ADD, here, a, bias, NULL), ir_emit(m, IR_MUL_COL, here, a, col, NULL),
        ir_emit(m, IR_SUM_ROWS, here, a, NULL, NULL), ir_emit(m, IR_ROWDOT, here, a, b, NULL),
        ir_emit(m, IR_SIGMOID, here, a, NULL, NULL), ir_emit(m, IR_SIGMOID_GRAD, here, a, b, NULL),
        ir_emit(m, IR_TANH, here, a, NULL, NULL),   ir_emit(m, IR_TANH_GRAD, here, a, b, NULL),
        ir_emit(m, IR_LEAKY_RELU, here, a, NULL, NULL),
        ir_emit(m, IR_LEAKY_RELU_GRAD, here, a, b, NULL),
        ir_emit(m, IR_ELU, here, a, NULL, NULL),    ir_emit(m, IR_ELU_GRAD, here, a, b, NULL),
        ir_emit(m, IR_GELU, here, a, NULL, NULL),   ir_emit(m, IR_GELU_GRAD, here, a, b, NULL),
    };
    for (int o = 14; o < 18; o++)
        ops[o]->f = 0.25f;
    case_params(&c);
    double *av = value(&c, a, NULL), *bv = value(&c, b, NULL), *biv = value(&c, bias, NULL);
    double *cv = value(&c, col, NULL);
    double want[N_USER * 3];
    for (int o = 0; o < 20; o++) {
        int64_t n = N_USER * 3;
        memset(want, 0, sizeof want);
        for (int i = 0; i < N_USER; i++)
            for (int j = 0; j < 3; j++) {
                int k = i * 3 + j;
                double x = av[k], y = bv[k];
                switch (o) {
                case 0: want[k] = x + y; break;
                case 1: want[k] = x - y; break;
                case 2: want[k] = x * y; break;
                case 3: want[k] = (double)0.37f * x; break;
                case 4: want[k] = x > 0 ? x : 0; break;
                case 5: want[k] = x > 0 ? y : 0; break;
                case 6: want[k] = x + biv[j]; break;
                case 7: want[k] = x * cv[i]; break;
                case 8: want[j] += x; n = 3; break;
                case 9: want[i] += x * y; n = N_USER; break;
                case 10: want[k] = 1 / (1 + exp(-x)); break;
                case 11: want[k] = y * x * (1 - x); break;
                case 12: want[k] = tanh(x); break;
                case 13: want[k] = y * (1 - x * x); break;
                case 14: want[k] = x > 0 ? x : 0.25 * x; break;
                case 15: want[k] = x > 0 ? y : 0.25 * y; break;
                case 16: want[k] = x > 0 ? x : 0.25 * (exp(x) - 1); break;
                case 17: want[k] = x > 0 ? y : 0.25 * exp(x) * y; break;
                case 18: want[k] = x * 0.5 * erfc(-x / sqrt(2)); break;
                case 19: {  // Phi(x) + x phi(x)
                    double phi = exp(-x * x / 2) / sqrt(2 * 3.14159265358979323846);
                    want[k] = y * (0.5 * erfc(-x / sqrt(2)) + x * phi);
                    break;
                }
                }
            }
        double *got = value(&c, ops[o], NULL);
        check_close(ir_op_name(ops[o]->op), got, want, n, 1e-12);
        free(got);
    }
    // relu really cuts something in this draw, so case 4 is not an identity test.
    int neg = 0;
    for (int k = 0; k < N_USER * 3; k++)
        neg += av[k] < 0;
    CHECK(neg > 0 && neg < N_USER * 3);
    free(av);
    free(bv);
    free(biv);
    free(cv);
    case_end(&c);
}

// normalize divides each row by its 2-norm (at least 1e-12); normalize_grad(x, dy) is
// (dy - y <y, dy>) / |x| per row, and dy / 1e-12 on a zero row (torch's clamp_min(eps)).
static void test_normalize(void) {
    Case c;
    case_begin(&c);
    IrModule *m = c.m;
    IrDim nu = {DIM_NODES, 0};
    IrNode *a = fixture_value(m, nu, 3), *dy = fixture_value(m, nu, 3);
    IrNode *z = ir_emit_scale(m, here, a, 0.0f);
    IrNode *y = ir_emit(m, IR_NORMALIZE, here, a, NULL, NULL);
    IrNode *dx = ir_emit(m, IR_NORMALIZE_GRAD, here, a, dy, NULL);
    IrNode *yz = ir_emit(m, IR_NORMALIZE, here, z, NULL, NULL);
    IrNode *dz = ir_emit(m, IR_NORMALIZE_GRAD, here, z, dy, NULL);
    case_params(&c);
    double *av = value(&c, a, NULL), *gv = value(&c, dy, NULL);
    double *yv = value(&c, y, NULL), *dxv = value(&c, dx, NULL);
    double *yzv = value(&c, yz, NULL), *dzv = value(&c, dz, NULL);
    double want_y[N_USER * 3], want_dx[N_USER * 3], want_dz[N_USER * 3], zero[N_USER * 3] = {0};
    double unit = 0, ortho = 0;  // |y_i| - 1 and <y_i, dx_i>, worst over rows
    for (int i = 0; i < N_USER; i++) {
        const double *x = av + i * 3, *g = gv + i * 3;
        double nrm = sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
        CHECK(nrm > 1e-3);  // the draw exercises the ordinary branch
        double yg = 0, yy = 0, yd = 0;
        for (int j = 0; j < 3; j++)
            yg += x[j] / nrm * g[j];
        for (int j = 0; j < 3; j++) {
            int k = i * 3 + j;
            want_y[k] = x[j] / nrm;
            want_dx[k] = (g[j] - x[j] / nrm * yg) / nrm;
            want_dz[k] = g[j] / 1e-12;
            yy += yv[k] * yv[k];
            yd += yv[k] * dxv[k];
        }
        unit = fmax(unit, fabs(sqrt(yy) - 1));
        ortho = fmax(ortho, fabs(yd));
    }
    check_close("normalize", yv, want_y, N_USER * 3, 1e-12);
    check_close("normalize_grad", dxv, want_dx, N_USER * 3, 1e-12);
    check_close("normalize of zero rows", yzv, zero, N_USER * 3, 0);
    check_close("normalize_grad on zero rows", dzv, want_dz, N_USER * 3, 1e-3);
    CHECK(unit < 1e-12 && ortho < 1e-12);
    CHECK(fabs(dzv[0]) > 1e6);  // the eps branch really divides by eps
    free(av);
    free(gv);
    free(yv);
    free(dxv);
    free(yzv);
    free(dzv);
    case_end(&c);
}

static void test_scatter(void) {
    Case c;
    case_begin(&c);
    IrModule *m = c.m;
    IrNode *src = fixture_value(m, (IrDim){DIM_LABELS, 0}, 2);
    IrNode *idx = ir_emit_leaf(m, IR_LABEL_DST, -1, here);
    IrNode *y = ir_emit_scatter(m, here, src, idx, (IrDim){DIM_NODES, 1});
    case_params(&c);
    double *sv = value(&c, src, NULL);
    int64_t r;
    double *yv = value(&c, y, &r);
    CHECK(r == N_MOVIE);
    double want[N_MOVIE * 2] = {0};
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 2; j++)
            want[c.fb.label_dst[i] * 2 + j] += sv[i * 2 + j];
    check_close("scatter_add", yv, want, N_MOVIE * 2, 1e-12);
    free(sv);
    free(yv);
    case_end(&c);
}

// Aggregations over both edge types, checked by scanning the flat edge list.
static void test_agg(void) {
    for (int e = 0; e < 2; e++) {
        Case c;
        case_begin(&c);
        IrModule *m = c.m;
        int st = m->edge_types[e].src, dt = m->edge_types[e].dst;
        int64_t ns = st == 0 ? N_USER : N_MOVIE, nd = dt == 0 ? N_USER : N_MOVIE;
        int64_t ne = c.fb.dims[HGNN_DIM_E(2, e)];
        const int32_t *es = c.fb.edge_src[e], *ed = c.fb.edge_dst[e];
        IrNode *x = fixture_value(m, (IrDim){DIM_NODES, st}, 2);
        IrNode *dy = fixture_value(m, (IrDim){DIM_NODES, dt}, 2);
        IrNode *sum = ir_emit_agg(m, IR_AGG_SUM, e, here, x, NULL, NULL);
        IrNode *mean = ir_emit_agg(m, IR_AGG_MEAN, e, here, x, NULL, NULL);
        IrNode *max = ir_emit_agg(m, IR_AGG_MAX, e, here, x, NULL, NULL);
        IrNode *sum_t = ir_emit_agg(m, IR_AGG_SUM_T, e, here, NULL, NULL, dy);
        IrNode *mean_t = ir_emit_agg(m, IR_AGG_MEAN_T, e, here, NULL, NULL, dy);
        IrNode *max_g = ir_emit_agg(m, IR_AGG_MAX_GRAD, e, here, x, max, dy);
        case_params(&c);
        double *xv = value(&c, x, NULL), *dv = value(&c, dy, NULL);
        double deg[8] = {0}, ws[8 * 2] = {0}, wm[8 * 2], wx[8 * 2], wst[8 * 2] = {0};
        double wmt[8 * 2] = {0}, wmg[8 * 2] = {0};
        int first[8 * 2];
        for (int i = 0; i < 16; i++)
            first[i] = -1;
        for (int64_t k = 0; k < ne; k++) {
            deg[ed[k]]++;
            for (int j = 0; j < 2; j++) {
                double v = xv[es[k] * 2 + j];
                ws[ed[k] * 2 + j] += v;
                int *f = &first[ed[k] * 2 + j];
                if (*f < 0 || v > xv[*f * 2 + j])
                    *f = es[k];
            }
        }
        int empty = 0, multi = 0;
        for (int i = 0; i < nd; i++) {
            empty += deg[i] == 0;
            multi += deg[i] > 1;
            for (int j = 0; j < 2; j++) {
                wm[i * 2 + j] = deg[i] ? ws[i * 2 + j] / deg[i] : 0;
                wx[i * 2 + j] = first[i * 2 + j] >= 0 ? xv[first[i * 2 + j] * 2 + j] : 0;
                if (first[i * 2 + j] >= 0)
                    wmg[first[i * 2 + j] * 2 + j] += dv[i * 2 + j];
            }
        }
        CHECK(empty > 0 && multi > 0);  // the batch exercises both special cases
        for (int64_t k = 0; k < ne; k++)
            for (int j = 0; j < 2; j++) {
                wst[es[k] * 2 + j] += dv[ed[k] * 2 + j];
                wmt[es[k] * 2 + j] += dv[ed[k] * 2 + j] / deg[ed[k]];
            }
        struct {
            IrNode *n;
            double *want;
            int64_t rows;
        } outs[] = {{sum, ws, nd},      {mean, wm, nd},     {max, wx, nd},
                    {sum_t, wst, ns},   {mean_t, wmt, ns},  {max_g, wmg, ns}};
        for (int o = 0; o < 6; o++) {
            int64_t r;
            double *got = value(&c, outs[o].n, &r);
            CHECK(r == outs[o].rows);
            char what[64];
            snprintf(what, sizeof what, "%s on %s", ir_op_name(outs[o].n->op),
                     m->edge_types[e].name);
            check_close(what, got, outs[o].want, outs[o].rows * 2, 1e-12);
            free(got);
        }
        free(xv);
        free(dv);
        case_end(&c);
    }
}

// GATConv's ops against a naive softmax over each destination's edges (a flat walk of the edge
// list): gat_agg (0 where no edge arrives), head_dot, head_mean; and attention dropout, whose
// mask shows where a destination has one edge: alpha = 1, so each head's output is 0 or
// hs_j / (1 - p), both outcomes at about the rate p over 64 batch seeds.
static void test_gat(void) {
    enum { H = 2, C = 3, HC = H * C };
    int kept = 0, dropped = 0;  // over both edge types (one may have no single-edge destination)
    for (int e = 0; e < 2; e++) {
        Case c;
        case_begin(&c);
        IrModule *m = c.m;
        int st = m->edge_types[e].src, dt = m->edge_types[e].dst;
        int64_t ns = st == 0 ? N_USER : N_MOVIE, nd = dt == 0 ? N_USER : N_MOVIE;
        int64_t ne = c.fb.dims[HGNN_DIM_E(2, e)];
        const int32_t *es = c.fb.edge_src[e], *ed = c.fb.edge_dst[e];
        IrNode *hs = fixture_value(m, (IrDim){DIM_NODES, st}, HC);
        IrNode *as = fixture_value(m, (IrDim){DIM_NODES, st}, H);
        IrNode *ad = fixture_value(m, (IrDim){DIM_NODES, dt}, H);
        IrNode *att = fixture_value(m, (IrDim){DIM_CONST, 1}, HC);
        IrNode attr = {.heads = H, .f = 0.2f, .p = 0, .salt = 1};
        IrNode *y = ir_emit_gat(m, IR_GAT_AGG, &attr, e, here, hs, as, ad, NULL);
        attr.p = 0.5f;
        IrNode *yd = ir_emit_gat(m, IR_GAT_AGG, &attr, e, here, hs, as, ad, NULL);
        IrNode *dot = ir_emit_head(m, IR_HEAD_DOT, here, hs, att, H);
        IrNode *mean = ir_emit_head(m, IR_HEAD_MEAN, here, y, NULL, H);
        case_params(&c);
        double *hv = value(&c, hs, NULL), *av = value(&c, as, NULL), *dv = value(&c, ad, NULL);
        double *tv = value(&c, att, NULL);
        double want[8 * HC] = {0}, deg[8] = {0};
        for (int64_t i = 0; i < nd; i++)
            for (int h = 0; h < H; h++) {
                double z = 0;
                for (int64_t k = 0; k < ne; k++)
                    if (ed[k] == i) {
                        double l = av[es[k] * H + h] + dv[i * H + h];
                        z += exp(l > 0 ? l : (double)0.2f * l);
                    }
                for (int64_t k = 0; k < ne; k++)
                    if (ed[k] == i) {
                        double l = av[es[k] * H + h] + dv[i * H + h];
                        double alpha = exp(l > 0 ? l : (double)0.2f * l) / z;
                        for (int j = 0; j < C; j++)
                            want[i * HC + h * C + j] += alpha * hv[es[k] * HC + h * C + j];
                        deg[i] += h == 0;
                    }
            }
        int64_t r;
        double *got = value(&c, y, &r);
        CHECK(r == nd);
        check_close("gat_agg", got, want, nd * HC, 1e-12);
        double wd[8 * H] = {0}, wm[8 * C];
        for (int64_t i = 0; i < ns; i++)
            for (int j = 0; j < HC; j++)
                wd[i * H + j / C] += hv[i * HC + j] * tv[j];
        for (int64_t i = 0; i < nd; i++)
            for (int j = 0; j < C; j++)
                wm[i * C + j] = (got[i * HC + j] + got[i * HC + C + j]) / 2;
        double *gd = value(&c, dot, NULL), *gm = value(&c, mean, NULL);
        check_close("head_dot", gd, wd, ns * H, 1e-12);
        check_close("head_mean", gm, wm, nd * C, 1e-12);
        for (uint64_t seed = 0; seed < 64; seed++) {
            c.fb.b.seed = seed * 0x9E3779B97F4A7C15ull;
            double *gv = value(&c, yd, NULL);
            for (int64_t i = 0; i < nd; i++) {
                int64_t k = 0;
                while (k < ne && ed[k] != i)
                    k++;
                for (int h = 0; deg[i] == 1 && h < H; h++) {
                    double *o = gv + i * HC + h * C, *x = hv + es[k] * HC + h * C;
                    int zero = o[0] == 0 && o[1] == 0 && o[2] == 0;
                    int twice = fabs(o[0] - 2 * x[0]) + fabs(o[1] - 2 * x[1]) +
                                    fabs(o[2] - 2 * x[2]) < 1e-12;
                    CHECK(zero != twice);
                    kept += twice;
                    dropped += zero;
                }
            }
            free(gv);
        }
        free(got);
        free(gd);
        free(gm);
        free(hv);
        free(av);
        free(dv);
        free(tv);
        case_end(&c);
    }
    double rate = (double)dropped / (kept + dropped > 0 ? kept + dropped : 1);
    printf("gat: %d single-edge (destination, head) draws over 64 seeds, dropped %.3f (p 0.5)\n",
           kept + dropped, rate);
    CHECK(kept + dropped >= 64 && rate > 0.3 && rate < 0.7);
}

static void test_bce(void) {
    Case c;
    case_begin(&c);
    IrModule *m = c.m;
    IrNode *x = fixture_value(m, (IrDim){DIM_LABELS, 0}, 1);
    IrNode *x3 = ir_emit_scale(m, here, x, 30.0f);  // large logits: the stable form matters
    IrNode *y = ir_emit_leaf(m, IR_LABELS, -1, here);
    IrNode *l = ir_emit(m, IR_BCE_LOGITS, here, x3, y, NULL);
    IrNode *dl = ir_emit_scale(m, here, ir_emit_leaf(m, IR_ONE, -1, here), 0.5f);
    IrNode *g = ir_emit(m, IR_BCE_GRAD, here, x3, y, dl);
    case_params(&c);
    double *xv = value(&c, x3, NULL), *lv = value(&c, l, NULL), *gv = value(&c, g, NULL);
    double want = 0, wg[8];
    for (int i = 0; i < 8; i++) {
        double p = 1 / (1 + exp(-xv[i])), t = c.fb.labels[i];
        // -log sigmoid(x) for a positive, -log(1 - sigmoid(x)) = log(1 + e^x) for a negative
        want += t == 1 ? log1p(exp(-xv[i])) : log1p(exp(xv[i]));
        wg[i] = 0.5 * (p - t) / 8;
    }
    want /= 8;
    check_close("bce_logits", lv, &want, 1, 1e-9);
    check_close("bce_grad", gv, wg, 8, 1e-12);
    free(xv);
    free(lv);
    free(gv);
    case_end(&c);
}

// MSE on rating-like labels (not 0 / 1): torch's F.mse_loss and its gradient, by hand.
static void test_mse(void) {
    Case c;
    case_begin(&c);
    IrModule *m = c.m;
    IrNode *x = ir_emit_scale(m, here, fixture_value(m, (IrDim){DIM_LABELS, 0}, 1), 3.0f);
    IrNode *y = ir_emit_leaf(m, IR_LABELS, -1, here);
    IrNode *l = ir_emit(m, IR_MSE, here, x, y, NULL);
    IrNode *dl = ir_emit_scale(m, here, ir_emit_leaf(m, IR_ONE, -1, here), 0.5f);
    IrNode *g = ir_emit(m, IR_MSE_GRAD, here, x, y, dl);
    case_params(&c);
    for (int i = 0; i < 8; i++)
        c.fb.labels[i] = 0.5f + 0.5f * (float)((i * 5) % 10);
    double *xv = value(&c, x, NULL), *lv = value(&c, l, NULL), *gv = value(&c, g, NULL);
    double want = 0, wg[8];
    for (int i = 0; i < 8; i++) {
        double d = xv[i] - c.fb.labels[i];
        want += d * d;
        wg[i] = 0.5 * 2 * d / 8;
    }
    want /= 8;
    CHECK(want > 1.0);      // the labels are not the 0 / 1 of BCE
    check_close("mse", lv, &want, 1, 1e-9);
    check_close("mse_grad", gv, wg, 8, 1e-12);
    free(xv);
    free(lv);
    free(gv);
    case_end(&c);
}

// pyg-semantics.md §4 worked example, H = 1: W_l = 2, b_l = 0.5, W_r = -1; movie 0 has x = 3
// and neighbours with x = 1 and 4 -> 2.5; movie 1 has no neighbours -> -2.5.
static void test_sage_example(void) {
    Arena a;
    arena_init(&a);
    IrModule *m = ir_module_new(&a, "sage");
    fixture_schema(m, 1);
    m->stage = IR_STAGE_HETERO;
    IrNode *hu = fixture_value(m, (IrDim){DIM_NODES, 0}, 1);
    IrNode *hm = fixture_value(m, (IrDim){DIM_NODES, 1}, 1);
    IrNode *wl = fixture_value(m, (IrDim){DIM_CONST, 1}, 1);
    IrNode *bl = fixture_value(m, (IrDim){DIM_CONST, 1}, 1);
    IrNode *wr = fixture_value(m, (IrDim){DIM_CONST, 1}, 1);
    IrNode *g = ir_emit_agg(m, IR_AGG_MEAN, 0, here, hu, NULL, NULL);
    IrNode *l = ir_emit(m, IR_BIAS_ADD, here, ir_emit_matmul(m, here, g, 0, wl, 1), bl, NULL);
    IrNode *out = ir_emit(m, IR_ADD, here, l, ir_emit_matmul(m, here, hm, 0, wr, 1), NULL);
    ir_verify(m);
    float uemb[2] = {1, 4}, memb[2] = {3, 3}, w1 = 2, b1 = 0.5f, w2 = -1;
    float *params[5] = {uemb, memb, &w1, &b1, &w2};
    int64_t dims[7] = {2, 2, 2, 2, 2, 0, 0};  // V, N, E per type, L
    int32_t ids[2] = {0, 1}, src[2] = {0, 1}, dst[2] = {0, 0}, ptr[3] = {0, 2, 2};
    int32_t ptr_rev[3] = {0, 0, 0};
    HgnnBatch b = {.dims = dims, .node_ids = {ids, ids}, .edge_src = {src, NULL},
                   .edge_dst = {dst, NULL}, .edge_ptr = {ptr, ptr_rev}};
    double *v = interp_value(m, HGNN_RUN_FORWARD, &b, params, out, NULL);
    CHECK(fabs(v[0] - 2.5) < 1e-12);
    CHECK(fabs(v[1] + 2.5) < 1e-12);
    free(v);
    arena_free(&a);
}

// interp_run on the whole model: scores are the logits interp_value gives, the loss is BCE of
// them, and the run is deterministic.
static void test_run_model(void) {
    static const IrOp aggs[3] = {IR_AGG_MEAN, IR_AGG_SUM, IR_AGG_MAX};
    for (int k = 0; k < 3; k++) {
        Arena a;
        arena_init(&a);
        IrModule *m = fixture_movielens(&a, 4, 3, aggs[k]);
        FixtureBatch fb;
        FixtureSizes s = fixture_sizes_small();
        fixture_batch(&fb, &s, 3, 99 + (uint64_t)k);
        float **p = fixture_alloc_params(m, fb.dims, 0.5f, 3);
        float scores[8], scores2[8], loss = -1, loss2 = -2;
        interp_run(m, HGNN_RUN_FORWARD, &fb.b, p, NULL, scores, &loss);
        interp_run(m, HGNN_RUN_FORWARD, &fb.b, p, NULL, scores2, &loss2);
        CHECK(memcmp(scores, scores2, sizeof scores) == 0 && loss == loss2);
        double *sv = interp_value(m, HGNN_RUN_FORWARD, &fb.b, p, m->scores, NULL);
        double want = 0;
        int distinct = 0;
        for (int i = 0; i < 8; i++) {
            CHECK(scores[i] == (float)sv[i]);
            double x = sv[i], y = fb.labels[i];
            want += fmax(x, 0) - x * y + log1p(exp(-fabs(x)));
            distinct += i > 0 && scores[i] != scores[0];
        }
        CHECK(distinct > 0);
        CHECK(fabs(loss - want / 8) < 1e-6);
        CHECK(fabs(interp_loss(m, &fb.b, p) - want / 8) < 1e-12);
        free(sv);
        fixture_free_params(m, p);
        fixture_batch_free(&fb);
        arena_free(&a);
    }
}

int main(void) {
    test_leaves_and_gather();
    test_matmul();
    test_elementwise();
    test_normalize();
    test_scatter();
    test_agg();
    test_gat();
    test_bce();
    test_mse();
    test_sage_example();
    test_run_model();
    return check_done("test_interp");
}
