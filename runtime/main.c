// main.c — hgnn-run: the runtime's command line. Parses the flags into the application's options
// and runs it (app.c), for training a MODEL and for --inspect alike; prints the one error a run
// may return as one line on stderr, with exit code 1.
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hgnn/limits.h"
#include "app.h"
#include "kernels.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const char usage[] =
    "usage: hgnn-run MODEL --data DIR [options]    train MODEL, evaluate val and test AUC\n"
    "       hgnn-run --data DIR --inspect [--seed S]\n"
    "\n"
    "  MODEL             a .hgnn source (compiled in process) or a .so from hgnnc\n"
    "  --data DIR        MovieLens directory with ratings.csv and movies.csv\n"
    "                    (e.g. data/ml-latest-small)\n"
    "  --inspect         load, split and sample one training batch; print the counts as JSON\n"
    "                    (what runs when no MODEL is given)\n"
    "  --seed S          seed of every random choice (split, batches, weights); default 0\n"
    "  --epochs N        training epochs, 0 to evaluate only; default: the model's (tutorial: 5)\n"
    "  --lr X            Adam learning rate; default: the model's (tutorial: 0.001)\n"
    "  --batch-size N    supervision edges per training batch (evaluation uses 3x);\n"
    "                    default: the model's (tutorial: 128)\n"
    "  --limit-batches N train at most N batches per epoch (the first N of the epoch's\n"
    "                    shuffled order), 1 to 2^31-1; validation and test stay whole;\n"
    "                    default: all\n"
    "  --threads N       compute threads for the model's kernels and Adam, 1 to 64 (OpenBLAS\n"
    "                    keeps one); results are the same for any N; another thread samples\n"
    "                    the next batch; default " STR(RT_DEFAULT_THREADS) "\n"
    "  --optimizer OPT   adam: torch.optim.Adam on every parameter, the tutorial's (default);\n"
    "                    sparse-adam: torch.optim.SparseAdam on the node embeddings, as with\n"
    "                    nn.Embedding(sparse=True), and Adam on the rest: a step updates only\n"
    "                    the batch's embedding rows, so an epoch costs O(edges) on large graphs\n"
    "  --no-prefetch     sample each batch on the training thread instead\n"
    "  --metrics FILE    write the results as JSON (val_auc, test_auc, epochs, split, ...);\n"
    "                    default: none\n"
    "  --save FILE       write the trained parameters as safetensors; default: none\n"
    "  --load FILE       start from parameters in a safetensors file (with --epochs 0:\n"
    "                    evaluate only); default: none\n"
    "  --quiet           print only the AUC lines and errors\n"
    "  --verbose         also print BLAS and memory details on stderr\n"
    "  --progress WHEN   live progress bar on stderr: auto (if a terminal), always, never;\n"
    "                    default auto\n"
    "  --help            print this help\n"
    "\n"
    "Exit status: 0 on success, 1 on any error (bad flag, bad file, model/data mismatch).\n";

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

// Integer flag value in [lo, hi].
static long parse_int(const char *flag, const char *s, long lo, long hi) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi)
        die("%s expects an integer from %ld to %ld, saw '%s'", flag, lo, hi, s);
    return v;
}

// Positive finite float flag value, at most hi.
static float parse_pos_float(const char *flag, const char *s, double hi) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || !(v > 0) || v > hi)
        die("%s expects a number above 0 and at most %g, saw '%s'", flag, hi, s);
    return (float)v;
}

int main(int argc, char **argv) {
    const char *data = NULL;
    uint64_t seed = 0;
    int inspect = 0;
    RtAppOptions run;
    rt_app_defaults(&run);
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
            inspect = 1;
        } else if (strcmp(a, "--epochs") == 0) {
            run.train.epochs = (int32_t)parse_int(a, flag_value(argc, argv, &i), 0, RT_MAX_EPOCHS);
        } else if (strcmp(a, "--lr") == 0) {
            run.train.lr = parse_pos_float(a, flag_value(argc, argv, &i), HGNN_MAX_LR);
        } else if (strcmp(a, "--batch-size") == 0) {
            run.train.batch_size = (int32_t)parse_int(a, flag_value(argc, argv, &i), 1, HGNN_MAX_BATCH_SIZE);
        } else if (strcmp(a, "--limit-batches") == 0) {
            run.limit_batches = parse_int(a, flag_value(argc, argv, &i), 1, INT32_MAX);
        } else if (strcmp(a, "--threads") == 0) {
            run.train.threads = (int32_t)parse_int(a, flag_value(argc, argv, &i), 1, 64);
        } else if (strcmp(a, "--optimizer") == 0) {
            const char *v = flag_value(argc, argv, &i);
            if (strcmp(v, "adam") == 0)
                run.train.optimizer = RT_OPT_ADAM;
            else if (strcmp(v, "sparse-adam") == 0)
                run.train.optimizer = RT_OPT_SPARSE_ADAM;
            else
                die("--optimizer expects adam or sparse-adam, saw '%s'", v);
        } else if (strcmp(a, "--no-prefetch") == 0) {
            run.train.prefetch = 0;
        } else if (strcmp(a, "--metrics") == 0) {
            run.metrics_path = flag_value(argc, argv, &i);
        } else if (strcmp(a, "--save") == 0) {
            run.save_path = flag_value(argc, argv, &i);
        } else if (strcmp(a, "--load") == 0) {
            run.load_path = flag_value(argc, argv, &i);
        } else if (strcmp(a, "--quiet") == 0) {
            run.quiet = 1;
        } else if (strcmp(a, "--verbose") == 0) {
            run.verbose = 1;
        } else if (strcmp(a, "--progress") == 0) {
            const char *w = flag_value(argc, argv, &i);
            if (strcmp(w, "auto") == 0)
                run.force_bar = -1;
            else if (strcmp(w, "always") == 0)
                run.force_bar = 1;
            else if (strcmp(w, "never") == 0)
                run.force_bar = 0;
            else
                die("--progress expects auto, always or never, saw '%s'", w);
        } else if (a[0] == '-' && a[1]) {
            die("unknown flag '%s'", a);
        } else if (!run.model_path) {
            run.model_path = a;
        } else {
            die("unexpected argument '%s' (the model is '%s')", a, run.model_path);
        }
    }
    if (run.model_path && inspect)
        die("--inspect takes no MODEL");
    if (run.quiet && run.verbose)
        die("--quiet and --verbose exclude each other");
    if (!data)
        die("missing --data DIR");
    if (run.model_path) {
        // OpenBLAS picks its kernels when it loads; this may restart the process once with
        // OPENBLAS_CORETYPE set (kernels.h). Flags are parsed first so bad ones fail fast.
        rt_blas_check_core(argv, run.verbose);
    }
    run.data_dir = data;
    run.train.seed = seed;
    RtError err;
    if (rt_app_run(&run, &err) < 0) {
        rt_err_print(stderr, "hgnn-run", &err);
        return 1;
    }
    return 0;
}
