// test_data_widths.c — hgnn_data_widths as the compiler calls it: through <hgnn/data.h> alone
// (this file is built without runtime/ on its include path), on the bundled ml-latest-small with
// the MovieLens layout declared here, and on a directory without the file.
// Usage: test_data_widths ML_SMALL_DIR
#include <stdio.h>
#include <string.h>

#include "hgnn/data.h"

static int failures;
#define CHECK(c) \
    do { \
        if (!(c)) { \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); \
            failures++; \
        } \
    } while (0)

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: test_data_widths ML_SMALL_DIR\n");
        return 2;
    }
    static const HgnnNodeType nt[] = {{"user", 0}, {"movie", 0}, {"tag", 0}};
    static const HgnnEncoderDecl mx[] = {{HGNN_ENC_MULTI_HOT, "genres", "|"},
                                         {HGNN_ENC_NUMERIC, "movieId", NULL}};
    static const HgnnNodeData nodes[] = {
        {{NULL, NULL, 0, HGNN_TEXT_UTF8}, NULL, NULL, 0, NULL},
        {{"movies.csv", ",", 0, HGNN_TEXT_UTF8}, "movieId", "title", 2, mx},
        {{NULL, NULL, 0, HGNN_TEXT_UTF8}, NULL, NULL, 0, NULL},
    };
    HgnnDataDecl d = {nodes, NULL};
    int32_t w[3] = {-1, -1, -1};
    char err[512] = "";
    CHECK(hgnn_data_widths(argv[1], 3, nt, &d, w, err, sizeof err) == 0);
    CHECK(w[0] == 0 && w[1] == 21 && w[2] == 0);
    char want[1200];
    snprintf(want, sizeof want, "%s/nowhere/movies.csv: error: cannot open: No such file or "
             "directory", argv[1]);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/nowhere", argv[1]);
    CHECK(hgnn_data_widths(dir, 3, nt, &d, w, err, sizeof err) == -1);
    CHECK(strcmp(err, want) == 0);
    CHECK(hgnn_data_widths(dir, 3, nt, &d, w, NULL, 0) == -1);     // no room for a message
    if (failures) {
        fprintf(stderr, "test_data_widths: %d failure(s)\n", failures);
        return 1;
    }
    printf("test_data_widths: ok\n");
    return 0;
}
