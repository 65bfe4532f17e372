// test_dataset.c — rt_dataset_load on small generated data in each layout a declaration can
// describe (TSV without header, '|'-separated Latin-1 with genre flags, '::', numeric and
// categorical user features, string keys, a list column making a node type, an edge type within
// one node type, a node type with no edges of the target type), then ToUndirected on the result;
// every bad input and declaration gives its exact one-line message and an empty graph; and
// hgnn_data_widths. The files are written into a temporary directory.
// Usage: test_dataset
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hgnn/data.h"
#include "check.h"
#include "dataset.h"

static char dir[64];
static char written[16][256];
static int n_written;

static void put(const char *name, const char *text) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
    for (int i = 0; i < n_written; i++)
        if (strcmp(written[i], path) == 0)
            return;
    snprintf(written[n_written++], sizeof written[0], "%s", path);
}

static int feq(const float *x, const float *want, int n) {
    for (int i = 0; i < n; i++)
        if (x[i] != want[i])
            return 0;
    return 1;
}

static int ieq(const int32_t *x, const int32_t *want, int64_t n) {
    for (int64_t i = 0; i < n; i++)
        if (x[i] != want[i])
            return 0;
    return 1;
}

// Loads, and fails the test with the message when the load fails.
static int load(int32_t nn, const HgnnNodeType *nt, int32_t ne, const HgnnEdgeType *et,
                const HgnnDataDecl *d, RtGraph *g, const char *what) {
    RtError err = {0};
    if (rt_dataset_load(dir, nn, nt, ne, et, d, g, &err) < 0) {
        fprintf(stderr, "%s: %s\n", what, RT_ERR_TEXT(&err));
        failures++;
        return -1;
    }
    return 0;
}

// MovieLens 100k: u.data (TSV, no header), u.item ('|', Latin-1, binary genre flags), u.user
// ('|', age numeric, gender one_hot).
static void test_ml100k(void) {
    put("u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t1\t878887116\n"
                  "22\t242\t4\t878887116\n");
    put("u.item", "242|Kolya (1996)|0|1|1\n302|Caf\xe9 \xc0 la carte (1994)|1|0|1\n"
                  "7|Unrated (1995)|0|0|0\n");
    put("u.user", "22|25|M|writer\n186|39|F|executive\n196|49|M|writer\n");
    static const HgnnNodeType nt[] = {{"user", 3}, {"movie", 3}};
    static const HgnnEdgeType et[] = {{"user__rates__movie", "rates", 0, 1, -1},
                                      {"movie__rev_rates__user", "rev_rates", 1, 0, 0}};
    static const HgnnEncoderDecl ux[] = {{HGNN_ENC_NUMERIC, "1", NULL},
                                         {HGNN_ENC_ONE_HOT, "2", NULL}};
    static const HgnnEncoderDecl mx[] = {{HGNN_ENC_NUMERIC, "2", NULL},
                                         {HGNN_ENC_NUMERIC, "3", NULL},
                                         {HGNN_ENC_NUMERIC, "4", NULL}};
    static const HgnnNodeData nodes[] = {
        {{"u.user", "|", 1, HGNN_TEXT_UTF8}, "0", NULL, 2, ux},
        {{"u.item", "|", 1, HGNN_TEXT_LATIN1}, "0", "1", 3, mx},
    };
    static const HgnnEdgeData edges[] = {
        {{"u.data", "\t", 1, HGNN_TEXT_UTF8}, "0", "1", NULL, NULL, NULL},
        {{NULL, NULL, 0, 0}, NULL, NULL, NULL, NULL, NULL},
    };
    HgnnDataDecl d = {nodes, edges};
    RtGraph g;
    if (load(2, nt, 2, et, &d, &g, "ml100k") < 0)
        return;
    CHECK(g.n_node_types == 2 && g.n_edge_types == 1);
    CHECK(g.nodes[0].count == 3 && g.nodes[1].count == 3 && g.edges[0].count == 4);
    CHECK(strcmp(g.nodes[0].key[0], "22") == 0 && strcmp(g.nodes[0].key[2], "196") == 0);
    CHECK(g.nodes[0].display == NULL);
    // user x: age, then gender one-hot [F, M].
    static const float uxw[] = {25, 0, 1, 39, 1, 0, 49, 0, 1};
    CHECK(g.nodes[0].feat_width == 3 && feq(g.nodes[0].x, uxw, 9));
    CHECK(strcmp(g.nodes[0].feat_names[0], "1") == 0 &&
          strcmp(g.nodes[0].feat_names[1], "F") == 0 &&
          strcmp(g.nodes[0].feat_names[2], "M") == 0);
    static const float mxw[] = {0, 1, 1, 1, 0, 1, 0, 0, 0};
    CHECK(g.nodes[1].feat_width == 3 && feq(g.nodes[1].x, mxw, 9));
    CHECK(strcmp(g.nodes[1].display[1], "Caf\xc3\xa9 \xc3\x80 la carte (1994)") == 0);
    CHECK(strcmp(g.nodes[1].key[2], "7") == 0 && strcmp(g.nodes[1].display[2],
                                                        "Unrated (1995)") == 0);
    static const int32_t src[] = {2, 1, 2, 0}, dst[] = {0, 1, 1, 0};
    CHECK(ieq(g.edges[0].src, src, 4) && ieq(g.edges[0].dst, dst, 4));
    // The declared reverse name is kept for ToUndirected.
    CHECK(strcmp(g.edges[0].rev_name, "movie__rev_rates__user") == 0);
    RtError err = {0};
    CHECK(rt_graph_to_undirected(&g, &err) == 0 && g.n_edge_types == 2);
    CHECK(strcmp(g.edges[1].name, "movie__rev_rates__user") == 0 && g.edges[1].reverse_of == 0);
    rt_graph_free(&g);

    int32_t w[2] = {-1, -1};
    char msg[256];
    CHECK(hgnn_data_widths(dir, 2, nt, &d, w, msg, sizeof msg) == 0 && w[0] == 3 && w[1] == 3);
}

