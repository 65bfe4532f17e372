// fuzz_movielens.c — libFuzzer harness for the MovieLens data path: the input is movies.csv, a
// line "===", then ratings.csv; both are written to a private temporary directory and read by
// rt_app_run without a model (the MovieLens reader, ToUndirected, RandomLinkSplit, the three
// loaders and a first batch), which is `hgnn-run --data DIR --inspect`. An error must be one line
// naming one of the two files.
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"

#include "fuzz_support.h"

static char dir[64];
static char movies[96], ratings[96];

static void remove_dir(void) {
    unlink(movies);
    unlink(ratings);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    // /dev/shm keeps the two writes per input off the disk when it exists.
    snprintf(dir, sizeof dir, "%s/hgnn-fuzz-XXXXXX", fuzz_scratch_dir());
    if (!mkdtemp(dir)) {
        perror(dir);
        abort();
    }
    snprintf(movies, sizeof movies, "%s/movies.csv", dir);
    snprintf(ratings, sizeof ratings, "%s/ratings.csv", dir);
    atexit(remove_dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char sep[] = "\n===\n";
    const uint8_t *cut = memmem(data, size, sep, sizeof sep - 1);
    size_t n_movies = cut ? (size_t)(cut - data) + 1 : size;   // movies.csv keeps its '\n'
    fuzz_write_file(movies, data, n_movies);
    if (cut)
        fuzz_write_file(ratings, cut + sizeof sep - 1, size - n_movies - (sizeof sep - 2));
    else
        unlink(ratings);
    RtAppOptions o;
    rt_app_defaults(&o);
    o.data_dir = dir;
    o.out = fuzz_devnull();
    RtError err = {0};
    // Errors name DIR/movies.csv, DIR/ratings.csv or, for a graph too small to split, DIR.
    if (rt_app_run(&o, &err) != 0)
        fuzz_check_one_line(RT_ERR_TEXT(&err), dir);
    return 0;
}
