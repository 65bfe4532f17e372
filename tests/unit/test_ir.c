// test_ir.c — the IR core: op table, type inference per op, printer stability (exact text),
// dead-code removal, dim indices, and that the verifier and builders reject broken modules with
// an internal error (checked in a forked child).
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "ir.h"
#include "ir_fixture.h"

static const Loc here = {"test_ir.c", 0, 0};

// Prints with ir_print into a malloc'ed string.
static char *print_str(IrModule *m, int dot) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (dot)
        ir_print_dot(f, m);
    else
        ir_print(f, m);
    fclose(f);
    return buf;
}

static int same_type(IrType t, IrDType dt, IrDimKind k, int64_t n, int64_t cols) {
    return t.dtype == dt && t.rows.kind == k && (k == DIM_LABELS || t.rows.n == n) &&
           t.cols == cols;
}

static void test_op_table(void) {
    CHECK(strcmp(ir_op_name(IR_MATMUL), "matmul") == 0);
    CHECK(strcmp(ir_op_name(IR_AGG_MAX_GRAD), "agg_max_grad") == 0);
    CHECK(ir_op_arity(IR_PARAM) == 0);
    CHECK(ir_op_arity(IR_BCE_GRAD) == 3);
    CHECK(ir_op_arity(IR_SUM_ROWS) == 1);
    for (int i = 0; i < IR_OP_COUNT; i++) {
        CHECK(ir_op_name(i)[0] != '\0');
        CHECK(ir_op_arity(i) >= 0 && ir_op_arity(i) <= IR_MAX_IN);
        for (int j = 0; j < i; j++)
            CHECK(strcmp(ir_op_name(i), ir_op_name(j)) != 0);
    }
}

// A small module whose printed form is known exactly.
static IrModule *tiny(Arena *a) {
    IrModule *m = ir_module_new(a, "tiny");
    fixture_schema(m, 3);
    m->stage = IR_STAGE_HETERO;
    int w = ir_param_add(m, "lin.weight", (IrDim){DIM_CONST, 2}, 3, HGNN_INIT_UNIFORM, 0.5f, 0,
                         here);
    int emb = ir_param_add(m, "user_emb.weight", (IrDim){DIM_GRAPH, 0}, 2, HGNN_INIT_NORMAL, 1.0f,
                           0, here);
    IrNode *ids = ir_emit_leaf(m, IR_NODE_IDS, 1, here);
    IrNode *x = ir_emit(m, IR_GATHER, here, ir_emit_leaf(m, IR_FEATURES, 1, here), ids, NULL);
    IrNode *h = ir_emit_matmul(m, here, x, 0, ir_emit_param(m, w, here), 1);
    h->name = "h.movie";
    IrNode *pe = ir_emit_param(m, emb, here);  // one builder per statement keeps the order fixed
    IrNode *u = ir_emit(m, IR_GATHER, here, pe, ir_emit_leaf(m, IR_NODE_IDS, 0, here), NULL);
    IrNode *hu = ir_emit_agg(m, IR_AGG_MEAN, 1, here, h, NULL, NULL);
    hu = ir_emit(m, IR_ADD, here, hu, u, NULL);
    IrNode *a1 = ir_emit(m, IR_GATHER, here, hu, ir_emit_leaf(m, IR_LABEL_SRC, -1, here), NULL);
    IrNode *a2 = ir_emit(m, IR_GATHER, here, h, ir_emit_leaf(m, IR_LABEL_DST, -1, here), NULL);
    m->scores = ir_emit(m, IR_ROWDOT, here, a1, a2, NULL);
    m->loss = ir_emit(m, IR_BCE_LOGITS, here, m->scores, ir_emit_leaf(m, IR_LABELS, -1, here),
                      NULL);
    return m;
}

