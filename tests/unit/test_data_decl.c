// test_data_decl.c — the data declarations of a .hgnn file as a compiled model carries them
// (HgnnModel.data, ABI 5): tests/golden/data_full.hgnn compiled in process (JIT), as a .so
// (codegen_shared_object + dlopen) and declared only (hgnn_jit_declare), each field checked
// against the source; a model without declarations has data == NULL.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "check.h"
#include "codegen.h"
#include "diag.h"
#include "jit.h"
#include "pipeline.h"

// NULL and NULL are equal; a string and NULL are not.
static int same(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}

static void check_table(const HgnnTableDecl *t, const char *path, const char *sep, int no_header,
                        int encoding) {
    CHECK(same(t->path, path));
    CHECK(same(t->sep, sep));
    CHECK(t->no_header == no_header);
    CHECK(t->encoding == encoding);
}

static void check_encoder(const HgnnEncoderDecl *e, int kind, const char *column,
                          const char *list_sep) {
    CHECK(e->kind == kind);
    CHECK(same(e->column, column));
    CHECK(same(e->list_sep, list_sep));
}

static void check_node(const HgnnNodeData *n, const char *path, const char *sep, int no_header,
                       int encoding, const char *key, const char *display, int n_encoders) {
    check_table(&n->table, path, sep, no_header, encoding);
    CHECK(same(n->key, key));
    CHECK(same(n->display, display));
    CHECK(n->n_encoders == n_encoders);
    CHECK((n->encoders == NULL) == (n_encoders == 0));
}

static void check_edge(const HgnnEdgeData *e, const char *path, const char *sep, int no_header,
                       int encoding, const char *src, const char *dst, const char *src_list,
                       const char *dst_list) {
    check_table(&e->table, path, sep, no_header, encoding);
    CHECK(same(e->src_key, src));
    CHECK(same(e->dst_key, dst));
    CHECK(same(e->src_list_sep, src_list));
    CHECK(same(e->dst_list_sep, dst_list));
}

// Every field of data_full.hgnn's schema and declarations; movie_width is what the data gave
// (-1: not known yet).
static void check_model(const char *what, const HgnnModel *m, int movie_width) {
    fprintf(stderr, "  %s\n", what);
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(m->magic == HGNN_MAGIC && m->abi_version == HGNN_ABI_VERSION);
    CHECK(same(m->name, "movielens_data"));
    CHECK(m->n_node_types == 4 && m->n_edge_types == 4 && m->label_edge_type == 0);
    if (m->n_node_types != 4 || m->n_edge_types != 4)
        return;
    static const char *const nodes[] = {"user", "movie", "genre", "occupation"};
    const int widths[] = {0, movie_width, 0, 7};
    for (int t = 0; t < 4; t++) {
        CHECK(same(m->node_types[t].name, nodes[t]));
        CHECK(m->node_types[t].feat_width == widths[t]);
    }
    static const char *const edges[] = {"user__rates__movie", "movie__has_genre__genre",
                                        "user__works_as__occupation", "movie__rev_rates__user"};
    for (int e = 0; e < 4; e++)
        CHECK(same(m->edge_types[e].name, edges[e]));
    CHECK(m->edge_types[3].reverse_of == 0);

    const HgnnDataDecl *d = m->data;
    CHECK(d != NULL && d->nodes != NULL && d->edges != NULL);
    if (!d || !d->nodes || !d->edges)
        return;
    // node user, node genre: no table, ids from the edges.
    check_node(&d->nodes[0], NULL, NULL, 0, 0, NULL, NULL, 0);
    check_node(&d->nodes[2], NULL, NULL, 0, 0, NULL, NULL, 0);
    // node movie { table "movies.csv" key movieId x = multi_hot(genres, sep="|") display title }
    check_node(&d->nodes[1], "movies.csv", NULL, 0, HGNN_TEXT_UTF8, "movieId", "title", 1);
    if (d->nodes[1].n_encoders == 1)
        check_encoder(&d->nodes[1].encoders[0], HGNN_ENC_MULTI_HOT, "genres", "|");
    // node occupation { table "users.tsv" (sep="\t", header=false, encoding="latin1") key "0"
    //                   x: 7 = [standardize(age), one_hot("3"), numeric(zip)] }
    check_node(&d->nodes[3], "users.tsv", "\t", 1, HGNN_TEXT_LATIN1, "0", NULL, 3);
    if (d->nodes[3].n_encoders == 3) {
        check_encoder(&d->nodes[3].encoders[0], HGNN_ENC_STANDARDIZE, "age", NULL);
        check_encoder(&d->nodes[3].encoders[1], HGNN_ENC_ONE_HOT, "3", NULL);
        check_encoder(&d->nodes[3].encoders[2], HGNN_ENC_NUMERIC, "zip", NULL);
    }
    // edge rates { table "ratings.csv" src userId dst movieId }
    check_edge(&d->edges[0], "ratings.csv", NULL, 0, HGNN_TEXT_UTF8, "userId", "movieId", NULL,
               NULL);
    // edge has_genre { table "movies.csv", src movieId, dst genres (sep="|") }
    check_edge(&d->edges[1], "movies.csv", NULL, 0, HGNN_TEXT_UTF8, "movieId", "genres", NULL,
               "|");
    // edge works_as { table "users.dat" (sep="::", header=false, encoding="auto") src "0"
    //                 dst "3" }
    check_edge(&d->edges[2], "users.dat", "::", 1, HGNN_TEXT_AUTO, "0", "3", NULL, NULL);
    // rev_rates: made at load time, all zero.
    check_edge(&d->edges[3], NULL, NULL, 0, 0, NULL, NULL, NULL, NULL);
}

