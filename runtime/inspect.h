// inspect.h — `hgnn-run --inspect`: loads a dataset, splits it, samples the first training batch
// and prints the counts as one JSON object, so the data path can be checked without a model.
#ifndef HGNN_INSPECT_H
#define HGNN_INSPECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

// Runs the tutorial's data path on the MovieLens directory `dir` with `seed` and writes one JSON
// object and a newline to out. Returns 0, or -1 with a one-line message in err.
int rt_inspect(const char *dir, uint64_t seed, FILE *out, RtError *err);

#endif
