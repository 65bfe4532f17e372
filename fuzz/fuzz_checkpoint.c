// fuzz_checkpoint.c — libFuzzer harness for the safetensors reader (runtime/checkpoint.c and the
// JSON parser under it): one input is one file, loaded by rt_safetensors_load into a model with
// three tensors, as `hgnn-run --load FILE` does. Besides crashes, leaks and hangs, an error that
// is not one line naming the file is a finding.
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"

#include "fuzz_support.h"

static char path[96];

// Writes the seed the corpus holds (fuzz/corpus/checkpoint/good.safetensors) when given
// HGNN_FUZZ_WRITE_SEED=PATH: a file this harness loads without error.
static float a[6], b[4], c[2];
static RtTensor want[3] = {
    {"gnn.conv1.lin_l.weight", 2, {2, 3}, a},
    {"gnn.conv1.lin_l.bias", 1, {4, 0}, b},
    {"user_emb.weight", 2, {1, 2}, c},
};

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    const char *seed = getenv("HGNN_FUZZ_WRITE_SEED");
    if (seed) {
        const char *meta[] = {"format", "pt", NULL};
        RtError err = {0};
        for (int i = 0; i < 6; i++)
            a[i] = (float)i;
        if (rt_safetensors_save(seed, want, 3, meta, &err) != 0) {
            fprintf(stderr, "%s\n", RT_ERR_TEXT(&err));
            exit(1);
        }
        exit(0);
    }
    fuzz_scratch_file(path, sizeof path, "ck", "safetensors");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_write_file(path, data, size);
    RtError err = {0};
    if (rt_safetensors_load(path, want, 3, &err) != 0) {
        fuzz_check_one_line(RT_ERR_TEXT(&err), path);
        return 0;
    }
    return 0;
}
