// test_movielens.c — the built-in MovieLens declaration (dataset.c) and ToUndirected: exact counts, ids and features on the
// bundled ml-latest-small and on a tiny hand-checked fixture; every malformed directory under
// tests/data/bad gives its expected one-line message and an empty graph.
// Usage: test_movielens ML_SMALL_DIR TEST_DATA_DIR
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "movielens.h"

static float row_sum(const RtGraph *g, int t, int64_t r) {
    float s = 0;
    for (int i = 0; i < g->nodes[t].feat_width; i++)
        s += g->nodes[t].x[r * g->nodes[t].feat_width + i];
    return s;
}

static void test_bundled(const char *dir) {
    RtGraph g;
    RtError err = {0};
    if (rt_movielens_load(dir, &g, &err) < 0) {
        fprintf(stderr, "load failed: %s\n", RT_ERR_TEXT(&err));
        failures++;
        return;
    }
    CHECK(g.n_node_types == 2 && g.n_edge_types == 1);
    CHECK(strcmp(g.nodes[0].name, "user") == 0 && strcmp(g.nodes[1].name, "movie") == 0);
    CHECK(g.nodes[0].count == 610);
    CHECK(g.nodes[1].count == 9742);
    CHECK(g.nodes[0].feat_width == 0 && g.nodes[0].x == NULL);
    CHECK(g.nodes[1].feat_width == 20);
    CHECK(g.edges[0].count == 100836);
    CHECK(strcmp(g.edges[0].name, "user__rates__movie") == 0);
    static const char *genres[20] = {"(no genres listed)", "Action", "Adventure", "Animation",
                                     "Children", "Comedy", "Crime", "Documentary", "Drama",
                                     "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical",
                                     "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};
    for (int i = 0; i < 20 && i < g.nodes[1].feat_width; i++)
        CHECK(strcmp(g.nodes[1].feat_names[i], genres[i]) == 0);
    CHECK(g.nodes[0].feat_names == NULL && g.nodes[0].display == NULL);
    // Users by first appearance (ratings are sorted by user, so user k is userId k+1); movies by
    // row; user 0's first edges go to movieIds 1, 3, 6 = rows 0, 2, 5 (spec §0).
    int keys_ok = 1;
    for (int i = 0; i < 610; i++) {
        char k[16];
        snprintf(k, sizeof k, "%d", i + 1);
        keys_ok &= strcmp(g.nodes[0].key[i], k) == 0;
    }
    CHECK(keys_ok);
    CHECK(strcmp(g.nodes[1].key[0], "1") == 0 && strcmp(g.nodes[1].key[9741], "193609") == 0);
    CHECK(strcmp(g.nodes[1].display[0], "Toy Story (1995)") == 0);
    CHECK(g.edges[0].src[0] == 0 && g.edges[0].dst[0] == 0);
    CHECK(g.edges[0].dst[1] == 2 && g.edges[0].dst[2] == 5);
    CHECK(g.edges[0].src[100835] == 609);
    // Toy Story: Adventure|Animation|Children|Comedy|Fantasy = columns 2, 3, 4, 5, 9.
    const float *x0 = g.nodes[1].x;
    CHECK(x0[2] == 1 && x0[3] == 1 && x0[4] == 1 && x0[5] == 1 && x0[9] == 1);
    CHECK(row_sum(&g, 1, 0) == 5);
    // 18 movies have no rating; 34 list "(no genres listed)".
    char *rated = calloc(9742, 1);
    for (int64_t i = 0; i < g.edges[0].count; i++)
        rated[g.edges[0].dst[i]] = 1;
    int unrated = 0, nogenre = 0;
    for (int m = 0; m < 9742; m++) {
        unrated += !rated[m];
        nogenre += x0[m * 20] == 1;
        CHECK(row_sum(&g, 1, m) >= 1);
    }
    CHECK(unrated == 18);
    CHECK(nogenre == 34);
    free(rated);

    CHECK(rt_graph_to_undirected(&g, &err) == 0);
    CHECK(g.n_edge_types == 2);
    const RtEdgeStore *r = &g.edges[1];
    CHECK(strcmp(r->name, "movie__rev_rates__user") == 0 && strcmp(r->rel, "rev_rates") == 0);
    CHECK(r->src_type == 1 && r->dst_type == 0 && r->reverse_of == 0 &&
          g.edges[0].reverse_of == -1);
    CHECK(r->count == 100836);
    int same = 1;
    for (int64_t i = 0; i < r->count; i++)
        same &= r->src[i] == g.edges[0].dst[i] && r->dst[i] == g.edges[0].src[i];
    CHECK(same);
    CHECK(rt_graph_node_type(&g, "movie") == 1 &&
          rt_graph_edge_type(&g, "movie__rev_rates__user") == 1);
    CHECK(rt_graph_node_type(&g, "genre") == -1);

    // Model types in another order map by name.
    HgnnNodeType nt[2] = {{"movie", 20}, {"user", 0}};
    HgnnEdgeType et[2] = {{"movie__rev_rates__user", "rev_rates", 0, 1, 1},
                          {"user__rates__movie", "rates", 1, 0, -1}};
    int32_t nm[2], em[2];
    CHECK(rt_graph_map_types(&g, nt, 2, et, 2, nm, em, &err) == 0);
    CHECK(nm[0] == 1 && nm[1] == 0 && em[0] == 1 && em[1] == 0);
    nt[0].feat_width = 19;
    CHECK(rt_graph_map_types(&g, nt, 2, et, 2, nm, em, &err) < 0);
    CHECK(
        strcmp(
            err.msg,
            "node type 'movie' has 19 feature columns in the model, 20 in the data") ==
        0);
    nt[0].feat_width = 20;
    et[0].src = 1;
    CHECK(rt_graph_map_types(&g, nt, 2, et, 2, nm, em, &err) < 0);
    HgnnNodeType bad[1] = {{"tag", 0}};
    CHECK(rt_graph_map_types(&g, bad, 1, et, 0, nm, em, &err) < 0);
    CHECK(strcmp(err.msg, "the model's node type 'tag' is not in the data") == 0);
    rt_graph_free(&g);
}

// BOM + CRLF movies with quoted titles (comma, doubled quotes, a newline), users out of order,
// ratings without a final newline.
static void test_tiny(const char *data) {
    char dir[1024];
    RtError err = {0};
    snprintf(dir, sizeof dir, "%s/tiny", data);
    RtGraph g;
    if (rt_movielens_load(dir, &g, &err) < 0) {
        fprintf(stderr, "tiny: %s\n", RT_ERR_TEXT(&err));
        failures++;
        return;
    }
    CHECK(g.nodes[0].count == 3 && g.nodes[1].count == 4 && g.edges[0].count == 5);
    CHECK(strcmp(g.nodes[0].key[0], "42") == 0 && strcmp(g.nodes[0].key[1], "7") == 0 &&
          strcmp(g.nodes[0].key[2], "3") == 0);
    CHECK(strcmp(g.nodes[1].key[0], "10") == 0 && strcmp(g.nodes[1].key[1], "20") == 0 &&
          strcmp(g.nodes[1].key[2], "5") == 0 && strcmp(g.nodes[1].key[3], "7") == 0);
    static const char *genres[6] = {"(no genres listed)", "Action", "Comedy", "Crime", "Drama",
                                    "Thriller"};
    CHECK(g.nodes[1].feat_width == 6);
    for (int i = 0; i < 6 && i < g.nodes[1].feat_width; i++)
        CHECK(strcmp(g.nodes[1].feat_names[i], genres[i]) == 0);
    static const float x[4][6] = {{0, 1, 0, 1, 0, 1}, {0, 0, 1, 0, 0, 0}, {1, 0, 0, 0, 0, 0},
                                  {0, 0, 1, 0, 1, 0}};
    CHECK(memcmp(g.nodes[1].x, x, sizeof x) == 0);
    static const int32_t src[5] = {0, 1, 0, 2, 1}, dst[5] = {1, 0, 2, 1, 1};
    CHECK(memcmp(g.edges[0].src, src, sizeof src) == 0);
    CHECK(memcmp(g.edges[0].dst, dst, sizeof dst) == 0);
    rt_graph_free(&g);
}

// No movie lists a genre (found by fuzzing: qsort of an empty token list): no feature columns.
static void test_no_genres(const char *data) {
    char dir[1024];
    RtError err = {0};
    snprintf(dir, sizeof dir, "%s/no_genres", data);
    RtGraph g;
    if (rt_movielens_load(dir, &g, &err) < 0) {
        fprintf(stderr, "no_genres: %s\n", RT_ERR_TEXT(&err));
        failures++;
        return;
    }
    CHECK(g.nodes[1].count == 2 && g.nodes[1].feat_width == 0);
    CHECK(g.nodes[1].x == NULL && g.edges[0].count == 2);
    rt_graph_free(&g);
}

static void expect_fail(const char *dir, const char *want) {
    RtGraph g;
    RtError err = {0};
    int rc = rt_movielens_load(dir, &g, &err);
    if (rc != -1 || strcmp(RT_ERR_TEXT(&err), want) != 0) {
        fprintf(stderr, "%s: want '%s', got rc=%d '%s'\n", dir, want, rc, RT_ERR_TEXT(&err));
        failures++;
    }
    CHECK(g.n_node_types == 0 && g.edges[0].src == NULL && g.nodes[1].x == NULL);
    CHECK(strchr(RT_ERR_TEXT(&err), '\n') == NULL);
}

static void test_bad(const char *data) {
    char root[1024];
    snprintf(root, sizeof root, "%s/bad", data);
    DIR *d = opendir(root);
    CHECK(d != NULL);
    if (!d)
        return;
    int n = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        if (ent->d_name[0] == '.')
            continue;
        char dir[1536], path[1600], expect[512], want[2048];
        snprintf(dir, sizeof dir, "%s/%s", root, ent->d_name);
        snprintf(path, sizeof path, "%s/expect", dir);
        FILE *f = fopen(path, "r");
        CHECK(f != NULL);
        if (!f)
            continue;
        if (!fgets(expect, sizeof expect, f))
            expect[0] = 0;
        fclose(f);
        expect[strcspn(expect, "\n")] = 0;
        snprintf(want, sizeof want, "%s/%s", dir, expect);
        expect_fail(dir, want);
        n++;
    }
    closedir(d);
    CHECK(n >= 20);

    // A 3 MB genres field, generated rather than stored.
    char tmp[] = "/tmp/hgnn-test-loader-XXXXXX", path[256], want[512];
    CHECK(mkdtemp(tmp) != NULL);
    snprintf(path, sizeof path, "%s/ratings.csv", tmp);
    FILE *f = fopen(path, "w");
    fputs("userId,movieId,rating,timestamp\n1,1,4.0,1\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/movies.csv", tmp);
    f = fopen(path, "w");
    fputs("movieId,title,genres\n1,A,Drama\n2,B,", f);
    for (int i = 0; i < 3 << 20; i++)
        fputc('x', f);
    fputs("\n", f);
    fclose(f);
    snprintf(want, sizeof want,
             "%s/movies.csv:3: error: field 3 is 3145728 bytes long (limit 1048576)", tmp);
    expect_fail(tmp, want);
    unlink(path);
    snprintf(path, sizeof path, "%s/ratings.csv", tmp);
    unlink(path);
    rmdir(tmp);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: test_movielens ML_SMALL_DIR TEST_DATA_DIR\n");
        return 2;
    }
    test_bundled(argv[1]);
    test_tiny(argv[2]);
    test_no_genres(argv[2]);
    test_bad(argv[2]);
    return check_done("test_movielens");
}
