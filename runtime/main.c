// main.c — hgnn-run: the runtime's command line. Parses flags and dispatches; each mode lives in
// its own module (inspect.c for --inspect). Errors are one line on stderr and exit code 1.
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect.h"

static const char usage[] =
    "usage: hgnn-run --data DIR [--inspect] [--seed S]\n"
    "\n"
    "  --data DIR    MovieLens directory with ratings.csv and movies.csv\n"
    "                (e.g. data/ml-latest-small)\n"
    "  --inspect     load, split and sample one training batch; print the counts as JSON\n"
    "                (the default until a model is given)\n"
    "  --seed S      seed of every random choice (split, batches); default 0\n"
    "  --help        print this help\n";

static _Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static _Noreturn void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "hgnn-run: error: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see hgnn-run --help)\n");
    va_end(ap);
    exit(1);
}

// Value of the flag at argv[*i]; advances *i past it.
static const char *flag_value(int argc, char **argv, int *i) {
    if (*i + 1 >= argc)
        die("%s expects a value", argv[*i]);
    return argv[++*i];
}

static uint64_t parse_seed(const char *s) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*s < '0' || *s > '9' || *end || errno)
        die("--seed expects a non-negative integer below 2^64, saw '%s'", s);
    return v;
}

int main(int argc, char **argv) {
    const char *data = NULL;
    uint64_t seed = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(a, "--data") == 0) {
            data = flag_value(argc, argv, &i);
        } else if (strcmp(a, "--seed") == 0) {
            seed = parse_seed(flag_value(argc, argv, &i));
        } else if (strcmp(a, "--inspect") == 0) {
            // the only mode so far
        } else if (a[0] == '-') {
            die("unknown flag '%s'", a);
        } else {
            die("unexpected argument '%s'", a);
        }
    }
    if (!data)
        die("missing --data DIR");
    char err[512];
    if (rt_inspect(data, seed, stdout, err, sizeof err) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    return 0;
}
