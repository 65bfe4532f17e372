// fuzz_dataset.c — libFuzzer harness for rt_dataset_load (dataset.c) under one fixed small
// declaration of 3 node types and 4 edge types: the input is users.csv, items.tsv, buys.csv and
// follows.txt separated by lines "===", written to a private temporary directory. A load either
// fails with one line naming that directory, or yields a graph whose every edge endpoint is a
// node of its type; ToUndirected and hgnn_data_widths then run on it too.
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hgnn/data.h"
#include "dataset.h"

#include "fuzz_support.h"

enum { N_FILES = 4 };
static const char *names[N_FILES] = {"users.csv", "items.tsv", "buys.csv", "follows.txt"};
static char dir[64];
static char paths[N_FILES][128];

// user: users.csv (header, separator detected) keyed by id, age standardized and country
// one-hot; item: items.tsv (tab, no header, Latin-1) keyed by column 0, title column 1, tags
// column 2 multi-hot on ';'; tag: no table, from the items' tag lists.
static const HgnnNodeType nt[] = {{"user", 0}, {"item", 0}, {"tag", 0}};
static const HgnnEdgeType et[] = {{"user__buys__item", "buys", 0, 1, -1},
                                  {"user__follows__user", "follows", 0, 0, -1},
                                  {"item__has__tag", "has", 1, 2, -1},
                                  {"item__bought_by__user", "bought_by", 1, 0, 0}};
static const HgnnEncoderDecl ux[] = {{HGNN_ENC_STANDARDIZE, "age", NULL},
                                     {HGNN_ENC_ONE_HOT, "country", NULL}};
static const HgnnEncoderDecl ix[] = {{HGNN_ENC_MULTI_HOT, "2", ";"}, {HGNN_ENC_NUMERIC, "3", NULL}};
static const HgnnNodeData nodes[] = {
    {{"users.csv", NULL, 0, HGNN_TEXT_UTF8}, "id", NULL, 2, ux},
    {{"items.tsv", "\t", 1, HGNN_TEXT_LATIN1}, "0", "1", 2, ix},
    {{NULL, NULL, 0, 0}, NULL, NULL, 0, NULL},
};
static const HgnnEdgeData edges[] = {
    {{"buys.csv", ",", 0, HGNN_TEXT_AUTO}, "user", "item", NULL, NULL},
    {{"follows.txt", "::", 1, HGNN_TEXT_UTF8}, "0", "1", NULL, "|"},
    {{"items.tsv", "\t", 1, HGNN_TEXT_LATIN1}, "0", "2", NULL, ";"},
    {{NULL, NULL, 0, 0}, NULL, NULL, NULL, NULL},
};
static const HgnnDataDecl decl = {nodes, edges};

static void remove_dir(void) {
    for (int i = 0; i < N_FILES; i++)
        unlink(paths[i]);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    snprintf(dir, sizeof dir, "%s/hgnn-fuzz-XXXXXX", fuzz_scratch_dir());
    if (!mkdtemp(dir)) {
        perror(dir);
        abort();
    }
    for (int i = 0; i < N_FILES; i++)
        snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]);
    atexit(remove_dir);
    return 0;
}

static void check_graph(const RtGraph *g) {
    for (int32_t e = 0; e < g->n_edge_types; e++) {
        const RtEdgeStore *es = &g->edges[e];
        int64_t ns = g->nodes[es->src_type].count, nd = g->nodes[es->dst_type].count;
        for (int64_t i = 0; i < es->count; i++)
            if (es->src[i] < 0 || es->src[i] >= ns || es->dst[i] < 0 || es->dst[i] >= nd)
                abort();
    }
    for (int32_t t = 0; t < g->n_node_types; t++)
        for (int64_t i = 0; i < g->nodes[t].count; i++)
            if (!g->nodes[t].key || !g->nodes[t].key[i])
                abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char sep[] = "\n===\n";
    const uint8_t *p = data, *end = data + size;
    for (int i = 0; i < N_FILES; i++) {
        const uint8_t *cut = p ? memmem(p, (size_t)(end - p), sep, sizeof sep - 1) : NULL;
        if (!p) {
            unlink(paths[i]);       // fewer parts than files: the rest are missing
            continue;
        }
        size_t n = cut ? (size_t)(cut - p) + 1 : (size_t)(end - p);    // keeps its '\n'
        fuzz_write_file(paths[i], p, n);
        p = cut ? cut + sizeof sep - 1 : NULL;
    }
    RtGraph g;
    RtError err = {0};
    if (rt_dataset_load(dir, 3, nt, 4, et, &decl, &g, &err) != 0) {
        fuzz_check_one_line(RT_ERR_TEXT(&err), dir);
        return 0;
    }
    check_graph(&g);
    if (rt_graph_to_undirected(&g, &err) == 0)
        check_graph(&g);
    else
        fuzz_check_one_line(RT_ERR_TEXT(&err), "error: ");
    int32_t w[3];
    char msg[512];
    if (hgnn_data_widths(dir, 3, nt, &decl, w, msg, sizeof msg) != 0 ||
        w[0] != g.nodes[0].feat_width || w[1] != g.nodes[1].feat_width || w[2] != 0)
        abort();
    rt_graph_free(&g);
    return 0;
}
