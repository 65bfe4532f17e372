// inspect.c — the data path printed as JSON: node and edge counts, feature widths, split sizes,
// batches per epoch and the first training batch. Takes what the application composed (graph,
// split, loaders); yields one JSON object on the given stream.
#include "inspect.h"

// Node and edge type names are identifiers the loader made ("user", "user__rates__movie"), so
// they need no JSON escaping.
static void print_node_counts(FILE *out, const RtGraph *g, const int32_t *counts) {
    fputc('{', out);
    for (int32_t t = 0; t < g->n_node_types; t++)
        fprintf(out, "%s\"%s\":%d", t ? "," : "", g->nodes[t].name, counts[t]);
    fputc('}', out);
}

static void print_edge_counts(FILE *out, const RtGraph *g, const int32_t *counts) {
    fputc('{', out);
    for (int32_t e = 0; e < g->n_edge_types; e++)
        fprintf(out, "%s\"%s\":%d", e ? "," : "", g->edges[e].name, counts[e]);
    fputc('}', out);
}

int rt_inspect_print(FILE *out, uint64_t seed, const RtGraph *g, const RtSplit *s,
                     RtLoader *const loader[RT_SPLIT_PARTS], RtError *err) {
    RtLoader *train = loader[RT_SPLIT_TRAIN];
    RtBatch b;
    rt_batch_init(&b);
    rt_loader_begin_epoch(train, 0);
    if (rt_loader_fill(train, 0, &b) < 0) {
        rt_batch_free(&b);
        return rt_err(err, NULL, 0, "out of memory sampling a batch");
    }
    int32_t counts[HGNN_MAX_EDGE_TYPES > HGNN_MAX_NODE_TYPES ? HGNN_MAX_EDGE_TYPES
                                                             : HGNN_MAX_NODE_TYPES];
    for (int32_t t = 0; t < g->n_node_types; t++)
        counts[t] = (int32_t)g->nodes[t].count;
    fprintf(out, "{\"seed\":%llu,\"nodes\":", (unsigned long long)seed);
    print_node_counts(out, g, counts);
    fprintf(out, ",\"features\":{");
    for (int32_t t = 0, k = 0; t < g->n_node_types; t++)
        if (g->nodes[t].feat_width)
            fprintf(out, "%s\"%s\":%d", k++ ? "," : "", g->nodes[t].name, g->nodes[t].feat_width);
    fprintf(out, "},\"edges\":");
    for (int32_t e = 0; e < g->n_edge_types; e++)
        counts[e] = (int32_t)g->edges[e].count;
    print_edge_counts(out, g, counts);
    const RtSplitPart *p = s->part;
    fprintf(out, ",\"target\":\"%s\"", g->edges[s->edge_type].name);
    fprintf(out,
            ",\"split\":{\"train\":{\"message_passing\":%lld,\"supervision\":%lld},"
            "\"val\":{\"message_passing\":%lld,\"labels\":%lld},"
            "\"test\":{\"message_passing\":%lld,\"labels\":%lld}}",
            (long long)p[0].n_mp, (long long)p[0].n_labels, (long long)p[1].n_mp,
            (long long)p[1].n_labels, (long long)p[2].n_mp, (long long)p[2].n_labels);
    fprintf(out, ",\"batches\":{\"train\":%lld,\"val\":%lld,\"test\":%lld}",
            (long long)rt_loader_num_batches(train),
            (long long)rt_loader_num_batches(loader[RT_SPLIT_VAL]),
            (long long)rt_loader_num_batches(loader[RT_SPLIT_TEST]));
    fprintf(out, ",\"first_batch\":{\"nodes\":");
    print_node_counts(out, g, b.n_nodes);
    fprintf(out, ",\"edges\":");
    print_edge_counts(out, g, b.n_edges);
    fprintf(out, ",\"labels\":%d}}\n", b.n_labels);
    rt_batch_free(&b);
    return 0;
}