static const char tiny_text[] =
    "module tiny\n"
    "stage hetero\n"
    "defaults epochs 0 lr 0 batch_size 0 fanout [] neg_ratio 0 split_neg_ratio 0 val 0 test 0 "
    "disjoint 0 betas 0 0 eps 0 weight_decay 0\n"
    "node_type user\n"
    "node_type movie features 3\n"
    "edge_type user__rates__movie : user -> movie\n"
    "edge_type movie__rev_rates__user : movie -> user reverse_of user__rates__movie\n"
    "label_edge_type user__rates__movie\n"
    "param lin.weight : f32[2 x 3] init uniform(0.5)\n"
    "param user_emb.weight : f32[V_user x 2] init normal(1)\n"
    "\n"
    "%0 = node_ids movie : i32[N_movie x 1]\n"
    "%1 = features movie : f32[V_movie x 3]\n"
    "%2 = gather %1, %0 : f32[N_movie x 3]\n"
    "%3 = param lin.weight : f32[2 x 3]\n"
    "%4 = matmul %2, %3 [tb] : f32[N_movie x 2]  # h.movie\n"
    "%5 = param user_emb.weight : f32[V_user x 2]\n"
    "%6 = node_ids user : i32[N_user x 1]\n"
    "%7 = gather %5, %6 : f32[N_user x 2]\n"
    "%8 = agg_mean %4 [movie__rev_rates__user] : f32[N_user x 2]\n"
    "%9 = add %8, %7 : f32[N_user x 2]\n"
    "%10 = label_src : i32[L x 1]\n"
    "%11 = gather %9, %10 : f32[L x 2]\n"
    "%12 = label_dst : i32[L x 1]\n"
    "%13 = gather %4, %12 : f32[L x 2]\n"
    "%14 = rowdot %11, %13 : f32[L x 1]\n"
    "%15 = labels : f32[L x 1]\n"
    "%16 = bce_logits %14, %15 : f32[1 x 1]\n"
    "\n"
    "scores = %14\n"
    "loss = %16\n";

static void test_printer(void) {
    Arena a;
    arena_init(&a);
    IrModule *m = tiny(&a);
    ir_verify(m);
    char *s1 = print_str(m, 0);
    if (strcmp(s1, tiny_text) != 0)
        fprintf(stderr, "printed:\n%s", s1);
    CHECK(strcmp(s1, tiny_text) == 0);
    // The same module built again (other addresses) prints the same text.
    Arena b;
    arena_init(&b);
    char *s2 = print_str(tiny(&b), 0);
    CHECK(strcmp(s1, s2) == 0);

    // Dead code: a node nothing reads disappears and the numbering closes up.
    IrNode *dead = ir_emit(m, IR_RELU, here, m->scores, NULL, NULL);
    CHECK(dead->type.rows.kind == DIM_LABELS);
    ir_remove_dead(m);
    ir_verify(m);
    char *s3 = print_str(m, 0);
    CHECK(strcmp(s1, s3) == 0);

    char *d = print_str(m, 1);
    CHECK(strncmp(d, "digraph \"tiny\" {", 16) == 0);
    CHECK(strstr(d, "n2 -> n4;") != NULL);
    CHECK(strstr(d, "n14 -> scores;") != NULL);
    CHECK(strstr(d, "%8 agg_mean [movie__rev_rates__user]\\nf32[N_user x 2]") != NULL);
    free(s1);
    free(s2);
    free(s3);
    free(d);
    arena_free(&a);
    arena_free(&b);
}