// MovieLens 1M: '::' without header; the genres list makes a genre node type (no table), ids in
// first appearance order; the reverse of movie -> genre is PyG's default name.
static void test_ml1m(void) {
    put("movies.dat", "1::Toy Story (1995)::Animation|Children's|Comedy\n"
                      "2::Jumanji (1995)::Adventure|Children's|Fantasy\n3::Nothing (2000)::\n");
    put("ratings.dat", "1::2::5::978300760\n2::1::3::978302109\n1::3::4::978301968\n");
    static const HgnnNodeType nt[] = {{"user", 0}, {"movie", 6}, {"genre", 0}};
    static const HgnnEdgeType et[] = {{"user__rates__movie", "rates", 0, 1, -1},
                                      {"movie__has__genre", "has", 1, 2, -1}};
    static const HgnnEncoderDecl mx[] = {{HGNN_ENC_MULTI_HOT, "2", "|"}};
    static const HgnnNodeData nodes[] = {
        {{NULL, NULL, 0, 0}, NULL, NULL, 0, NULL},
        {{"movies.dat", "::", 1, HGNN_TEXT_UTF8}, "0", "1", 1, mx},
        {{NULL, NULL, 0, 0}, NULL, NULL, 0, NULL},
    };
    static const HgnnEdgeData edges[] = {
        {{"ratings.dat", "::", 1, HGNN_TEXT_UTF8}, "0", "1", NULL, NULL, NULL},
        {{"movies.dat", "::", 1, HGNN_TEXT_UTF8}, "0", "2", NULL, "|", NULL},
    };
    HgnnDataDecl d = {nodes, edges};
    RtGraph g;
    if (load(3, nt, 2, et, &d, &g, "ml1m") < 0)
        return;
    CHECK(g.nodes[0].count == 2 && g.nodes[1].count == 3 && g.nodes[2].count == 5);
    CHECK(g.nodes[1].feat_width == 5);
    static const char *genres[] = {"Animation", "Children's", "Comedy", "Adventure", "Fantasy"};
    for (int i = 0; i < 5 && i < g.nodes[2].count; i++)
        CHECK(strcmp(g.nodes[2].key[i], genres[i]) == 0);
    static const int32_t hs[] = {0, 0, 0, 1, 1, 1}, hd[] = {0, 1, 2, 3, 1, 4};
    CHECK(g.edges[1].count == 6 && ieq(g.edges[1].src, hs, 6) && ieq(g.edges[1].dst, hd, 6));
    static const int32_t rs[] = {0, 1, 0}, rd[] = {1, 0, 2};
    CHECK(g.edges[0].count == 3 && ieq(g.edges[0].src, rs, 3) && ieq(g.edges[0].dst, rd, 3));
    RtError err = {0};
    CHECK(rt_graph_to_undirected(&g, &err) == 0 && g.n_edge_types == 4);
    CHECK(strcmp(g.edges[2].name, "movie__rev_rates__user") == 0);
    CHECK(strcmp(g.edges[3].name, "genre__rev_has__movie") == 0 &&
          strcmp(g.edges[3].rel, "rev_has") == 0 && g.edges[3].reverse_of == 1);
    rt_graph_free(&g);
}

