// fake_data_widths.c — a stand-in for the runtime's hgnn_data_widths (hgnn/data.h) that reads no
// file, so that hgnnc's --data plumbing can be tested before and apart from the real reader:
// every node type the model leaves to the data gets 5 columns, a declared width gets one more
// (the data decides), and a directory named "bad" fails as the reader would.
#include <stdio.h>
#include <string.h>

#include "hgnn/data.h"

int hgnn_data_widths(const char *dir, int32_t n_node_types, const HgnnNodeType *node_types,
                     const HgnnDataDecl *data, int32_t *widths, char *err, size_t err_len) {
    const char *base = strrchr(dir, '/');
    if (strcmp(base ? base + 1 : dir, "bad") == 0) {
        snprintf(err, err_len, "%s/movies.csv:3: error: field 'genres' is missing", dir);
        return -1;
    }
    for (int t = 0; t < n_node_types; t++) {
        int32_t w = node_types[t].feat_width;
        widths[t] = w < 0 ? 5 : w > 0 ? w + 1 : 0;
        // A model without declarations reads the MovieLens layout: movie's 20 genres.
        if (!data && strcmp(node_types[t].name, "movie") == 0)
            widths[t] = 20;
    }
    return 0;
}

// Label columns are the real reader's business (test_dataset, the bad-input catalogue).
int hgnn_data_check_labels(const char *dir, int32_t n_edge_types, const HgnnDataDecl *data,
                           char *err, size_t err_len) {
    (void)dir, (void)n_edge_types, (void)data, (void)err, (void)err_len;
    return 0;
}
