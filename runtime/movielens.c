// movielens.c — the built-in data layout, MovieLens ml-latest-small, as a constant data
// declaration read by dataset.c: users numbered by first appearance in ratings.csv, movies by
// their row in movies.csv with multi-hot genre features, one user→movie edge per rating.
#include "movielens.h"

#include "dataset.h"

// Feature widths are the data's (0 here: the loader ignores them).
const HgnnNodeType rt_movielens_node_types[RT_MOVIELENS_NODE_TYPES] = {
    {"user", 0},
    {"movie", 0},
};

const HgnnEdgeType rt_movielens_edge_types[RT_MOVIELENS_EDGE_TYPES] = {
    {RT_MOVIELENS_TARGET, "rates", 0, 1, -1},
    {"movie__rev_rates__user", "rev_rates", 1, 0, 0},
};

// MovieLens files are comma-separated UTF-8 with a header, whatever their first line looks like.
static const HgnnEncoderDecl movie_x[] = {{HGNN_ENC_MULTI_HOT, "genres", "|"}};

static const HgnnNodeData nodes[RT_MOVIELENS_NODE_TYPES] = {
    {.table = {NULL, NULL, 0, HGNN_TEXT_UTF8}},
    {.table = {"movies.csv", ",", 0, HGNN_TEXT_UTF8}, .key = "movieId", .display = "title",
     .n_encoders = 1, .encoders = movie_x},
};

static const HgnnEdgeData edges[RT_MOVIELENS_EDGE_TYPES] = {
    {.table = {"ratings.csv", ",", 0, HGNN_TEXT_UTF8}, .src_key = "userId", .dst_key = "movieId"},
    {.table = {NULL, NULL, 0, HGNN_TEXT_UTF8}},
};

const HgnnDataDecl rt_movielens_decl = {nodes, edges};

int rt_movielens_load(const char *dir, RtGraph *g, RtError *err) {
    return rt_dataset_load(dir, RT_MOVIELENS_NODE_TYPES, rt_movielens_node_types,
                           RT_MOVIELENS_EDGE_TYPES, rt_movielens_edge_types, &rt_movielens_decl,
                           g, err);
}