static void test_inference(void) {
    Arena a;
    arena_init(&a);
    IrModule *m = ir_module_new(&a, "inf");
    fixture_schema(m, 3);
    int w = ir_param_add(m, "w", (IrDim){DIM_CONST, 4}, 3, HGNN_INIT_ZEROS, 0, 0, here);
    IrNode *pw = ir_emit_param(m, w, here);
    CHECK(same_type(pw->type, DT_F32, DIM_CONST, 4, 3));
    IrNode *ids = ir_emit_leaf(m, IR_NODE_IDS, 1, here);
    CHECK(same_type(ids->type, DT_I32, DIM_NODES, 1, 1));
    IrNode *x = ir_emit(m, IR_GATHER, here, ir_emit_leaf(m, IR_FEATURES, 1, here), ids, NULL);
    CHECK(same_type(x->type, DT_F32, DIM_NODES, 1, 3));
    CHECK(x->ntype == 1);
    IrNode *h = ir_emit_matmul(m, here, x, 0, pw, 1);  // [N_movie x 3] . [4 x 3]^T
    CHECK(same_type(h->type, DT_F32, DIM_NODES, 1, 4));
    IrNode *g = ir_emit_matmul(m, here, h, 1, x, 0);  // [N_movie x 4]^T . [N_movie x 3]
    CHECK(same_type(g->type, DT_F32, DIM_CONST, 4, 3));
    IrNode *back = ir_emit_matmul(m, here, h, 0, pw, 0);  // [N_movie x 4] . [4 x 3]
    CHECK(same_type(back->type, DT_F32, DIM_NODES, 1, 3));
    IrNode *s = ir_emit(m, IR_SUM_ROWS, here, h, NULL, NULL);
    CHECK(same_type(s->type, DT_F32, DIM_CONST, 1, 4));
    CHECK(same_type(ir_emit(m, IR_BIAS_ADD, here, h, s, NULL)->type, DT_F32, DIM_NODES, 1, 4));
    IrNode *u = ir_emit_agg(m, IR_AGG_SUM, 1, here, h, NULL, NULL);  // movie -> user
    CHECK(same_type(u->type, DT_F32, DIM_NODES, 0, 4));
    CHECK(u->ntype == 0 && u->etype == 1);
    IrNode *ut = ir_emit_agg(m, IR_AGG_MEAN_T, 1, here, NULL, NULL, u);
    CHECK(same_type(ut->type, DT_F32, DIM_NODES, 1, 4));
    IrNode *mx = ir_emit_agg(m, IR_AGG_MAX, 1, here, h, NULL, NULL);
    IrNode *mg = ir_emit_agg(m, IR_AGG_MAX_GRAD, 1, here, h, mx, u);
    CHECK(same_type(mg->type, DT_F32, DIM_NODES, 1, 4));
    IrNode *sc = ir_emit_scatter(m, here, h, ids, (IrDim){DIM_GRAPH, 1});
    CHECK(same_type(sc->type, DT_F32, DIM_GRAPH, 1, 4));
    IrNode *rd = ir_emit(m, IR_ROWDOT, here, h, h, NULL);
    CHECK(same_type(rd->type, DT_F32, DIM_NODES, 1, 1));
    CHECK(same_type(ir_emit(m, IR_MUL_COL, here, h, rd, NULL)->type, DT_F32, DIM_NODES, 1, 4));
    IrNode *sc2 = ir_emit_scale(m, here, h, 0.25f);
    CHECK(sc2->f == 0.25f && same_type(sc2->type, DT_F32, DIM_NODES, 1, 4));
    IrNode *z = ir_emit_zeros(m, (IrType){DT_F32, {DIM_CONST, 1}, 1}, here);
    IrNode *lab = ir_emit_leaf(m, IR_LABELS, -1, here);
    IrNode *bg = ir_emit(m, IR_BCE_GRAD, here, lab, lab, z);
    CHECK(same_type(bg->type, DT_F32, DIM_LABELS, 0, 1));
    // Generic (pre-to_hetero) aggregation keeps generic rows.
    IrNode *gen = ir_emit_zeros(m, (IrType){DT_F32, {DIM_NODES, -1}, 4}, here);
    IrNode *ga = ir_emit_agg(m, IR_AGG_MEAN, -1, here, gen, NULL, NULL);
    CHECK(same_type(ga->type, DT_F32, DIM_NODES, -1, 4));
    ir_verify(m);  // stage generic: generic dims are fine

    // Dim indices follow hgnn/abi.h for T = 2, K = 2.
    CHECK(ir_dim_index(m, (IrDim){DIM_CONST, 7}) == -1);
    CHECK(ir_dim_index(m, (IrDim){DIM_GRAPH, 1}) == HGNN_DIM_V(1));
    CHECK(ir_dim_index(m, (IrDim){DIM_NODES, 0}) == HGNN_DIM_N(2, 0));
    CHECK(ir_dim_index(m, (IrDim){DIM_NODES, 1}) == 3);
    CHECK(ir_dim_index(m, (IrDim){DIM_EDGES, 1}) == HGNN_DIM_E(2, 1));
    CHECK(ir_dim_index(m, (IrDim){DIM_LABELS, 0}) == 6);

    // Many params: the table grows and keeps earlier entries.
    for (int i = 0; i < 100; i++)
        ir_param_add(m, arena_printf(&a, "p%d", i), (IrDim){DIM_CONST, 1}, i + 1,
                     HGNN_INIT_ZEROS, 0, 0, here);
    CHECK(m->n_params == 101 && strcmp(m->params[0].name, "w") == 0);
    CHECK(m->params[100].cols == 100 && strcmp(m->params[100].name, "p99") == 0);
    arena_free(&a);
}

static void test_fixture(void) {
    Arena a;
    arena_init(&a);
    IrModule *m = fixture_movielens(&a, 4, 3, IR_AGG_MEAN);
    ir_verify(m);
    CHECK(m->n_params == 16);
    CHECK(strcmp(m->params[4].name, "gnn.conv1.user__rates__movie.lin_l.weight") == 0);
    char *s = print_str(m, 0);
    CHECK(strstr(s, "param movie_emb.weight : f32[V_movie x 4] init normal(1)\n") != NULL);
    CHECK(strstr(s, "agg_mean %12 [movie__rev_rates__user] : f32[N_user x 4]") != NULL);
    CHECK(strstr(s, " = rowdot ") != NULL);
    free(s);
    arena_free(&a);
}

