// export.c — writes node embeddings for other tools: per node type a .npy matrix (npy.c) and a
// CSV of the nodes' keys in row order. Takes the graph (names, keys) and one matrix per type;
// yields the files in a directory, all or none, each written crash-safely (json.h).
#include "export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "npy.h"

// Appends s to the buffer as one CSV field: quoted (quotes doubled) when it holds a comma, a
// quote or a line break.
static void csv_field(RtJson *b, const char *s) {
    if (!strpbrk(s, ",\"\r\n")) {
        rt_json_raw(b, s, strlen(s));
        return;
    }
    rt_json_raw(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            rt_json_raw(b, "\"", 1);
        rt_json_raw(b, p, 1);
    }
    rt_json_raw(b, "\"", 1);
}

static int write_keys(const char *path, const RtNodeStore *n, RtError *err) {
    RtJson b;   // used only as a growable buffer
    rt_json_init(&b, 0);
    rt_json_raw(&b, "key\n", 4);
    for (int64_t i = 0; i < n->count; i++) {
        char id[32];
        snprintf(id, sizeof id, "%lld", (long long)i);
        csv_field(&b, n->key && n->key[i] ? n->key[i] : id);
        rt_json_raw(&b, "\n", 1);
    }
    int rc;
    if (b.oom) {
        rc = rt_err(err, path, 0, "out of memory");
    } else {
        const void *parts[] = {b.buf};
        size_t sizes[] = {b.len};
        rc = rt_file_write_atomic(path, parts, sizes, 1, err);
    }
    rt_json_free(&b);
    return rc;
}

int rt_export_check(const char *dir, RtError *err) {
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return rt_err(err, dir, 0, "not a directory");
        if (access(dir, W_OK | X_OK) != 0)
            return rt_err(err, dir, 0, "cannot write into the export directory: %s",
                          strerror(errno));
        return 0;
    }
    if (errno != ENOENT)
        return rt_err(err, dir, 0, "cannot create the export directory: %s", strerror(errno));
    // Missing: its parent must be a writable directory.
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", dir);
    size_t n = strlen(parent);
    while (n > 1 && parent[n - 1] == '/')
        parent[--n] = 0;
    char *slash = strrchr(parent, '/');
    if (!slash)
        snprintf(parent, sizeof parent, ".");
    else
        slash[slash == parent] = 0;
    if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode) || access(parent, W_OK | X_OK) != 0)
        return rt_err(err, dir, 0, "cannot create the export directory: %s",
                      stat(parent, &st) != 0 ? strerror(errno) : "parent not writable");
    return 0;
}

int rt_export_embeddings(const char *dir, const RtGraph *g, float *const *emb,
                         const int32_t *dims, RtError *err) {
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (errno != ENOENT || mkdir(dir, 0777) != 0)
            return rt_err(err, dir, 0, "cannot create the export directory: %s",
                          strerror(errno));
    } else if (!S_ISDIR(st.st_mode)) {
        return rt_err(err, dir, 0, "not a directory");
    }
    if (access(dir, W_OK | X_OK) != 0)
        return rt_err(err, dir, 0, "cannot write into the export directory: %s",
                      strerror(errno));
    char written[2 * HGNN_MAX_NODE_TYPES][4096];
    int n_written = 0;
    for (int32_t t = 0; t < g->n_node_types; t++) {
        const RtNodeStore *n = &g->nodes[t];
        if (!emb[t] || dims[t] <= 0)
            continue;
        if (strchr(n->name, '/') || !strcmp(n->name, ".") || !strcmp(n->name, ".."))
            goto fail_name;
        char *npy = written[n_written], *csv = written[n_written + 1];
        if (snprintf(npy, 4096, "%s/%s.npy", dir, n->name) >= 4096 ||
            snprintf(csv, 4096, "%s/%s.keys.csv", dir, n->name) >= 4096) {
            rt_err(err, dir, 0, "path too long");
            goto fail;
        }
        RtNpy a = {RT_NPY_F32, 2, {n->count, dims[t]}, emb[t]};
        if (rt_npy_write(npy, &a, err) < 0)
            goto fail;
        n_written++;
        if (write_keys(csv, n, err) < 0)
            goto fail;
        n_written++;
        continue;
    fail_name:
        rt_err(err, dir, 0, "node type '%s' cannot name a file", n->name);
        goto fail;
    }
    return 0;
fail:
    for (int i = 0; i < n_written; i++)
        unlink(written[i]);
    return -1;
}
