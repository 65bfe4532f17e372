// test_export.c — `--export` files (export.c) read back by numpy: for a small two-type graph whose
// keys need CSV quoting, /usr/bin/python3 loads DIR/<type>.npy (checking dtype '<f4', C order,
// shape) and DIR/<type>.keys.csv, and prints every float's bits and every key, which must be what
// was written; a type without embeddings writes nothing; a directory that cannot be created or
// is a file fails with one line and leaves no file behind.
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "export.h"

static const char *script =
    "import csv, sys, numpy as np\n"
    "d = sys.argv[1]\n"
    "for t in sys.argv[2:]:\n"
    "    a = np.load(d + '/' + t + '.npy')\n"
    "    assert a.dtype == np.dtype('<f4') and a.flags['C_CONTIGUOUS'] and a.ndim == 2\n"
    "    print(t, a.shape[0], a.shape[1])\n"
    "    for v in a.reshape(-1).view('<u4'): print(int(v))\n"
    "    rows = list(csv.reader(open(d + '/' + t + '.keys.csv', newline='')))\n"
    "    assert rows[0] == ['key'] and len(rows) == a.shape[0] + 1\n"
    "    for r in rows[1:]: print(r[0])\n";

static int count_files(const char *dir) {
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

int main(void) {
    char dir[] = "/tmp/test_export.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *ukeys[] = {"1", "a,b", "say \"hi\""};
    char *mkeys[] = {"10", "20"};
    RtGraph g;
    memset(&g, 0, sizeof g);
    g.n_node_types = 3;
    g.nodes[0] = (RtNodeStore){.name = "user", .count = 3, .key = ukeys};
    g.nodes[1] = (RtNodeStore){.name = "movie", .count = 2, .key = mkeys};
    g.nodes[2] = (RtNodeStore){.name = "genre", .count = 4};
    float ue[3 * 4], me[2 * 3] = {1.5f, -0.0f, 3e-38f, 1e30f, -2.25f, 0.1f};
    for (int i = 0; i < 12; i++)
        ue[i] = (float)i / 7.0f - 1.0f;
    float *emb[3] = {ue, me, NULL};
    int32_t dims[3] = {4, 3, 0};
    char out[256];
    snprintf(out, sizeof out, "%s/emb", dir);   // created by the export
    RtError err;
    CHECK(rt_export_embeddings(out, &g, emb, dims, &err) == 0);
    CHECK(count_files(out) == 4);

    // Expected output of the script.
    char want[8192] = "";
    size_t w = 0;
    w += (size_t)snprintf(want + w, sizeof want - w, "user 3 4\n");
    for (int i = 0; i < 12; i++) {
        uint32_t b;
        memcpy(&b, &ue[i], 4);
        w += (size_t)snprintf(want + w, sizeof want - w, "%u\n", b);
    }
    w += (size_t)snprintf(want + w, sizeof want - w, "1\na,b\nsay \"hi\"\nmovie 2 3\n");
    for (int i = 0; i < 6; i++) {
        uint32_t b;
        memcpy(&b, &me[i], 4);
        w += (size_t)snprintf(want + w, sizeof want - w, "%u\n", b);
    }
    snprintf(want + w, sizeof want - w, "10\n20\n");

    char py[256], cmd[1024];
    snprintf(py, sizeof py, "%s/read.py", dir);
    FILE *f = fopen(py, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(script, f);
        fclose(f);
    }
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s user movie", py, out);
    FILE *p = popen(cmd, "r");
    char got[8192] = "";
    size_t n = p ? fread(got, 1, sizeof got - 1, p) : 0;
    got[n] = 0;
    CHECK(p && pclose(p) == 0);
    CHECK(strcmp(got, want) == 0);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "numpy read back:\n%s\nwanted:\n%s\n", got, want);

    // Bad directories: one line naming it, nothing written.
    char bad[256];
    snprintf(bad, sizeof bad, "%s/missing/emb", dir);
    CHECK(rt_export_check(bad, &err) == -1 && strstr(err.msg, "cannot create") != NULL);
    CHECK(rt_export_check(out, &err) == 0 && rt_export_check(dir, &err) == 0);
    CHECK(rt_export_embeddings(bad, &g, emb, dims, &err) == -1);
    CHECK(strstr(err.msg, "cannot create") != NULL && strstr(err.file, "missing") != NULL);
    CHECK(!strchr(err.msg, '\n'));
    CHECK(rt_export_check(py, &err) == -1);
    CHECK(rt_export_embeddings(py, &g, emb, dims, &err) == -1);     // a file
    CHECK(strstr(err.msg, "not a directory") != NULL);
    // A type whose .npy cannot be written (a directory in its place): the files written before
    // it are removed.
    char blocked[256], sub[512];
    snprintf(blocked, sizeof blocked, "%s/blocked", dir);
    snprintf(sub, sizeof sub, "%s/movie.npy", blocked);
    CHECK(mkdir(blocked, 0777) == 0 && mkdir(sub, 0777) == 0);
    CHECK(rt_export_embeddings(blocked, &g, emb, dims, &err) == -1);
    CHECK(count_files(blocked) == 1);   // only the movie.npy directory

    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    return check_done("test_export");
}
