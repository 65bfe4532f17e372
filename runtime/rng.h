// rng.h — the runtime's one random number generator: xoshiro256** seeded through splitmix64.
// Every random choice (split permutation, negatives, shuffles, neighbour draws, initial weights)
// comes from an RtRng derived from --seed, so a seed fixes a run (README.md, Reproducibility).
#ifndef HGNN_RNG_H
#define HGNN_RNG_H

#include <stdint.h>

typedef struct RtRng {
    uint64_t s[4];
} RtRng;

void rt_rng_seed(RtRng *r, uint64_t seed);
// An independent stream for a named purpose: same (seed, stream) gives the same numbers.
void rt_rng_stream(RtRng *r, uint64_t seed, uint64_t stream);
uint64_t rt_rng_next(RtRng *r);
uint64_t rt_rng_below(RtRng *r, uint64_t n);    // uniform in [0, n), unbiased; n > 0
double rt_rng_uniform(RtRng *r);                // uniform in [0, 1), 53 bits
double rt_rng_normal(RtRng *r);                 // N(0, 1)
void rt_rng_shuffle_i64(RtRng *r, int64_t *a, int64_t n);  // Fisher-Yates

// A 64-bit finaliser (MurmurHash3's fmix, first half) for hash tables keyed by ids.
static inline uint64_t rt_mix64(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return x;
}

#endif
