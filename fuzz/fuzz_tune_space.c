// fuzz_tune_space.c — libFuzzer harness for the tuner's search space reader
// (runtime/tune_space.c): one input is one SPACE.json, read by rt_tune_space_read as
// `hgnn-run --tune` does; a space that reads is then drawn from at both ends of every range.
// Besides crashes, leaks and hangs, an error that is not one line naming the file is a finding.
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tune_space.h"

#include "fuzz_support.h"

static char path[96];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    fuzz_scratch_file(path, sizeof path, "tune", "json");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_write_file(path, data, size);
    RtTuneSpace s;
    RtError err = {0};
    if (rt_tune_space_read(path, &s, &err) != 0) {
        fuzz_check_one_line(RT_ERR_TEXT(&err), path);
        return 0;
    }
    if (s.n_params < 1 || s.max_epochs < s.min_epochs || s.eta < 2)
        abort();
    for (int32_t i = 0; i < s.n_params; i++) {
        char v[RT_TUNE_VALUE_MAX];
        rt_tune_param_draw(&s.params[i], 0.0, v);
        rt_tune_param_draw(&s.params[i], 0.9999999999, v);
        if (!memchr(v, 0, sizeof v))
            abort();
    }
    return 0;
}
