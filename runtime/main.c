// main.c — hgnn-run: the runtime's command line. Parses the flags into the application's options
// and runs it (app.c), for training a MODEL and for --inspect alike; prints the one error a run
// may return as one line on stderr, with exit code 1.
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hgnn/limits.h"
#include "app.h"
#include "dist.h"
#include "kernels.h"
#include "model.h"
#include "tune_space.h"

#ifndef HGNN_VERSION
#define HGNN_VERSION "0.0.0"
#endif
#ifndef HGNN_LLVM_VERSION
#define HGNN_LLVM_VERSION "19"
#endif

// Everything the flags set: the application's options and the few only main reads.
typedef struct Cli {
    RtAppOptions run;
    const char *data;
    uint64_t seed;
    int inspect;
    const char *rank_eval;  // --rank-eval's K list, parsed into run.rank_ks
    const char *budget;     // --budget, parsed into run.tune_budget
} Cli;

// How a flag's value is parsed, and what is stored at its offset in Cli.
typedef enum OptKind {
    OPT_STR,        // const char *: the value as given
    OPT_SET,        // int: lo, for a flag without a value
    OPT_I32,        // int32_t in [lo, hi]
    OPT_I64,        // int64_t in [lo, hi]
    OPT_THREADS,    // int32_t: "auto" (RT_THREADS_AUTO), or an integer in [lo, hi]
    OPT_SEED,       // uint64_t, any
    OPT_LR,         // float above 0, at most HGNN_MAX_LR
    OPT_CHOICE,     // int: the value of the named choice
    OPT_OVERRIDE,   // RtOverrides: NAME=VALUE appended (the flag repeats)
    OPT_HELP,
    OPT_VERSION,
} OptKind;

typedef struct Choice {
    const char *name;
    int value;
} Choice;

static const Choice optimizers[] = {{"adam", RT_OPT_ADAM}, {"adamw", RT_OPT_ADAMW},
                                    {"sparse-adam", RT_OPT_SPARSE_ADAM}, {0}};
static const Choice precisions[] = {{"fp32", HGNN_PRECISION_FP32}, {"bf16", HGNN_PRECISION_BF16},
                                    {"auto", RT_PRECISION_AUTO}, {0}};
static const Choice progress_whens[] = {{"auto", -1}, {"always", 1}, {"never", 0}, {0}};

// The one table of flags: getopt_long's array, --help and the parsing all come from it (and the
// man page and completion are checked against --help by tests/docs/check_man.sh).
typedef struct Opt {
    const char *name;       // without the "--"
    const char *metavar;    // NULL: the flag takes no value
    OptKind kind;
    size_t off;             // where in Cli the value goes
    int64_t lo, hi;         // OPT_I32, OPT_I64: the range; OPT_SET: the value stored
    const Choice *choices;  // OPT_CHOICE
    const char *help;       // lines after the first are indented under it
} Opt;

