// test_encode.c — the column encoders against naive transcriptions of PyG's / pandas' encoders:
// standardize (population std), one_hot's sorted vocabulary (integers in numeric order, strings
// in byte order), multi_hot = str.get_dummies('|') on the bundled movies.csv, concatenation.
// Usage: test_encode ML_SMALL_DIR TEST_DATA_DIR
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "encode.h"

// Opens `text` as t.csv, encodes every record with `spec` into *f; returns 0 or -1 (err set).
static int encode_text(const char *text, const RtEncoderSpec *spec, int n, RtFeatures *f,
                       RtError *err) {
    RtTable t;
    int rc = -1;
    RtEncoder *e = NULL;
    memset(f, 0, sizeof *f);
    if (rt_table_open_mem(&t, "t.csv", text, strlen(text), NULL, err) < 0)
        goto done;
    if (!(e = rt_encoder_new(&t, spec, n, err)))
        goto done;
    int r;
    while ((r = rt_table_next(&t, err)) > 0)
        if (rt_encoder_add(e, &t, err) < 0)
            goto done;
    if (r == 0 && rt_encoder_finish(e, f, err) == 0)
        rc = 0;
done:
    rt_encoder_free(e);
    rt_table_close(&t);
    return rc;
}

static void test_standardize(void) {
    static const double v[] = {3, -1.5, 10, 7.25, 0, 2};
    char text[256] = "id,v\n";
    for (int i = 0; i < 6; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%d, %g \n", i, v[i]);
    RtEncoderSpec spec[] = {{RT_ENCODER_NUMERIC, "v", NULL}, {RT_ENCODER_STANDARDIZE, "v", NULL}};
    RtFeatures f;
    RtError err = {0};
    CHECK(encode_text(text, spec, 2, &f, &err) == 0);
    CHECK(f.rows == 6 && f.width == 2);
    // Naive: mean, then the population variance (divide by n, sklearn's StandardScaler).
    double mean = 0, var = 0;
    for (int i = 0; i < 6; i++)
        mean += v[i] / 6;
    for (int i = 0; i < 6; i++)
        var += (v[i] - mean) * (v[i] - mean) / 6;
    double got_mean = 0, got_var = 0;
    for (int i = 0; i < 6 && f.x; i++) {
        CHECK(f.x[i * 2] == (float)v[i]);
        CHECK(fabs(f.x[i * 2 + 1] - (v[i] - mean) / sqrt(var)) < 1e-6);
        got_mean += f.x[i * 2 + 1] / 6.0;
        got_var += (double)f.x[i * 2 + 1] * f.x[i * 2 + 1] / 6.0;
    }
    CHECK(fabs(got_mean) < 1e-6 && fabs(got_var - 1) < 1e-6);
    CHECK(f.names && strcmp(f.names[0], "v") == 0 && strcmp(f.names[1], "v") == 0);
    rt_features_free(&f);
    // A constant column: x - mean, all zeros.
    RtEncoderSpec one[] = {{RT_ENCODER_STANDARDIZE, "v", NULL}};
    CHECK(encode_text("v\n4\n4\n4\n", one, 1, &f, &err) == 0);
    CHECK(f.width == 1 && f.x && f.x[0] == 0 && f.x[1] == 0 && f.x[2] == 0);
    rt_features_free(&f);
    // Not a number: the message names the column, the value and the line.
    CHECK(encode_text("id,age\n1,30\n2,abc\n", (RtEncoderSpec[]){{RT_ENCODER_NUMERIC, "age", NULL}},
                      1, &f, &err) < 0);
    CHECK(strcmp(RT_ERR_TEXT(&err), "t.csv:3: error: column 'age': 'abc' is not a number") == 0);
    CHECK(encode_text("v\n1\n \n", one, 1, &f, &err) < 0);
    CHECK(strcmp(RT_ERR_TEXT(&err), "t.csv:3: error: column 'v': ' ' is not a number") == 0);
    CHECK(encode_text("v\n1\nnan\n", one, 1, &f, &err) < 0);
    CHECK(strcmp(RT_ERR_TEXT(&err), "t.csv:3: error: column 'v': 'nan' is not a number") == 0);
}

// Checks row r of one_hot output against the vocabulary `want` (n names): a 1 exactly at value.
static void check_one_hot(const RtFeatures *f, const char *const *want, int n,
                          const char *const *rows, int n_rows) {
    CHECK(f->width == n && f->rows == n_rows);
    for (int j = 0; j < n && j < f->width; j++)
        CHECK(strcmp(f->names[j], want[j]) == 0);
    for (int r = 0; r < n_rows && f->x && f->width == n; r++)
        for (int j = 0; j < n; j++)
            CHECK(f->x[r * n + j] == (strcmp(rows[r], want[j]) == 0 ? 1.0f : 0.0f));
}

static void test_one_hot(void) {
    RtEncoderSpec spec[] = {{RT_ENCODER_ONE_HOT, "c", NULL}};
    RtFeatures f;
    RtError err = {0};
    // Integers: numeric order (-1 < 2 < 10), as pandas' get_dummies on an int column.
    static const char *int_rows[] = {"10", "2", "10", "-1"};
    static const char *int_vocab[] = {"-1", "2", "10"};
    CHECK(encode_text("id,c\n1,10\n2,2\n3,10\n4,-1\n", spec, 1, &f, &err) == 0);
    check_one_hot(&f, int_vocab, 3, int_rows, 4);
    rt_features_free(&f);
    // Strings: byte order ('B' < 'a' < 'b'); an empty field is missing: a row of zeros.
    static const char *str_rows[] = {"b", "a", "B", "", "10"};
    static const char *str_vocab[] = {"10", "B", "a", "b"};
    CHECK(encode_text("c,id\nb,1\na,2\nB,3\n,4\n10,5\n", spec, 1, &f, &err) == 0);
    check_one_hot(&f, str_vocab, 4, str_rows, 5);
    rt_features_free(&f);
    // A missing column lists the columns there are.
    RtEncoderSpec bad[] = {{RT_ENCODER_ONE_HOT, "genre", NULL}};
    CHECK(encode_text("movieId,title,genres\n1,x,y\n", bad, 1, &f, &err) < 0);
    CHECK(strcmp(RT_ERR_TEXT(&err),
                 "t.csv:1: error: no column 'genre' (columns: movieId, title, genres)") == 0);
}

// multi_hot on the bundled movies.csv against a naive get_dummies('|'): split every genres field
// by hand and compare each cell.
static void test_multi_hot(const char *dir) {
    static const char *genres[20] = {"(no genres listed)", "Action", "Adventure", "Animation",
                                     "Children", "Comedy", "Crime", "Documentary", "Drama",
                                     "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical",
                                     "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};
    char path[4096];
    snprintf(path, sizeof path, "%s/movies.csv", dir);
    RtTable t;
    RtError err = {0};
    if (rt_table_open(&t, path, NULL, &err) < 0) {
        fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
        failures++;
        return;
    }
    RtEncoderSpec spec[] = {{RT_ENCODER_NUMERIC, "movieId", NULL},
                            {RT_ENCODER_MULTI_HOT, "genres", NULL},
                            {RT_ENCODER_STANDARDIZE, "movieId", NULL}};
    RtEncoder *e = rt_encoder_new(&t, spec, 3, &err);
    CHECK(e != NULL);
    int c_genres = rt_table_column(&t, "genres");
    char **fields = calloc(10000, sizeof *fields);
    int64_t n = 0;
    while (e && rt_table_next(&t, &err) > 0 && n < 10000) {
        fields[n++] = strdup(t.field[c_genres]);
        CHECK(rt_encoder_add(e, &t, &err) == 0);
    }
    RtFeatures f = {0};
    CHECK(e && rt_encoder_finish(e, &f, &err) == 0);
    // Concatenation: 1 + 20 + 1 columns, in spec order.
    CHECK(n == 9742 && f.rows == 9742 && f.width == 22);
    for (int j = 0; j < 20 && f.width == 22; j++)
        CHECK(strcmp(f.names[1 + j], genres[j]) == 0);
    CHECK(f.width == 22 && strcmp(f.names[0], "movieId") == 0 &&
          strcmp(f.names[21], "movieId") == 0);
    int64_t ones = 0;
    for (int64_t r = 0; r < n && f.x && f.width == 22; r++) {
        const float *row = f.x + r * f.width;
        for (int j = 0; j < 20; j++) {
            int want = 0;
            char *copy = strdup(fields[r]), *save = NULL;
            for (char *tok = strtok_r(copy, "|", &save); tok; tok = strtok_r(NULL, "|", &save))
                want |= strcmp(tok, genres[j]) == 0;
            free(copy);
            CHECK(row[1 + j] == (float)want);
            ones += want;
        }
        // movieIds rise with the row: so does their standardised value.
        CHECK(r == 0 || row[21] > row[21 - f.width]);
    }
    CHECK(ones > 9742);
    rt_features_free(&f);
    // one_hot of 9742 distinct ids is over the limit of one encoder's columns.
    RtEncoderSpec wide[] = {{RT_ENCODER_ONE_HOT, "movieId", NULL}};
    rt_encoder_free(e);
    rt_table_close(&t);
    CHECK(rt_table_open(&t, path, NULL, &err) == 0);
    e = rt_encoder_new(&t, wide, 1, &err);
    while (e && rt_table_next(&t, &err) > 0)
        rt_encoder_add(e, &t, &err);
    CHECK(e && rt_encoder_finish(e, &f, &err) < 0);
    CHECK(strstr(RT_ERR_TEXT(&err), "movies.csv: error: column 'movieId': 9742 distinct values "
                                    "(limit 4096)") != NULL);
    for (int64_t r = 0; r < n; r++)
        free(fields[r]);
    free(fields);
    rt_features_free(&f);
    rt_encoder_free(e);
    rt_table_close(&t);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_encode ML_SMALL_DIR\n");
        return 2;
    }
    test_standardize();
    test_one_hot();
    test_multi_hot(argv[1]);
    return check_done("test_encode");
}