static void check_full(const char *path) {
    Arena a;
    arena_init(&a);
    enum { CAP = 1 << 16 };
    char *text = arena_alloc(&a, CAP);
    long len = check_read_file(path, text, CAP);
    if (len < 0) {
        arena_free(&a);
        return;
    }
    diag_add_source(path, text, (size_t)len);
    // The data set's widths, as hgnn-run passes them to the JIT: movie's multi_hot has 19.
    const HgnnNodeType data[] = {{"movie", 19}};
    Pipeline p = {.path = path, .data_types = data, .n_data_types = 1, .stop_after = PIPE_PLAN};
    CHECK(pipeline_run(&a, &p, text, (size_t)len) == 0);
    char err[512] = "";
    if (p.module) {
        const HgnnModel *md = jit_module(p.module, 2, err, sizeof err);
        if (!md)
            fprintf(stderr, "jit: %s\n", err);
        check_model("jit", md, 19);

        char dir[] = "/tmp/test_data_decl.XXXXXX";
        CHECK(mkdtemp(dir) != NULL);
        char so[128];
        snprintf(so, sizeof so, "%s/model.so", dir);
        CHECK(codegen_shared_object(p.module, &CODEGEN_DEFAULTS, so, err, sizeof err) == 0);
        void *h = dlopen(so, RTLD_NOW | RTLD_LOCAL);
        CHECK(h != NULL);
        if (h) {
            HgnnEntryFn entry;
            void *sym = dlsym(h, HGNN_ENTRY_SYMBOL);
            memcpy(&entry, &sym, sizeof entry);
            CHECK(entry != NULL);
            check_model(".so", entry ? entry() : NULL, 19);
            dlclose(h);
        }
        unlink(so);
        rmdir(dir);
    }
    arena_free(&a);

    // Before any data: the schema and declarations, movie's width still unknown.
    const HgnnModel *decl = hgnn_jit_declare(path, NULL, 0, err, sizeof err);
    if (!decl)
        fprintf(stderr, "declare: %s\n", err);
    check_model("hgnn_jit_declare", decl, -1);
    CHECK(decl && decl->run == NULL && decl->workspace_floats == NULL && decl->n_params == 0);
}

// A model without declarations: data NULL, compiled or declared.
static void check_none(const char *path) {
    char err[512] = "";
    const HgnnModel *md = hgnn_jit_compile(path, NULL, 0, NULL, 0, HGNN_PRECISION_FP32, err,
                                           sizeof err);
    CHECK(md && md->data == NULL);
    const HgnnModel *decl = hgnn_jit_declare(path, NULL, 0, err, sizeof err);
    CHECK(decl && decl->data == NULL && decl->n_node_types == md->n_node_types);
    // A model whose data is wrong is refused with one line naming it.
    CHECK(hgnn_jit_declare("/nonexistent/model.hgnn", NULL, 0, err, sizeof err) == NULL);
    CHECK(strncmp(err, "/nonexistent/model.hgnn: ", 25) == 0);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: test_data_decl DATA_FULL.hgnn MOVIELENS.hgnn\n");
        return 2;
    }
    check_full(argv[1]);
    check_none(argv[2]);
    return check_done("test_data_decl");
}