#define AT(field) offsetof(Cli, field)
static const Opt opts[] = {
    {"data", "DIR", OPT_STR, AT(data), 0, 0, NULL,
     "the directory of the files the model declares; for a model that declares\n"
     "none, a MovieLens directory with ratings.csv and movies.csv\n(e.g. data/ml-latest-small)"},
    {"inspect", NULL, OPT_SET, AT(inspect), 1, 0, NULL,
     "load, split and sample one training batch; print every node type, edge\n"
     "type, split and first-batch count by name as JSON (with a MODEL: its\n"
     "declared data and target; without: the built-in MovieLens layout)"},
    {"seed", "S", OPT_SEED, AT(seed), 0, 0, NULL,
     "seed of every random choice (split, batches, weights); default 0"},
    {"epochs", "N", OPT_I32, AT(run.train.epochs), 0, RT_MAX_EPOCHS, NULL,
     "training epochs, 0 to evaluate only; default: the model's (tutorial: 5)"},
    {"lr", "X", OPT_LR, AT(run.train.lr), 0, 0, NULL,
     "Adam learning rate; default: the model's (tutorial: 0.001)"},
    {"batch-size", "N", OPT_I32, AT(run.train.batch_size), 1, HGNN_MAX_BATCH_SIZE, NULL,
     "supervision edges per training batch (evaluation uses 3x);\n"
     "default: the model's (tutorial: 128)"},
    {"set", "NAME=VALUE", OPT_OVERRIDE, AT(run.overrides), 0, 0, NULL,
     "override a train setting (epochs, lr, batch_size, fanout=20,10,\n"
     "neg_ratio, split_neg_ratio, val, test, disjoint, betas=0.9,0.999,\n"
     "eps, weight_decay, optimizer=adamw, lr_schedule=cosine, lr_step,\n"
     "lr_gamma, lr_min, warmup_steps, warmup_start, clip_norm; docs/dsl.md)\n"
     "or, for a .hgnn MODEL, a top-level constant\n"
     "(hidden=128: recompiled in process); repeatable; recorded as\n"
     "\"overrides\" in --metrics; not with --epochs, --lr or --batch-size for\n"
     "the same setting"},
    {"limit-batches", "N", OPT_I64, AT(run.limit_batches), 1, INT32_MAX, NULL,
     "train at most N batches per epoch (the first N of the epoch's\n"
     "shuffled order), 1 to 2^31-1; validation and test stay whole;\ndefault: all"},
    {"threads", "N|auto", OPT_THREADS, AT(run.train.threads), 1, 64, NULL,
     "compute threads for the model's kernels and Adam, 1 to 64 (OpenBLAS\n"
     "keeps one); results are the same for any N; another thread samples\n"
     "the next batch; auto (default): the cores this process may use\n"
     "(its affinity mask, shared by the MPI ranks on the node) if a\n"
     "short calibration on the first batches finds them faster than one\n"
     "thread, else one; the header line says which and why (sparse-adam's\n"
     "rows use every core either way)"},
    {"optimizer", "OPT", OPT_CHOICE, AT(run.train.optimizer), 0, 0, optimizers,
     "adam: torch.optim.Adam on every parameter, weight_decay added to the\n"
     "gradient (L2), the tutorial's; adamw: torch.optim.AdamW, weight_decay\n"
     "decoupled; sparse-adam: torch.optim.SparseAdam on the node embeddings, as\n"
     "with nn.Embedding(sparse=True), and Adam on the rest (no weight_decay):\n"
     "a step updates only the batch's embedding rows, so an epoch costs\n"
     "O(edges) on large graphs; default: the model's `optimizer` (adam)"},
    {"precision", "P", OPT_CHOICE, AT(run.precision), 0, 0, precisions,
     "the matrix products' operands: fp32, bf16 (rounded to bf16, summed in\n"
     "fp32 by vdpbf16ps, as torch.autocast on the CPU; weights, gradients and\n"
     "Adam stay fp32; needs a CPU with avx512_bf16) or auto: a .hgnn MODEL is\n"
     "compiled with it, a .so must have been (hgnnc --precision); default\n"
     "auto: a .so's own, for a .hgnn bf16 where this CPU has avx512_bf16,\n"
     "else fp32; recorded as \"precision\" in --metrics"},
    {"check-ranks", NULL, OPT_SET, AT(run.train.check_ranks), 1, 0, NULL,
     "under mpirun: after every step, compare a hash of the parameters across\n"
     "ranks and stop with an error if any differs (a test of determinism)"},
    {"no-prefetch", NULL, OPT_SET, AT(run.train.prefetch), 0, 0, NULL,
     "sample each batch on the training thread instead"},
    {"metrics", "FILE", OPT_STR, AT(run.metrics_path), 0, 0, NULL,
     "write the results as JSON (val_auc, test_auc, epochs, split, ...; for\n"
     "loss mse val_rmse, test_rmse and the mean-rating baseline); default: none"},
    {"eval-every", "N", OPT_I32, AT(run.eval_every), 1, RT_MAX_EPOCHS, NULL,
     "measure val AUC (RMSE for loss mse) after every N epochs and after the\n"
     "last; shown on the epoch line and as \"val_auc\" (\"val_rmse\") in --metrics'\n"
     "epochs; default: only at the end"},
    {"early-stop", "P", OPT_I32, AT(run.early_stop), 1, RT_MAX_EPOCHS, NULL,
     "stop when P evaluations in a row (--eval-every, default 1) do not beat\n"
     "the best val AUC (lowest RMSE), and keep the best epoch's weights: test\n"
     "AUC, --save and --plot use them; default: train every epoch, keep the last"},
    {"plot", "DIR", OPT_STR, AT(run.plot_dir), 0, 0, NULL,
     "write SVG charts into DIR (made if missing): loss.svg, val_auc.svg (with\n"
     "--eval-every; val_rmse.svg for loss mse), roc.svg (not for loss mse), and\n"
     "recall_at_k.svg and ndcg_at_k.svg (with --rank-eval) (docs/plots.md);\n"
     "default: none"},
    {"save", "FILE", OPT_STR, AT(run.save_path), 0, 0, NULL,
     "write the trained parameters as safetensors; default: none"},
    {"load", "FILE", OPT_STR, AT(run.load_path), 0, 0, NULL,
     "start from parameters in a safetensors file (with --epochs 0:\n"
     "evaluate only); default: none"},
    {"checkpoint", "FILE", OPT_STR, AT(run.checkpoint_path), 0, 0, NULL,
     "write the whole training state (weights, Adam's moments and steps,\n"
     "position, history) atomically to FILE after every epoch, every\n"
     "--checkpoint-every steps, and on SIGINT / SIGTERM, which then stop the\n"
     "run; default: none"},
    {"checkpoint-every", "N", OPT_I64, AT(run.checkpoint_every), 1, INT32_MAX, NULL,
     "with --checkpoint: also after every N optimizer steps (batches)"},
    {"resume", "FILE", OPT_STR, AT(run.resume_path), 0, 0, NULL,
     "continue the run whose --checkpoint FILE holds; it ends bit-identical\n"
     "to a run never stopped. The model, data, seed and settings must match"},
    {"quiet", NULL, OPT_SET, AT(run.quiet), 1, 0, NULL, "print only the AUC lines and errors"},
    {"verbose", NULL, OPT_SET, AT(run.verbose), 1, 0, NULL,
     "also print BLAS and memory details on stderr"},
    {"rank-eval", "K,...", OPT_STR, AT(rank_eval), 0, 0, NULL,
     "after training, rank every item for each val and test user with\n"
     "positives (seen items excluded, docs/ranking.md): Recall, Precision,\n"
     "NDCG, MAP, HitRate@K and coverage, model and popularity; e.g. 10,20"},
    {"recommend", "KEYS", OPT_STR, AT(run.recommend), 0, 0, NULL,
     "after training, print the top -k unseen items of each user key\n"
     "(comma-separated) with their titles and scores"},
    {"top-k", "K", OPT_I32, AT(run.top_k), 1, RT_RANK_MAX_K, NULL,
     "recommendations per user (also -k K); default 10"},
    {"json", NULL, OPT_SET, AT(run.json), 1, 0, NULL, "print --recommend's table as JSON"},
    {"export", "DIR", OPT_STR, AT(run.export_dir), 0, 0, NULL,
     "after training, write each node type's embeddings as DIR/TYPE.npy\n"
     "(float32) and DIR/TYPE.keys.csv (keys in row order)"},
    {"tune", "SPACE", OPT_STR, AT(run.tune_path), 0, 0, NULL,
     "search the settings SPACE (a JSON file, docs/tuning.md) varies: random\n"
     "configurations raced by successive halving on validation, within\n"
     "--budget; prints a table of trials and writes DIR/best.hgnn and\n"
     "DIR/trials.json (--tune-out); the data is loaded and split once"},
    {"budget", "TIME", OPT_STR, AT(budget), 0, 0, NULL,
     "with --tune: wall-clock time for the search, e.g. 35s, 2m, 1h;\n"
     "default: the space's \"budget\""},
    {"tune-out", "DIR", OPT_STR, AT(run.tune_out), 0, 0, NULL,
     "with --tune: where best.hgnn and trials.json go (made if missing);\n"
     "default tune-out"},
    {"tune-trials", "N", OPT_I32, AT(run.tune_trials), 1, 1000000, NULL,
     "with --tune: stop after N trials (the budget still holds); the same\n"
     "seed and N give the same trials on any machine"},
    {"progress", "WHEN", OPT_CHOICE, AT(run.force_bar), 0, 0, progress_whens,
     "live progress bar on stderr: auto (if a terminal), always, never;\ndefault auto"},
    {"help", NULL, OPT_HELP, 0, 0, 0, NULL, "print this help (also -h)"},
    {"version", NULL, OPT_VERSION, 0, 0, 0, NULL,
     "print the version, and those of OpenBLAS and LLVM"},
};
#undef AT
enum { N_OPTS = sizeof opts / sizeof opts[0] };
// getopt_long returns OPT_BASE + i for opts[i], clear of the short option letters.
enum { OPT_BASE = 256 };