// String keys (longer and shorter than 8 bytes); an edge type within one node type (made undirected in place: both directions,
// sorted, duplicates gone); a node type (brand) with no edge of the target type; user features
// standardized.
static void test_shop(void) {
    put("users.csv", "uid,age,country\nalice@example.org,30,fr\nbob,40,de\ncarol,50,fr\n");
    put("items.csv", "sku,title,brand\nA-1,\"Lamp, red\",acme\nB-2,Chair,zeta\nC-3,Desk,acme\n");
    put("brands.csv", "name\nacme\nzeta\n");
    put("buys.csv", "who,what\nbob,B-2\nalice@example.org,A-1\nbob,C-3\n");
    put("follows.csv", "a,b\nalice@example.org,bob\nbob,alice@example.org\n"
                         "carol,alice@example.org\ncarol,carol\n");
    static const HgnnNodeType nt[] = {{"user", 3}, {"item", 0}, {"brand", 0}};
    static const HgnnEdgeType et[] = {{"user__buys__item", "buys", 0, 1, -1},
                                      {"user__follows__user", "follows", 0, 0, -1},
                                      {"item__made_by__brand", "made_by", 1, 2, -1},
                                      {"item__bought_by__user", "bought_by", 1, 0, 0}};
    static const HgnnEncoderDecl ux[] = {{HGNN_ENC_STANDARDIZE, "age", NULL},
                                         {HGNN_ENC_ONE_HOT, "country", NULL}};
    static const HgnnNodeData nodes[] = {
        {{"users.csv", NULL, 0, 0}, "uid", NULL, 2, ux},
        {{"items.csv", NULL, 0, 0}, "sku", "title", 0, NULL},
        {{"brands.csv", NULL, 0, 0}, "name", NULL, 0, NULL},
    };
    static const HgnnEdgeData edges[] = {
        {{"buys.csv", NULL, 0, 0}, "who", "what", NULL, NULL, NULL},
        {{"follows.csv", NULL, 0, 0}, "a", "b", NULL, NULL, NULL},
        {{"items.csv", NULL, 0, 0}, "sku", "brand", NULL, NULL, NULL},
        {{NULL, NULL, 0, 0}, NULL, NULL, NULL, NULL, NULL},
    };
    HgnnDataDecl d = {nodes, edges};
    RtGraph g;
    if (load(3, nt, 4, et, &d, &g, "shop") < 0)
        return;
    CHECK(g.n_edge_types == 3 && g.nodes[2].count == 2 && g.nodes[2].feat_width == 0);
    CHECK(strcmp(g.nodes[1].display[0], "Lamp, red") == 0);
    CHECK(strcmp(g.nodes[0].key[0], "alice@example.org") == 0);
    float s = 0.8164966f;   // population std of 30, 40, 50 is sqrt(200/3)
    CHECK(g.nodes[0].feat_width == 3);
    CHECK(g.nodes[0].x[0] > -1.0f / s - 1e-5f && g.nodes[0].x[0] < -1.0f / s + 1e-5f / s);
    CHECK(g.nodes[0].x[1] == 0 && g.nodes[0].x[2] == 1 && g.nodes[0].x[4] == 1);
    RtError err = {0};
    CHECK(rt_graph_to_undirected(&g, &err) == 0);
    // follows: (0,1) (1,0) (2,0) (2,2) -> both ways, sorted, unique: (0,1) (0,2) (1,0) (2,0) (2,2).
    const RtEdgeStore *f = &g.edges[1];
    static const int32_t fs[] = {0, 0, 1, 2, 2}, fd[] = {1, 2, 0, 0, 2};
    CHECK(f->count == 5 && ieq(f->src, fs, 5) && ieq(f->dst, fd, 5));
    CHECK(g.n_edge_types == 5);
    CHECK(strcmp(g.edges[3].name, "item__bought_by__user") == 0 && g.edges[3].reverse_of == 0);
    CHECK(strcmp(g.edges[4].name, "brand__rev_made_by__item") == 0);
    static const int32_t ms[] = {0, 1, 2}, md[] = {0, 1, 0};
    CHECK(ieq(g.edges[2].src, ms, 3) && ieq(g.edges[2].dst, md, 3));
    rt_graph_free(&g);
}

