// data_widths_pending.c — TEMPORARY: stands in for hgnn_data_widths (include/hgnn/data.h) until
// runtime/dataset.c implements it and is linked into hgnnc; the integrator deletes this file.
// Until then `hgnnc --data DIR` fails with a one-line message.
#include <stdio.h>

#include "hgnn/data.h"

int hgnn_data_widths(const char *dir, int32_t n_node_types, const HgnnNodeType *node_types,
                     const HgnnDataDecl *data, int32_t *widths, char *err, size_t err_len) {
    (void)dir;
    (void)n_node_types;
    (void)node_types;
    (void)data;
    (void)widths;
    snprintf(err, err_len, "hgnnc: --data is not available in this build");
    return -1;
}