static void usage(FILE *f) {
    fputs("usage: hgnn-run MODEL --data DIR [options]    train MODEL, evaluate val and test AUC\n"
          "       hgnn-run [MODEL] --data DIR --inspect [--seed S]\n"
          "\n"
          "  MODEL             a .hgnn source (compiled in process) or a .so from hgnnc\n",
          f);
    for (int i = 0; i < N_OPTS; i++) {
        const Opt *o = &opts[i];
        int w = fprintf(f, "  --%s%s%s", o->name, o->metavar ? " " : "",
                        o->metavar ? o->metavar : "");
        // Each line of the help, the first beside the flag (or under it when the flag is long).
        for (const char *s = o->help; *s;) {
            const char *nl = strchr(s, '\n');
            int n = nl ? (int)(nl - s) : (int)strlen(s);
            fprintf(f, "%*s%.*s\n", w < 20 ? 20 - w : 1, "", n, s);
            w = 0;
            s += n + (nl != NULL);
        }
    }
    const char *mpi = rt_dist_mpi_version();
    if (mpi)
        fprintf(f, "\nData-parallel training: mpirun -np N hgnn-run MODEL --data DIR [options]\n"
                "(MPI: %s); each rank trains on its share of every batch, gradients are\n"
                "summed in rank order, and only rank 0 prints and writes files.\n", mpi);
    else
        fputs("\nThis hgnn-run was built without MPI: it trains in one process.\n", f);
    fputs("\nA flag's value may follow it (--epochs 3) or be joined with '=' (--epochs=3); '--'\n"
          "ends the flags.\n"
          "Exit status: 0 on success, 1 on any error (bad flag, bad file, model/data mismatch).\n",
          f);
}

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