// Runs f in a child and expects it to die by abort() with an internal error from ir.c.
static void expect_internal_error(void (*f)(void), const char *what) {
    char buf[4096] = {0};
    int st = run_capturing_stderr(f, buf, sizeof buf);
    if (st == -1) {
        CHECK(!"pipe");
        return;
    }
    int ok = WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT &&
             strstr(buf, "internal error at ir.c:") != NULL && strstr(buf, what) != NULL;
    if (!ok)
        fprintf(stderr, "expected an internal error about '%s', child said: %s\n", what, buf);
    CHECK(ok);
}

static void bad_matmul(void) {
    Arena a;
    arena_init(&a);
    IrModule *m = ir_module_new(&a, "bad");
    fixture_schema(m, 3);
    IrNode *x = ir_emit_zeros(m, (IrType){DT_F32, {DIM_NODES, 0}, 3}, here);
    IrNode *w = ir_emit_zeros(m, (IrType){DT_F32, {DIM_CONST, 4}, 5}, here);
    ir_emit_matmul(m, here, x, 0, w, 1);  // inner 3 vs 5
}

static void bad_agg_rows(void) {
    Arena a;
    arena_init(&a);
    IrModule *m = ir_module_new(&a, "bad");
    fixture_schema(m, 3);
    IrNode *x = ir_emit_zeros(m, (IrType){DT_F32, {DIM_NODES, 0}, 3}, here);
    ir_emit_agg(m, IR_AGG_SUM, 1, here, x, NULL, NULL);  // edge type 1 reads movies, not users
}

static void bad_order(void) {
    Arena a;
    arena_init(&a);
    IrModule *m = tiny(&a);
    // Move the last node to the front: its operands now follow it.
    IrNode *last = m->tail, *n = m->head;
    while (n->next != last)
        n = n->next;
    n->next = NULL;
    m->tail = n;
    last->next = m->head;
    m->head = last;
    ir_verify(m);
}

static void bad_generic_in_hetero(void) {
    Arena a;
    arena_init(&a);
    IrModule *m = ir_module_new(&a, "bad");
    fixture_schema(m, 3);
    IrNode *x = ir_emit_zeros(m, (IrType){DT_F32, {DIM_NODES, -1}, 3}, here);
    ir_emit_agg(m, IR_AGG_MEAN, -1, here, x, NULL, NULL);
    m->stage = IR_STAGE_HETERO;
    ir_verify(m);
}

static void bad_retyped(void) {
    Arena a;
    arena_init(&a);
    IrModule *m = tiny(&a);
    m->head->next->next->type.cols = 9;  // a pass that broke a type
    ir_verify(m);
}

static void bad_missing_grad(void) {
    Arena a;
    arena_init(&a);
    IrModule *m = tiny(&a);
    m->stage = IR_STAGE_GRAD;  // no gradients were built
    ir_verify(m);
}

static void bad_index_dtype(void) {
    Arena a;
    arena_init(&a);
    IrModule *m = ir_module_new(&a, "bad");
    fixture_schema(m, 3);
    IrNode *x = ir_emit_zeros(m, (IrType){DT_F32, {DIM_NODES, 0}, 3}, here);
    ir_emit(m, IR_GATHER, here, x, x, NULL);
}

static void bad_arity(void) {
    Arena a;
    arena_init(&a);
    IrModule *m = ir_module_new(&a, "bad");
    fixture_schema(m, 3);
    IrNode *x = ir_emit_zeros(m, (IrType){DT_F32, {DIM_NODES, 0}, 3}, here);
    ir_emit(m, IR_ADD, here, x, NULL, NULL);
}

int main(void) {
    test_op_table();
    test_inference();
    test_printer();
    test_fixture();
    expect_internal_error(bad_matmul, "inner dims differ");
    expect_internal_error(bad_agg_rows, "expected rows of f32[N_movie");
    expect_internal_error(bad_order, "does not precede");
    expect_internal_error(bad_generic_in_hetero, "generic");
    expect_internal_error(bad_retyped, "its operands give");
    expect_internal_error(bad_missing_grad, "has no gradient");
    expect_internal_error(bad_index_dtype, "index must be i32");
    expect_internal_error(bad_arity, "operand 1 missing");
    return check_done("test_ir");
}