// The declaration shared by the bad-input cases: users.csv (uid, age numeric) and items.csv
// (sku), buys.csv user -> item.
static const HgnnNodeType bad_nt[] = {{"user", 1}, {"item", 0}};
static const HgnnEdgeType bad_et[] = {{"user__buys__item", "buys", 0, 1, -1},
                                      {"item__rev_buys__user", "rev_buys", 1, 0, 0}};
static const HgnnEncoderDecl bad_ux[] = {{HGNN_ENC_NUMERIC, "age", NULL}};
static const HgnnNodeData bad_nodes[] = {
    {{"users.csv", ",", 0, 0}, "uid", NULL, 1, bad_ux},
    {{"items.csv", ",", 0, 0}, "sku", NULL, 0, NULL},
};
static const HgnnEdgeData bad_edges[] = {
    {{"buys.csv", ",", 0, 0}, "who", "what", NULL, NULL, NULL},
    {{NULL, NULL, 0, 0}, NULL, NULL, NULL, NULL, NULL},
};

static void good_files(void) {
    put("users.csv", "uid,age\nalice,30\nbob,40\n");
    put("items.csv", "sku,title\nA-1,Lamp\nB-2,Chair\n");
    put("buys.csv", "who,what\nbob,B-2\nalice,A-1\n");
}

// Loads with the bad-input declaration (or d) and expects message `want` after "DIR/".
static void expect(const HgnnDataDecl *d, const HgnnEdgeType *et, const char *want) {
    HgnnDataDecl bad = {bad_nodes, bad_edges};
    RtGraph g;
    RtError err = {0};
    int rc = rt_dataset_load(dir, 2, bad_nt, 2, et ? et : bad_et, d ? d : &bad, &g, &err);
    char full[512];
    if (strncmp(want, "error: ", 7) == 0)
        snprintf(full, sizeof full, "%s", want);
    else
        snprintf(full, sizeof full, "%s/%s", dir, want);
    if (rc != -1 || strcmp(RT_ERR_TEXT(&err), full) != 0) {
        fprintf(stderr, "want '%s'\n got rc=%d '%s'\n", full, rc, RT_ERR_TEXT(&err));
        failures++;
    }
    CHECK(g.n_node_types == 0 && g.n_edge_types == 0 && g.nodes[0].x == NULL &&
          g.nodes[0].key == NULL && g.edges[0].src == NULL);
    good_files();
}

