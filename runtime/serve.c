// serve.c — the run's steps after training that use whole-graph embeddings: ranking evaluation,
// recommendations and the embedding export. Takes the composed app, its options and a source of
// embeddings; yields lines on o->out, files, and the ranking figures in the run report.
#include "serve.h"

#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "infer.h"
#include "recommend.h"

int rt_app_embeddings(void *ctx, const RtApp *a, int part, float **out, int32_t *dims,
                      RtError *err) {
    (void)ctx;
    const HgnnModel *m = a->m;
    int32_t node_map[HGNN_MAX_NODE_TYPES], edge_map[HGNN_MAX_EDGE_TYPES];
    if (rt_graph_map_types(a->g, m->node_types, m->n_node_types, m->edge_types, m->n_edge_types,
                           node_map, edge_map, err) < 0)
        return -1;
    float *emb[HGNN_MAX_NODE_TYPES] = {0};
    if (rt_infer_embeddings(m, a->g, &a->split, part, rt_trainer_params(a->trainer),
                            rt_trainer_host(a->trainer), emb, err) < 0)
        return -1;
    // By the graph's node types, as rank.c, recommend.c and export.c index them.
    for (int32_t t = 0; t < m->n_node_types; t++) {
        out[node_map[t]] = emb[t];
        dims[node_map[t]] = emb[t] ? m->embed_dim[t] : 0;
    }
    return 0;
}

// HgnnModel.score with the trainer's parameters as they stand; ctx is the app.
static void model_score(void *ctx, int64_t n, const int32_t *users, const int32_t *items,
                        const float *user_emb, const float *item_emb, float *scores) {
    const RtApp *a = ctx;
    a->m->score(n, users, items, user_emb, item_emb, rt_trainer_params(a->trainer), scores);
}

RtScoreFn *rt_app_score_fn(const RtApp *a, void **ctx) {
    // The dot product has no parameters; a classifier with some (mlp's classifier.lins.*) is
    // scored by the model.
    *ctx = NULL;
    for (int32_t i = 0; i < a->m->n_params; i++)
        if (strncmp(a->m->params[i].name, "classifier.", 11) == 0 && a->m->score) {
            *ctx = (void *)a;
            return model_score;
        }
    return NULL;
}

static int wants_embeddings(const RtAppOptions *o) {
    return o->n_rank_ks > 0 || o->recommend || o->export_dir;
}

int rt_app_serve_check(const RtApp *a, const RtAppOptions *o, RtError *err) {
    if (!wants_embeddings(o))
        return 0;
    if (o->recommend) {
        // Every key must name a user; rt_recommend_print checks again when it prints.
        const RtEdgeStore *e = &a->g->edges[a->split.edge_type];
        for (const char *s = o->recommend;;) {
            size_t n = strcspn(s, ",");
            char key[256];
            if (n == 0 || n >= sizeof key)
                return rt_err(err, NULL, 0, "--recommend expects comma-separated %s keys",
                              a->g->nodes[e->src_type].name);
            memcpy(key, s, n);
            key[n] = 0;
            if (rt_recommend_find(a->g, e->src_type, key) < 0) {
                char ex[64];
                return rt_err(err, NULL, 0, "unknown %s key '%s'", a->g->nodes[e->src_type].name,
                              rt_excerpt(key, 40, ex, sizeof ex));
            }
            if (!s[n])
                break;
            s += n + 1;
        }
    }
    if (o->export_dir && rt_export_check(o->export_dir, err) < 0)
        return -1;
    return 0;
}

static void free_emb(float **emb, int32_t n) {
    for (int32_t t = 0; t < n; t++) {
        free(emb[t]);
        emb[t] = NULL;
    }
}

static void print_rank(FILE *out, const char *part, const char *who, const RtRankReport *r,
                       const RtRankMetrics *m) {
    for (int32_t j = 0; j < r->n_k; j++)
        fprintf(out, "rank %s %-10s @%d: recall %.4f ndcg %.4f precision %.4f map %.4f hit %.4f "
                "coverage %.4f (%lld users)\n", part, who, m[j].k, m[j].recall, m[j].ndcg,
                m[j].precision, m[j].map, m[j].hit_rate, m[j].coverage, (long long)r->n_users);
}

