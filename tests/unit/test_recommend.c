// test_recommend.c — recommendations (recommend.c) on a hand-built graph: the items a user has an
// edge to (duplicates included) never appear, the rest come best first with ties to the lower
// index, K above the unseen count gives them all, the table and the JSON carry key, title and
// score; an unknown key fails naming it and prints nothing, as do -k 0 and an empty key.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json.h"
#include "recommend.h"

static char *run(const RtGraph *g, const char *keys, int32_t k, int json, const float *ue,
                 const float *ie, int *rc, RtError *err) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    *rc = rt_recommend_print(f, g, 0, keys, k, json, ue, ie, 1, NULL, NULL, err);
    fclose(f);
    return buf;
}

int main(void) {
    char *ukeys[] = {"7", "8"};
    char *ikeys[] = {"a", "b", "c", "d", "e"};
    char *titles[] = {"Alpha (1990)", "Beta, The (1991)", "Gamma (1992)", "Delta \"D\" (1993)",
                      "Eps (1994)"};
    // user 7 has rated a, c and c again; user 8 nothing.
    int32_t src[] = {0, 0, 0}, dst[] = {0, 2, 2};
    RtGraph g;
    memset(&g, 0, sizeof g);
    g.n_node_types = 2;
    g.n_edge_types = 1;
    g.nodes[0] = (RtNodeStore){.name = "user", .count = 2, .key = ukeys};
    g.nodes[1] = (RtNodeStore){.name = "movie", .count = 5, .key = ikeys, .display = titles};
    g.edges[0] = (RtEdgeStore){.src_type = 0, .dst_type = 1, .count = 3, .src = src, .dst = dst};
    float ue[] = {1, -1};
    float ie[] = {9, 2, 8, 5, 2};   // user 7: b 2, d 5, e 2 -> d, b, e (b before e: tie)
    RtError err;
    int rc;

    CHECK(rt_recommend_find(&g, 0, "8") == 1 && rt_recommend_find(&g, 0, "9") == -1);
    char *t = run(&g, "7", 10, 0, ue, ie, &rc, &err);
    CHECK(rc == 0);
    CHECK(strstr(t, "user 7: top 3 of 3 unseen movie (2 seen)") != NULL);
    char *d = strstr(t, "\n   1  d "), *b = strstr(t, "\n   2  b "), *e = strstr(t, "\n   3  e ");
    CHECK(d && b && e && d < b && b < e);
    CHECK(strstr(t, "5.0000  Delta \"D\" (1993)") != NULL);
    CHECK(!strstr(t, "Alpha") && !strstr(t, "Gamma"));
    free(t);

    // JSON, two users, K 2: user 8 has seen nothing; scores -9, -2, -8, -5, -2 -> b, e.
    t = run(&g, "7,8", 2, 1, ue, ie, &rc, &err);
    CHECK(rc == 0);
    RtJsonValue v;
    CHECK(rt_json_parse(t, strlen(t), &v, &err) == 0);
    const RtJsonValue *r = rt_json_get(&v, "recommendations");
    CHECK(r && r->kind == JV_ARR && r->n == 2);
    if (r && r->n == 2) {
        const RtJsonValue *u8 = &r->items[1], *items = rt_json_get(u8, "items");
        CHECK(!strcmp(rt_json_get(u8, "user")->str, "8"));
        CHECK(items && items->n == 2);
        CHECK(!strcmp(rt_json_get(&items->items[0], "key")->str, "b"));
        CHECK(!strcmp(rt_json_get(&items->items[1], "key")->str, "e"));
        CHECK(rt_json_get(&items->items[1], "score")->num == -2);
        CHECK(!strcmp(rt_json_get(&items->items[0], "title")->str, "Beta, The (1991)"));
        const RtJsonValue *i7 = rt_json_get(&r->items[0], "items");
        CHECK(i7 && i7->n == 2 && !strcmp(rt_json_get(&i7->items[0], "key")->str, "d"));
    }
    rt_json_value_free(&v);
    free(t);

    // Bad input: nothing printed, one line naming the key.
    t = run(&g, "7,42", 10, 0, ue, ie, &rc, &err);
    CHECK(rc == -1 && strlen(t) == 0);
    CHECK(strcmp(err.msg, "unknown user key '42'") == 0);
    free(t);
    t = run(&g, "7", 0, 0, ue, ie, &rc, &err);
    CHECK(rc == -1 && strlen(t) == 0);
    free(t);
    t = run(&g, "7,", 3, 0, ue, ie, &rc, &err);
    CHECK(rc == -1 && strlen(t) == 0);
    free(t);
    return check_done("test_recommend");
}
