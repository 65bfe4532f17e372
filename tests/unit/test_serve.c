// test_serve.c — what hgnn-run does after training (serve.c) on ml-latest-small, with embeddings
// from a stand-in for whole-graph inference: user rows [1], movie rows [its degree in the part's
// message-passing graph]. The dot product then ranks exactly as the popularity baseline does, so
// --rank-eval's model figures must equal the baseline's at every K for val and test, and the
// --metrics JSON carries them under "ranking"; --recommend lists unseen movies only, by
// degree; --export writes user and movie matrices of the right shapes. SPLIT_DIR (optional, not
// in CTest): PyG's split as tools/pyg_batch.py export writes it, for docs/ranking.md's figures
// (TEST_SERVE_PRINT=1 prints them).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "json.h"
#include "movielens.h"
#include "npy.h"
#include "recommend.h"
#include "serve.h"

// The stand-in: per part, degree embeddings (rank.c's popularity) for users and movies.
static int fake_embed(void *ctx, const RtApp *a, int part, float **out, int32_t *dims,
                      RtError *err) {
    (void)ctx;
    RtRankSet rs;
    if (rt_rank_set_from_split(&rs, a->g, &a->split, part, err) < 0)
        return -1;
    const RtEdgeStore *e = &a->g->edges[a->split.edge_type];
    int64_t nu = a->g->nodes[e->src_type].count, ni = a->g->nodes[e->dst_type].count;
    out[e->src_type] = malloc((size_t)nu * sizeof(float));
    out[e->dst_type] = malloc((size_t)ni * sizeof(float));
    for (int64_t u = 0; u < nu; u++)
        out[e->src_type][u] = 1;
    for (int64_t i = 0; i < ni; i++)
        out[e->dst_type][i] = (float)rs.degree[i];
    dims[e->src_type] = dims[e->dst_type] = 1;
    rt_rank_set_free(&rs);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_serve ML_SMALL_DIR [SPLIT_DIR]\n");
        return 2;
    }
    RtGraph g;
    RtApp a;
    RtError err;
    memset(&a, 0, sizeof a);
    RtTrainConfig cfg;
    rt_train_defaults(&cfg);
    if (rt_app_load_data(argv[1], 0, NULL, 0, NULL, NULL, &g, &err) < 0 ||
        (argc > 2 ? rt_app_compose_split(&a, &g, NULL, RT_MOVIELENS_TARGET, &cfg, argv[2], &err)
                  : rt_app_compose(&a, &g, NULL, RT_MOVIELENS_TARGET, &cfg, &err)) < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        return 1;
    }
    char dir[] = "/tmp/test_serve.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char out_path[256], exp_dir[256], metrics[256];
    snprintf(out_path, sizeof out_path, "%s/out.txt", dir);
    snprintf(exp_dir, sizeof exp_dir, "%s/emb", dir);
    snprintf(metrics, sizeof metrics, "%s/m.json", dir);

    RtAppOptions o;
    rt_app_defaults(&o);
    o.out = fopen(out_path, "w");
    o.n_rank_ks = 2;
    o.rank_ks[0] = 10, o.rank_ks[1] = 20;
    o.recommend = "1";
    o.top_k = 5;
    o.export_dir = exp_dir;
    RtRunReport rep;
    memset(&rep, 0, sizeof rep);
    CHECK(rt_app_after_training_with(&a, &o, &rep, fake_embed, NULL, NULL, NULL, &err) == 0);
    fclose(o.out);
    CHECK(rep.has_ranking);
    for (int p = 0; p < 2; p++) {
        const RtRankReport *r = &rep.ranking[p];
        CHECK(r->n_users > 500 && r->n_k == 2);
        for (int j = 0; j < 2; j++) {
            CHECK(r->model[j].ndcg == r->popularity[j].ndcg);
            CHECK(r->model[j].recall == r->popularity[j].recall);
            CHECK(r->model[j].map == r->popularity[j].map);
            CHECK(r->model[j].coverage == r->popularity[j].coverage);
            CHECK(r->model[j].ndcg > 0.01 && r->model[j].ndcg < 1);
        }
    }
    // The printed lines and the recommendation table.
    char text[65536];
    long n = check_read_file(out_path, text, sizeof text);
    CHECK(n > 0 && strstr(text, "rank test popularity @20: recall ") != NULL);
    if (getenv("TEST_SERVE_PRINT"))     // the popularity figures of seed 0, for docs/ranking.md
        fputs(text, stdout);
    CHECK(strstr(text, "user 1: top 5 of ") != NULL);
    // User 1's recommendations are movies without a rating of user 1.
    const RtEdgeStore *e = &g.edges[a.split.edge_type];
    const RtNodeStore *mv = &g.nodes[e->dst_type];
    int64_t user1 = rt_recommend_find(&g, e->src_type, "1");
    CHECK(user1 >= 0);
    char *row = strstr(text, "\n   1  ");
    CHECK(row != NULL);
    for (int r = 0; row && r < 5; r++, row = strstr(row + 1, "\n   ")) {
        char key[64];
        CHECK(sscanf(row, " %*d %63s", key) == 1);
        int64_t id = rt_recommend_find(&g, e->dst_type, key);
        CHECK(id >= 0);
        for (int64_t i = 0; i < e->count; i++)
            if (e->src[i] == user1 && e->dst[i] == id)
                failures++, fprintf(stderr, "recommended seen movie %s\n", key);
    }
    CHECK(mv->display != NULL && strstr(text, "(19") != NULL);   // titles shown
    // Metrics JSON.
    rep.model = "fake";
    CHECK(rt_metrics_write(metrics, &rep, &err) == 0);
    static char js[1 << 16];
    n = check_read_file(metrics, js, sizeof js);
    RtJsonValue v;
    CHECK(n > 0 && rt_json_parse(js, (size_t)n, &v, &err) == 0);
    const RtJsonValue *rk = rt_json_get(&v, "ranking");
    const RtJsonValue *t = rk ? rt_json_get(rk, "test") : NULL;
    const RtJsonValue *m = t ? rt_json_get(t, "model") : NULL;
    const RtJsonValue *nd = m ? rt_json_get(m, "ndcg@10") : NULL;
    CHECK(nd && nd->kind == JV_NUM && nd->num == rep.ranking[1].model[0].ndcg);
    CHECK(t && rt_json_get(t, "popularity") && rt_json_get(rt_json_get(t, "popularity"),
                                                           "coverage@20"));
    rt_json_value_free(&v);
    // Export.
    char path[512];
    RtNpy arr;
    snprintf(path, sizeof path, "%s/movie.npy", exp_dir);
    CHECK(rt_npy_read(path, &arr, &err) == 0);
    CHECK(arr.shape[0] == mv->count && arr.shape[1] == 1);
    rt_npy_free(&arr);
    snprintf(path, sizeof path, "%s/user.keys.csv", exp_dir);
    struct stat st;
    CHECK(stat(path, &st) == 0);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    rt_app_free(&a);
    rt_graph_free(&g);
    return check_done("test_serve");
}