static void version(void) {
    printf("hgnn-run %s (%s, built with LLVM %s)\n", HGNN_VERSION, rt_blas_config(),
           HGNN_LLVM_VERSION);
}

// Stores flag o's value s (NULL for a flag without one) into c, or dies naming the flag.
static void store(Cli *c, const Opt *o, const char *s) {
    char *at = (char *)c + o->off, *end;
    errno = 0;
    switch (o->kind) {
    case OPT_STR: *(const char **)at = s; break;
    case OPT_SET: *(int *)at = (int)o->lo; break;
    case OPT_I32: case OPT_I64: {
        long long v = strtoll(s, &end, 10);
        if (!*s || *end || errno || v < o->lo || v > o->hi)
            die("--%s expects an integer from %lld to %lld, saw '%s'", o->name, (long long)o->lo,
                (long long)o->hi, s);
        if (o->kind == OPT_I32)
            *(int32_t *)at = (int32_t)v;
        else
            *(int64_t *)at = v;
        break;
    }
    case OPT_THREADS: {
        long long v = strtoll(s, &end, 10);
        if (strcmp(s, "auto") == 0)
            v = RT_THREADS_AUTO;
        else if (!*s || *end || errno || v < o->lo || v > o->hi)
            die("--%s expects auto or an integer from %lld to %lld, saw '%s'", o->name,
                (long long)o->lo, (long long)o->hi, s);
        *(int32_t *)at = (int32_t)v;
        break;
    }
    case OPT_SEED: {
        unsigned long long v = strtoull(s, &end, 10);
        if (*s < '0' || *s > '9' || *end || errno)
            die("--%s expects a non-negative integer below 2^64, saw '%s'", o->name, s);
        *(uint64_t *)at = v;
        break;
    }
    case OPT_LR: {
        double v = strtod(s, &end);
        if (!*s || *end || errno || !(v > 0) || v > HGNN_MAX_LR)
            die("--%s expects a number above 0 and at most %g, saw '%s'", o->name, HGNN_MAX_LR,
                s);
        *(float *)at = (float)v;
        break;
    }
    case OPT_CHOICE: {
        const Choice *k = o->choices;
        while (k->name && strcmp(k->name, s) != 0)
            k++;
        if (!k->name) {
            // "adam or sparse-adam", "auto, always or never"
            char want[128] = "";
            for (const Choice *j = o->choices; j->name; j++)
                snprintf(want + strlen(want), sizeof want - strlen(want), "%s%s",
                         j == o->choices ? "" : j[1].name ? ", " : " or ", j->name);
            die("--%s expects %s, saw '%s'", o->name, want, s);
        }
        *(int *)at = k->value;
        break;
    }
    case OPT_OVERRIDE: {
        RtError e;
        if (rt_overrides_add((RtOverrides *)at, s, &e) < 0)
            die("%s", e.msg);
        break;
    }
    case OPT_HELP: usage(stdout); exit(0);
    case OPT_VERSION: version(); exit(0);
    }
}