static void test_bad(void) {
    good_files();
    HgnnDataDecl ok = {bad_nodes, bad_edges};
    RtGraph g;
    if (load(2, bad_nt, 2, bad_et, &ok, &g, "bad-input baseline") == 0)
        rt_graph_free(&g);

    char path[256];
    snprintf(path, sizeof path, "%s/items.csv", dir);
    unlink(path);
    expect(NULL, NULL, "items.csv: error: cannot open: No such file or directory");
    put("users.csv", "uid,years\nalice,30\n");
    expect(NULL, NULL, "users.csv:1: error: no column 'age' (columns: uid, years)");
    put("buys.csv", "who,item\nbob,B-2\n");
    expect(NULL, NULL, "buys.csv:1: error: no column 'what' (columns: who, item)");
    put("users.csv", "uid,age\nalice,30\nbob,forty\n");
    expect(NULL, NULL, "users.csv:3: error: column 'age': 'forty' is not a number");
    put("users.csv", "uid,age\nalice,30\nbob,40,x\n");
    expect(NULL, NULL, "users.csv:3: error: expected 2 fields, saw more");
    put("buys.csv", "who,what\nbob\n");
    expect(NULL, NULL, "buys.csv:2: error: expected 2 fields, saw 1");
    put("buys.csv", "who,what\n");
    expect(NULL, NULL, "buys.csv:2: error: no rows after the header");
    put("buys.csv", "who,what\nbob,B-2\nalice,Z-9\n");
    expect(NULL, NULL, "buys.csv:3: error: key 'Z-9' of column 'what' is not a key of node type "
                       "'item' (items.csv)");
    put("buys.csv", "who,what\nbob,B-2\ndave,A-1\n");
    expect(NULL, NULL, "buys.csv:3: error: key 'dave' of column 'who' is not a key of node type "
                       "'user' (users.csv)");
    put("items.csv", "sku,title\nA-1,Lamp\nB-2,Chair\nA-1,Again\n");
    expect(NULL, NULL, "items.csv:4: error: duplicate key 'A-1' in column 'sku' (first on line 2)");
    put("items.csv", "sku,title\nA-1,Lamp\n,Nothing\n");
    expect(NULL, NULL, "items.csv:3: error: empty key in column 'sku'");

    // A label column (loss mse): one value per edge, spaces around it allowed; missing, empty,
    // not a number, out of float's range.
    HgnnEdgeData le[2] = {bad_edges[0], bad_edges[1]};
    le[0].label = "qty";
    HgnnDataDecl ld = {bad_nodes, le};
    put("buys.csv", "who,what,qty\nbob,B-2,2.5\nalice,A-1, 3 \n");
    if (load(2, bad_nt, 2, bad_et, &ld, &g, "labels") == 0) {
        CHECK(g.edges[0].label && g.edges[0].label[0] == 2.5f && g.edges[0].label[1] == 3.0f);
        rt_graph_free(&g);
    }
    put("buys.csv", "who,what\nbob,B-2\n");
    expect(&ld, NULL, "buys.csv:1: error: no column 'qty' (columns: who, what)");
    put("buys.csv", "who,what,qty\nbob,B-2,2\nalice,A-1,lots\n");
    expect(&ld, NULL, "buys.csv:3: error: label column 'qty': 'lots' is not a number");
    put("buys.csv", "who,what,qty\nbob,B-2,\n");
    expect(&ld, NULL, "buys.csv:2: error: label column 'qty': '' is not a number");
    put("buys.csv", "who,what,qty\nbob,B-2,1e40\n");
    expect(&ld, NULL, "buys.csv:2: error: label column 'qty': '1e40' is not a number");
    put("buys.csv", "who,what,qty\nbob,B-2,nan\n");
    expect(&ld, NULL, "buys.csv:2: error: label column 'qty': 'nan' is not a number");
    // hgnnc --data checks the same without reading the rest (hgnn/data.h).
    char lmsg[256], lwant[256];
    put("buys.csv", "who,what,qty\nbob,B-2,2.5\n");
    CHECK(hgnn_data_check_labels(dir, 2, &ld, lmsg, sizeof lmsg) == 0);
    put("buys.csv", "who,what,qty\nbob,B-2,1\nalice,A-1,x\n");
    CHECK(hgnn_data_check_labels(dir, 2, &ld, lmsg, sizeof lmsg) == -1);
    snprintf(lwant, sizeof lwant, "%s/buys.csv:3: error: label column 'qty': 'x' is not a number",
             dir);
    CHECK(strcmp(lmsg, lwant) == 0);
    CHECK(hgnn_data_check_labels(dir, 2, &ok, lmsg, sizeof lmsg) == 0);   // no label declared
    good_files();

    // Declarations the files cannot fix.
    HgnnEdgeType et[2] = {bad_et[0], bad_et[1]};
    et[1].reverse_of = -1;
    expect(NULL, et, "error: data declaration: edge type 'item__rev_buys__user' has no table and "
                     "reverses no edge type with one");
    et[1] = bad_et[1];
    et[1].src = 0;
    expect(NULL, et, "error: data declaration: edge type 'item__rev_buys__user' does not join "
                     "the node types of 'user__buys__item' the other way");
    HgnnNodeData nodes[2] = {bad_nodes[0], bad_nodes[1]};
    nodes[1].key = NULL;
    HgnnDataDecl d = {nodes, bad_edges};
    expect(&d, NULL, "error: data declaration: node type 'item' has a table and no key column");
    HgnnEncoderDecl enc = {HGNN_ENC_MULTI_HOT + 7, "age", NULL};
    nodes[1] = bad_nodes[1];
    nodes[0].encoders = &enc;
    expect(&d, NULL, "error: data declaration: node type 'user': encoder 0 is of unknown kind 10 "
                     "or reads no column");

    int32_t w[2];
    char msg[256];
    put("users.csv", "uid,age\nalice,x\n");
    CHECK(hgnn_data_widths(dir, 2, bad_nt, &ok, w, msg, sizeof msg) == -1);
    char want[256];
    snprintf(want, sizeof want, "%s/users.csv:2: error: column 'age': 'x' is not a number", dir);
    CHECK(strcmp(msg, want) == 0);
    good_files();
}

int main(void) {
    snprintf(dir, sizeof dir, "/tmp/hgnn-test-dataset-XXXXXX");
    if (!mkdtemp(dir)) {
        perror(dir);
        return 2;
    }
    test_ml100k();
    test_ml1m();
    test_shop();
    test_bad();
    for (int i = 0; i < n_written; i++)
        unlink(written[i]);
    rmdir(dir);
    return check_done("test_dataset");
}
