// declared_model.c — a model that declares its data: wraps the model.so named by
// $HGNN_DECLARED_INNER (hgnnc's, whose HgnnModel.data is NULL) and adds a declaration of the same
// MovieLens data in another layout (check_declared.sh writes it): ratings.tsv (tab, no header,
// string keys "u<id>" / "m<id>"), movies.dat ('::', no header, Latin-1 read as such). hgnn-run
// must read it through the declaration and train to the same numbers as on the CSVs.
#include <dlfcn.h>
#include <stdlib.h>

#include "hgnn/abi.h"

static const HgnnEncoderDecl movie_x[] = {{HGNN_ENC_MULTI_HOT, "2", "|"}};
static const HgnnNodeData nodes[] = {
    {.table = {NULL, NULL, 0, HGNN_TEXT_UTF8}},
    {.table = {"movies.dat", "::", 1, HGNN_TEXT_AUTO}, .key = "0", .display = "1",
     .n_encoders = 1, .encoders = movie_x},
};
static const HgnnEdgeData edges[] = {
    {.table = {"ratings.tsv", "\t", 1, HGNN_TEXT_UTF8}, .src_key = "0", .dst_key = "1"},
    {.table = {NULL, NULL, 0, HGNN_TEXT_UTF8}},
};
static const HgnnDataDecl decl = {nodes, edges};
static HgnnModel model;

const HgnnModel *hgnn_model_entry(void);
const HgnnModel *hgnn_model_entry(void) {
    const char *inner = getenv("HGNN_DECLARED_INNER");
    void *h = inner ? dlopen(inner, RTLD_NOW | RTLD_LOCAL) : NULL;
    void *sym = h ? dlsym(h, HGNN_ENTRY_SYMBOL) : NULL;
    if (!sym)
        return NULL;
    HgnnEntryFn entry = (HgnnEntryFn)(uintptr_t)sym;
    model = *entry();
    model.data = &decl;
    return &model;
}