// The flags in argv, GNU style: --flag VALUE or --flag=VALUE, MODEL anywhere, '--' ends the
// flags. Names must be spelt whole: an abbreviation (--epoch) would change meaning the day a
// second flag shares its prefix.
static void parse_args(Cli *c, int argc, char **argv) {
    struct option lo[N_OPTS + 1];
    for (int i = 0; i < N_OPTS; i++)
        lo[i] = (struct option){opts[i].name, opts[i].metavar ? required_argument : no_argument,
                                NULL, OPT_BASE + i};
    lo[N_OPTS] = (struct option){0};
    opterr = 0;
    // '-': positionals come back in order as option 1; ':': a missing value returns ':'.
    for (;;) {
        int at = optind;    // the word getopt_long reads (no permutation with '-')
        int ch = getopt_long(argc, argv, "-:hk:", lo, NULL);
        if (ch == -1)
            break;
        const char *a = argv[at];
        if (ch == 1) {
            if (c->run.model_path)
                die("unexpected argument '%s' (the model is '%s')", optarg, c->run.model_path);
            c->run.model_path = optarg;
        } else if (ch == 'h') {
            usage(stdout);
            exit(0);
        } else if (ch == 'k') {
            for (int i = 0; i < N_OPTS; i++)
                if (strcmp(opts[i].name, "top-k") == 0)
                    store(c, &opts[i], optarg);
        } else if (ch == ':') {
            die("%s expects a value", a);
        } else if (ch == '?') {
            if (optopt >= OPT_BASE)
                die("--%s takes no value, saw '%s'", opts[optopt - OPT_BASE].name, a);
            if (optopt)
                die("unknown flag '-%c'", optopt);
            die("unknown flag '%.*s'", (int)strcspn(a, "="), a);
        } else {
            const Opt *o = &opts[ch - OPT_BASE];
            size_t n = strcspn(a, "=");
            if (n != strlen(o->name) + 2 || strncmp(a + 2, o->name, n - 2) != 0)
                die("unknown flag '%.*s'", (int)n, a);
            store(c, o, optarg);
        }
    }
    for (int i = optind; i < argc; i++) {   // after '--'
        if (c->run.model_path)
            die("unexpected argument '%s' (the model is '%s')", argv[i], c->run.model_path);
        c->run.model_path = argv[i];
    }
}