// --rank-eval over val and test.
static int rank_eval(RtApp *a, const RtAppOptions *o, RtRunReport *rep, RtEmbedFn *embed,
                     void *ctx, RtScoreFn *score, void *score_ctx, RtError *err) {
    static const char *names[2] = {"val", "test"};
    const RtEdgeStore *e = &a->g->edges[a->split.edge_type];
    for (int i = 0; i < (o->rank_val_only ? 1 : 2); i++) {
        int part = i == 0 ? RT_SPLIT_VAL : RT_SPLIT_TEST;
        float *emb[HGNN_MAX_NODE_TYPES] = {0};
        int32_t dims[HGNN_MAX_NODE_TYPES] = {0};
        if (embed(ctx, a, part, emb, dims, err) < 0)
            return -1;
        RtRankSet rs;
        int rc = -1;
        if (dims[e->src_type] != dims[e->dst_type] || !emb[e->src_type] || !emb[e->dst_type]) {
            rt_err(err, NULL, 0, "--rank-eval needs %s and %s embeddings of one width",
                   a->g->nodes[e->src_type].name, a->g->nodes[e->dst_type].name);
        } else if (rt_rank_set_from_split(&rs, a->g, &a->split, part, err) == 0) {
            rc = rt_rank_eval_embeddings(&rs, emb[e->src_type], emb[e->dst_type],
                                         dims[e->src_type], score, score_ctx, o->rank_ks,
                                         o->n_rank_ks, &rep->ranking[i], err);
            rt_rank_set_free(&rs);
        }
        free_emb(emb, a->g->n_node_types);
        if (rc < 0)
            return -1;
        print_rank(o->out, names[i], "model", &rep->ranking[i], rep->ranking[i].model);
        print_rank(o->out, names[i], "popularity", &rep->ranking[i], rep->ranking[i].popularity);
    }
    rep->has_ranking = 1;
    fflush(o->out);
    return 0;
}

int rt_app_after_training_with(RtApp *a, const RtAppOptions *o, RtRunReport *rep,
                               RtEmbedFn *embed, void *ctx, RtScoreFn *score, void *score_ctx,
                               RtError *err) {
    if (o->n_rank_ks > 0 && rank_eval(a, o, rep, embed, ctx, score, score_ctx, err) < 0)
        return -1;
    if (!o->recommend && !o->export_dir)
        return 0;
    float *emb[HGNN_MAX_NODE_TYPES] = {0};
    int32_t dims[HGNN_MAX_NODE_TYPES] = {0};
    if (embed(ctx, a, RT_SPLIT_TEST, emb, dims, err) < 0)
        return -1;
    const RtEdgeStore *e = &a->g->edges[a->split.edge_type];
    int rc = 0;
    if (o->recommend) {
        if (dims[e->src_type] != dims[e->dst_type] || !emb[e->src_type] || !emb[e->dst_type])
            rc = rt_err(err, NULL, 0, "--recommend needs %s and %s embeddings of one width",
                        a->g->nodes[e->src_type].name, a->g->nodes[e->dst_type].name);
        else
            rc = rt_recommend_print(o->out, a->g, a->split.edge_type, o->recommend, o->top_k,
                                    o->json, emb[e->src_type], emb[e->dst_type],
                                    dims[e->src_type], score, score_ctx, err);
    }
    if (rc == 0 && o->export_dir)
        rc = rt_export_embeddings(o->export_dir, a->g, emb, dims, err);
    free_emb(emb, a->g->n_node_types);
    return rc;
}

int rt_app_after_training(RtApp *a, const RtAppOptions *o, RtRunReport *rep, RtError *err) {
    if (!wants_embeddings(o))
        return 0;
    void *score_ctx;
    RtScoreFn *score = rt_app_score_fn(a, &score_ctx);
    return rt_app_after_training_with(a, o, rep, rt_app_embeddings, NULL, score, score_ctx, err);
}
