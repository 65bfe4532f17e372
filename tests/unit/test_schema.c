// test_schema.c — RandomLinkSplit and the LinkNeighborLoader over a schema other than MovieLens:
// a generated graph of 3 node types (user, item, tag) and 5 edge types after ToUndirected
// (user__buys__item, the split target, with its declared reverse item__bought_by__user;
// user__follows__user within one node type; item__has__tag and its default reverse; tag has no
// edge of the target type). Checks the split's counts, that every non-target type passes all its
// messages in every part, that sampled edges exist in the part's message-passing graph, that no
// supervision edge of a part is among its message-passing edges, and the per-hop, per-edge-type
// fan-out bound; that a type within one node type cannot be split; and that --inspect's JSON
// names every type.
// Usage: test_schema
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "dataset.h"
#include "inspect.h"
#include "loader.h"
#include "split.h"

enum { USERS = 60, ITEMS = 40, TAGS = 8, BUYS = 500 };

static char dir[64];

static uint64_t lcg = 88172645463325252u;
static uint32_t next(void) {
    lcg = lcg * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(lcg >> 33);
}

static void write_files(void) {
    char path[128];
    snprintf(path, sizeof path, "%s/users.csv", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "id,age\n");
    for (int i = 0; i < USERS; i++)
        fprintf(f, "u%d,%u\n", i, 18 + next() % 50);
    fclose(f);
    snprintf(path, sizeof path, "%s/items.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "sku,tags\n");
    for (int i = 0; i < ITEMS; i++)
        fprintf(f, "i%d,t%u|t%u\n", i, next() % TAGS, next() % TAGS);
    fclose(f);
    // Distinct user -> item pairs, so each supervision pair names one edge.
    static char seen[USERS][ITEMS];
    snprintf(path, sizeof path, "%s/buys.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "user,item\n");
    for (int n = 0; n < BUYS;) {
        uint32_t u = next() % USERS, i = next() % ITEMS;
        if (seen[u][i])
            continue;
        seen[u][i] = 1;
        fprintf(f, "u%u,i%u\n", u, i);
        n++;
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/follows.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "a,b\n");
    for (int n = 0; n < 150; n++)
        fprintf(f, "u%u,u%u\n", next() % USERS, next() % USERS);
    fclose(f);
}

static void remove_files(void) {
    static const char *names[] = {"users.csv", "items.csv", "buys.csv", "follows.csv"};
    for (int i = 0; i < 4; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

static const HgnnNodeType nt[] = {{"user", 1}, {"item", 0}, {"tag", 0}};
static const HgnnEdgeType et[] = {{"user__buys__item", "buys", 0, 1, -1},
                                  {"user__follows__user", "follows", 0, 0, -1},
                                  {"item__has__tag", "has", 1, 2, -1},
                                  {"item__bought_by__user", "bought_by", 1, 0, 0}};
static const HgnnEncoderDecl ux[] = {{HGNN_ENC_NUMERIC, "age", NULL}};
static const HgnnNodeData nodes[] = {
    {{"users.csv", NULL, 0, 0}, "id", NULL, 1, ux},
    {{"items.csv", NULL, 0, 0}, "sku", NULL, 0, NULL},
    {{NULL, NULL, 0, 0}, NULL, NULL, 0, NULL},
};
static const HgnnEdgeData edges[] = {
    {{"buys.csv", NULL, 0, 0}, "user", "item", NULL, NULL, NULL},
    {{"follows.csv", NULL, 0, 0}, "a", "b", NULL, NULL, NULL},
    {{"items.csv", NULL, 0, 0}, "sku", "tags", NULL, "|", NULL},
    {{NULL, NULL, 0, 0}, NULL, NULL, NULL, NULL, NULL},
};

// In-degree of every node of type t in edge type e of g (all edges).
static int32_t *in_degree(const RtGraph *g, int32_t e) {
    const RtEdgeStore *es = &g->edges[e];
    int32_t *d = calloc((size_t)g->nodes[es->dst_type].count, sizeof *d);
    for (int64_t i = 0; i < es->count; i++)
        d[es->dst[i]]++;
    return d;
}

// Checks every batch of part p of split s with fan-out `fan` (n_hops hops).
static void check_part(const RtGraph *g, const RtSplit *s, int p, int32_t n_hops,
                       const int32_t *fan) {
    int32_t tgt = s->edge_type, rev = s->rev_type;
    int64_t n = s->n_edges;
    // The part's message-passing edges of the target type, by edge id.
    char *mp = calloc((size_t)n, 1);
    const RtSplitPart *pt = &s->part[p];
    for (int64_t i = 0; i < pt->n_mp; i++)
        mp[pt->mp_eid[i]] = 1;
    // No supervision positive is a message-passing edge of its part (pairs are distinct).
    int leaks = 0;
    const RtEdgeStore *es = &g->edges[tgt];
    for (int64_t i = 0; i < n; i++)
        if (mp[i])
            for (int64_t j = 0; j < pt->n_pos; j++)
                leaks += es->src[i] == pt->label_src[j] && es->dst[i] == pt->label_dst[j];
    CHECK(leaks == 0);

    RtLoaderConfig cfg;
    rt_loader_train_defaults(&cfg);
    cfg.batch_size = 32;
    cfg.n_hops = n_hops;
    for (int h = 0; h < n_hops; h++)
        cfg.fanout[h] = fan[h];
    cfg.neg_ratio = p == RT_SPLIT_TRAIN ? 1.0 : 0.0;
    RtError err = {0};
    RtLoader *l = rt_loader_new(g, s, p, &cfg, 7, &err);
    CHECK(l != NULL);
    if (!l) {
        free(mp);
        return;
    }
    int32_t *deg[HGNN_MAX_EDGE_TYPES];
    for (int32_t e = 0; e < g->n_edge_types; e++)
        deg[e] = in_degree(g, e);
    RtBatch b;
    rt_batch_init(&b);
    int64_t sampled[HGNN_MAX_EDGE_TYPES] = {0};
    int bad_edge = 0, bad_fan = 0, not_full = 0;
    for (int64_t bi = 0; bi < rt_loader_num_batches(l); bi++) {
        CHECK(rt_loader_fill(l, bi, &b) == 0);
        for (int32_t e = 0; e < g->n_edge_types; e++) {
            const RtEdgeStore *x = &g->edges[e];
            int32_t sd = x->src_type, dd = x->dst_type;
            sampled[e] += b.n_edges[e];
            int32_t *cnt = calloc((size_t)b.n_nodes[dd] + 1, sizeof *cnt);
            for (int32_t i = 0; i < b.n_edges[e]; i++) {
                int32_t eid = b.edge_id[e][i];
                int32_t gs = b.node_ids[sd][b.edge_src[e][i]], gd = b.node_ids[dd][b.edge_dst[e][i]];
                // The edge exists in the graph, and for the target (and its reverse) in the part.
                bad_edge += eid < 0 || eid >= x->count || x->src[eid] != gs || x->dst[eid] != gd;
                if (e == tgt || e == rev)
                    bad_edge += !mp[eid];
                cnt[b.edge_dst[e][i]]++;
            }
            // Per hop: a node first reached before hop h is expanded at hop h, at most fan[h]
            // edges; nodes reached by the last hop are not expanded.
            for (int32_t v = 0; v < b.n_nodes[dd]; v++) {
                int h = 0;
                while (h <= n_hops && v >= b.hop_end[dd][h])
                    h++;
                int32_t lim = h >= n_hops ? 0 : fan[h] < 0 ? INT32_MAX : fan[h];
                bad_fan += cnt[v] > lim;
                // A type other than the target and its reverse passes all its messages: with a
                // fan-out at least the degree, every in-edge of the node is there.
                if (e != tgt && e != rev && h < n_hops && lim >= deg[e][b.node_ids[dd][v]])
                    not_full += cnt[v] != deg[e][b.node_ids[dd][v]];
            }
            free(cnt);
        }
    }
    CHECK(bad_edge == 0);
    CHECK(bad_fan == 0);
    CHECK(not_full == 0);
    for (int32_t e = 0; e < g->n_edge_types; e++)
        CHECK(sampled[e] > 0);  // every edge type is sampled
    rt_batch_free(&b);
    rt_loader_free(l);
    for (int32_t e = 0; e < g->n_edge_types; e++)
        free(deg[e]);
    free(mp);
}

int main(void) {
    snprintf(dir, sizeof dir, "/tmp/hgnn-test-schema-XXXXXX");
    if (!mkdtemp(dir)) {
        perror(dir);
        return 2;
    }
    write_files();
    RtGraph g;
    RtError err = {0};
    if (rt_dataset_load(dir, 3, nt, 4, et, &(HgnnDataDecl){nodes, edges}, &g, &err) < 0 ||
        rt_graph_to_undirected(&g, &err) < 0) {
        fprintf(stderr, "load: %s\n", RT_ERR_TEXT(&err));
        remove_files();
        return 1;
    }
    CHECK(g.n_node_types == 3 && g.n_edge_types == 5);
    CHECK(strcmp(g.edges[3].name, "item__bought_by__user") == 0);
    CHECK(strcmp(g.edges[4].name, "tag__rev_has__item") == 0);
    CHECK(g.nodes[2].count == TAGS);

    // A type within one node type is not a split target.
    RtSplit s;
    RtSplitConfig sc;
    rt_split_defaults(&sc);
    CHECK(rt_split_link(&g, 1, &sc, 0, &s, &err) == -1);
    CHECK(strcmp(err.msg, "cannot split user__follows__user for link prediction: it joins node "
                          "type 'user' to itself (ToUndirected made it undirected in place); "
                          "predict an edge type between two node types") == 0);

    for (uint64_t seed = 0; seed < 3; seed++) {
        CHECK(rt_split_link(&g, 0, &sc, seed, &s, &err) == 0);
        CHECK(s.edge_type == 0 && s.rev_type == 3 && s.n_edges == BUYS);
        // floor counts (spec §2): val 50, test 50, train 400 of which 120 supervision only.
        const RtSplitPart *p = s.part;
        CHECK(p[RT_SPLIT_VAL].n_pos == 50 && p[RT_SPLIT_TEST].n_pos == 50);
        CHECK(p[RT_SPLIT_VAL].n_labels == 150 && p[RT_SPLIT_TEST].n_labels == 150);
        CHECK(p[RT_SPLIT_TRAIN].n_pos == 120 && p[RT_SPLIT_TRAIN].n_mp == 280);
        CHECK(p[RT_SPLIT_VAL].n_mp == 400 && p[RT_SPLIT_TEST].n_mp == 450);
        static const int32_t fan2[] = {3, 2}, fan_all[] = {-1, -1, -1};
        for (int part = 0; part < RT_SPLIT_PARTS; part++) {
            check_part(&g, &s, part, 2, fan2);
            check_part(&g, &s, part, 3, fan_all);
        }
        rt_split_free(&s);
    }

    // --inspect names every node and edge type, in the graph and in the first batch.
    CHECK(rt_split_link(&g, 0, &sc, 0, &s, &err) == 0);
    RtLoaderConfig tc, ec;
    rt_loader_train_defaults(&tc);
    rt_loader_eval_defaults(&ec);
    RtLoader *ls[RT_SPLIT_PARTS] = {rt_loader_new(&g, &s, RT_SPLIT_TRAIN, &tc, 0, &err),
                                    rt_loader_new(&g, &s, RT_SPLIT_VAL, &ec, 0, &err),
                                    rt_loader_new(&g, &s, RT_SPLIT_TEST, &ec, 0, &err)};
    CHECK(ls[0] && ls[1] && ls[2]);
    char *json = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&json, &len);
    CHECK(f && ls[0] && ls[1] && ls[2] && rt_inspect_print(f, 0, &g, &s, ls, &err) == 0);
    if (f)
        fclose(f);
    char want[512];
    snprintf(want, sizeof want, "\"nodes\":{\"user\":%d,\"item\":%d,\"tag\":%d}", USERS, ITEMS,
             TAGS);
    CHECK(json && strstr(json, want) && strstr(json, "\"features\":{\"user\":1}"));
    snprintf(want, sizeof want, "\"edges\":{\"user__buys__item\":%d,\"user__follows__user\":%lld,"
             "\"item__has__tag\":%lld,\"item__bought_by__user\":%d,\"tag__rev_has__item\":%lld}",
             BUYS, (long long)g.edges[1].count, (long long)g.edges[2].count, BUYS,
             (long long)g.edges[2].count);
    CHECK(json && strstr(json, want));
    CHECK(json && strstr(json, "\"first_batch\":{\"nodes\":{\"user\":") &&
          strstr(strstr(json, "first_batch"), "\"tag__rev_has__item\":"));
    free(json);
    for (int p = 0; p < RT_SPLIT_PARTS; p++)
        rt_loader_free(ls[p]);
    rt_split_free(&s);
    rt_graph_free(&g);
    remove_files();
    return check_done("test_schema");
}
