// fuzz_npy.c — libFuzzer harness for the .npy reader (runtime/npy.c): one input is one file,
// read by rt_npy_read as tools/hgnn_batch does with a batch PyG exported. Besides crashes, leaks
// and hangs, an error that is not one line naming the file is a finding.
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "npy.h"

#include "fuzz_support.h"

static char path[96];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    fuzz_scratch_file(path, sizeof path, "npy", "npy");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_write_file(path, data, size);
    RtNpy a;
    RtError err = {0};
    if (rt_npy_read(path, &a, &err) != 0) {
        fuzz_check_one_line(RT_ERR_TEXT(&err), path);
        return 0;
    }
    rt_npy_free(&a);
    return 0;
}