int main(int argc, char **argv) {
    Cli c = {0};
    rt_app_defaults(&c.run);
    parse_args(&c, argc, argv);
    RtAppOptions *run = &c.run;
    run->inspect = c.inspect;
    if (run->quiet && run->verbose)
        die("--quiet and --verbose exclude each other");
    if (!c.data)
        die("missing --data DIR");
    // A setting given twice would leave one of the two unused: refuse rather than pick.
    const RtOverrides *ov = &run->overrides;
    if (run->train.epochs >= 0 && rt_overrides_find(ov, "epochs"))
        die("--epochs and --set epochs=%s both set the epochs: give one",
            rt_overrides_find(ov, "epochs")->value);
    if (run->train.lr > 0 && rt_overrides_find(ov, "lr"))
        die("--lr and --set lr=%s both set the learning rate: give one",
            rt_overrides_find(ov, "lr")->value);
    if (run->train.batch_size > 0 && rt_overrides_find(ov, "batch_size"))
        die("--batch-size and --set batch_size=%s both set the batch size: give one",
            rt_overrides_find(ov, "batch_size")->value);
    if (ov->n && !run->model_path)
        die("--set needs a MODEL");
    if ((c.budget || run->tune_out || run->tune_trials) && !run->tune_path)
        die("--budget, --tune-out and --tune-trials go with --tune SPACE");
    if (run->tune_path) {
        if (!run->model_path || c.inspect)
            die("--tune needs a MODEL and no --inspect");
        if (run->train.epochs >= 0 || rt_overrides_find(ov, "epochs"))
            die("--tune decides the epochs of each trial (the space's min_epochs and "
                "max_epochs): leave out --epochs");
        if (run->metrics_path || run->save_path || run->load_path || run->plot_dir ||
            run->checkpoint_path || run->resume_path || c.rank_eval || run->recommend ||
            run->export_dir || run->eval_every || run->early_stop || run->limit_batches)
            die("--tune runs its own trials: not with --metrics, --save, --load, --plot, "
                "--checkpoint, --resume, --rank-eval, --recommend, --export, --eval-every, "
                "--early-stop or --limit-batches (train DIR/best.hgnn with them afterwards)");
        if (c.budget && !((run->tune_budget = rt_tune_parse_budget(c.budget)) > 0))
            die("--budget expects a time such as 35s, 2m or 1h (seconds when bare), saw '%s'",
                c.budget);
    }
    if (run->checkpoint_every && !run->checkpoint_path)
        die("--checkpoint-every needs --checkpoint FILE");
    if (run->resume_path && run->load_path)
        die("--resume and --load exclude each other (a training state holds the weights)");
    if ((run->resume_path || run->checkpoint_path) && (!run->model_path || c.inspect))
        die("--checkpoint and --resume need a MODEL and no --inspect");
    if (run->model_path) {
        // OpenBLAS picks its kernels when it loads; this may restart the process once with
        // OPENBLAS_CORETYPE set (kernels.h). Flags are parsed first so bad ones fail fast.
        rt_blas_check_core(argv, run->verbose);
    }
    if (c.rank_eval) {
        RtError e;
        if ((run->n_rank_ks = rt_rank_parse_ks(c.rank_eval, run->rank_ks, &e)) < 0)
            die("%s", e.msg);
    }
    if ((c.rank_eval || run->recommend || run->export_dir) && (!run->model_path || c.inspect))
        die("--rank-eval, --recommend and --export need a MODEL and no --inspect");
    run->data_dir = c.data;
    run->train.seed = c.seed;
    RtError err;
    RtDist dist;
    if (rt_dist_init(&dist, &argc, &argv, &err) < 0) {
        rt_err_print(stderr, "hgnn-run", &err);
        return 1;
    }
    char who[32] = "hgnn-run";
    if (dist.size > 1) {
        if (!run->model_path || c.inspect)
            die("under mpirun, hgnn-run trains a MODEL (no --inspect)");
        if (run->tune_path)
            die("--tune runs in one process (not under mpirun)");
        run->train.dist = &dist;
        snprintf(who, sizeof who, "hgnn-run[rank %d]", dist.rank);
        char note[320] = "";
        if (run->checkpoint_path)
            snprintf(note, sizeof note, "the last checkpoint, %s, is intact",
                     run->checkpoint_path);
        if (rt_dist_watch(&dist, note, &err) < 0) {
            rt_err_print(stderr, who, &err);
            rt_dist_abort(&dist, 1);
        }
        if (dist.rank != 0) {
            // Only rank 0 prints and writes files; the others compute their shares.
            run->quiet = 1;
            run->verbose = 0;
            run->force_bar = 0;
            run->metrics_path = run->save_path = run->plot_dir = run->export_dir = NULL;
            run->recommend = NULL;
            run->n_rank_ks = 0;
            run->out = fopen("/dev/null", "w");
            if (!run->out)
                run->out = stdout;
        }
    }
    if (rt_app_run(run, &err) < 0) {
        rt_err_print(stderr, who, &err);
        if (dist.size > 1)
            rt_dist_abort(&dist, 1);    // the other ranks would wait in a collective
        rt_dist_finalize(&dist);
        return 1;
    }
    rt_dist_finalize(&dist);
    return 0;
}
