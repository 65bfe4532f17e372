// main.c — the hgnnc driver: parses the arguments, runs the compiler's stages (pipeline.c) on a
// .hgnn file, and writes what was asked for: a stage's dump (--emit) or the model's .so.
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "ast.h"
#include "codegen.h"
#include "diag.h"
#include "hgnn/data.h"
#include "ir.h"
#include "lexer.h"
#include "pass_plan.h"
#include "pipeline.h"

#ifndef HGNN_VERSION
#define HGNN_VERSION "0.0.0"
#endif

// Stages --emit can stop after, in pipeline order.
typedef enum Emit {
    EMIT_NONE,
    EMIT_TOKENS,
    EMIT_AST,
    EMIT_DATA,
    EMIT_IR,
    EMIT_HETERO_IR,
    EMIT_DOT,
    EMIT_PRUNE_IR,
    EMIT_GRAD_IR,
    EMIT_PLAN_IR,
    EMIT_LLVM,
    EMIT_LLVM_OPT,
} Emit;

// A value a flag names (an --emit stage, a -fNAME): its name and help lines, for --help.
typedef struct Named {
    const char *name;
    const char *help;
} Named;

static const Named emit_names[] = {
    [EMIT_TOKENS] = {"tokens", "the lexer's tokens, one a line"},
    [EMIT_AST] = {"ast", "the syntax tree"},
    [EMIT_DATA] = {"data", "the schema and where each node and edge type's data\n"
                           "comes from (tables, keys, encoders, feature widths)"},
    [EMIT_IR] = {"ir", "the generic IR, as lowered"},
    [EMIT_HETERO_IR] = {"hetero-ir", "the IR after to_hetero"},
    [EMIT_DOT] = {"dot", "the IR after to_hetero, as a Graphviz graph"},
    [EMIT_PRUNE_IR] = {"prune-ir", "the IR after prune (with -fprune): the last layer only\n"
                                   "on the rows the classifier reads"},
    [EMIT_GRAD_IR] = {"grad-ir", "the IR after autodiff: forward plus parameter gradients"},
    [EMIT_PLAN_IR] = {"plan-ir", "grad-ir and codegen's plan: row extents, fusion and\n"
                                 "workspace slots per node (honours -fno-NAME)"},
    [EMIT_LLVM] = {"llvm", "the LLVM module as generated, before optimisation"},
    [EMIT_LLVM_OPT] = {"llvm-opt", "the LLVM module after -O for this machine's CPU"},
};
enum { N_EMIT = sizeof emit_names / sizeof emit_names[0] };

typedef struct Options {
    const char *input;
    const char *output;     // -o: the emitted text goes there (atomically), or the model .so
    const char *data_dir;   // --data: feature widths declared `x = ENCODERS` come from there
    Emit emit;
    bool no_prune;          // pass_prune is skipped (the default; -fprune runs it)
    bool precision_auto;    // --precision auto (the default): bf16 where this CPU has avx512_bf16
    CodegenOptions cg;      // -O0..-O3, the other -fno-NAME flags and --precision
} Options;

// The optimisations -fNAME turns on (the default) and -fno-NAME off, for measuring what each
// one buys (bench/ablation). prune is a pass (bit 0); the others are codegen's CODEGEN_NO_*.
static const struct {
    Named n;
    unsigned bit;
} f_flags[] = {
    {{"prune", "off by default: the prune pass, which computes the last\n"
               "layer on the label rows; the row extents already cut\n"
               "it to the seeds, at less cost (docs/performance.md)"}, 0},
    {{"extents", "each layer only on the rows the next one reads; off,\n"
                 "every kernel runs on every row of the batch"}, CODEGEN_NO_EXTENTS},
    {{"fuse", "a bias, or a sum with a product, accumulated by the\n"
              "product instead of a pass of its own"}, CODEGEN_NO_FUSE},
    {{"gemm", "products by gemm kernels generated for their widths;\n"
              "off, every product calls the host's sgemm (OpenBLAS)"}, CODEGEN_NO_GEMM},
    {{"gemm-tn", "the same for the weight gradients (a^T b) alone"}, CODEGEN_NO_GEMM_TN},
    {{"reuse", "a dead value's workspace slot reused by a later one"}, CODEGEN_NO_REUSE},
    {{"sparse-grad", "embedding gradients written only on the batch's rows\n"
                     "(HGNN_PARAM_SPARSE_GRAD); off, they are zero-filled\n"
                     "whole every step, and hgnn-run has no sparse-adam"},
     CODEGEN_NO_SPARSE_GRAD},
};
enum { N_F_FLAGS = sizeof f_flags / sizeof f_flags[0] };

// What a flag does with its value.
typedef enum OptKind {
    OPT_OUTPUT, OPT_EMIT, OPT_DATA, OPT_LEVEL, OPT_F, OPT_PRECISION, OPT_HELP, OPT_VERSION
} OptKind;

// The one table of flags: getopt_long's arrays, --help and the parsing come from it (and the man
// page is checked against --help by tests/docs/check_man.sh). A short flag with `joined` takes
// its value in the same word, as clang's -O2 and -fno-fuse.
typedef struct Opt {
    char short_name;        // 0: none
    const char *name;       // long name without "--"; NULL: none
    const char *metavar;    // NULL: no value
    bool joined;            // the value is part of the word (-O2), never the next word
    OptKind kind;
    const char *help;       // lines after the first are indented under it
} Opt;

static const Opt opts[] = {
    {'o', NULL, "OUT", false, OPT_OUTPUT,
     "write the output to OUT (written to a temporary name, then renamed)"},
    {0, "data", "DIR", false, OPT_DATA,
     "the data the model will train on (as hgnn-run --data DIR): feature\n"
     "widths known only from the data (x = ENCODERS) are computed from it"},
    {0, "emit", "STAGE", false, OPT_EMIT, "print the program after STAGE and stop:"},
    {'O', NULL, "N", true, OPT_LEVEL, "LLVM optimisation level, -O0 to -O3 (default -O2)"},
    {'f', NULL, "[no-]NAME", true, OPT_F,
     "-fno-NAME switches an optimisation off (-fNAME: on, the default but\n"
     "for prune; the last of the two wins), to measure what it buys; the\n"
     "results agree:"},
    {0, "precision", "P", false, OPT_PRECISION,
     "the generated matrix products' operands: fp32, bf16 (rounded to\n"
     "bf16, summed in fp32 by vdpbf16ps; needs a CPU with avx512_bf16;\n"
     "weights, gradients and Adam stay fp32) or auto (the default): bf16\n"
     "where this CPU has avx512_bf16, else fp32"},
    {'h', "help", NULL, false, OPT_HELP, "show this help"},
    {0, "version", NULL, false, OPT_VERSION, "show the version, and LLVM's"},
};
enum { N_OPTS = sizeof opts / sizeof opts[0] };
// getopt_long returns OPT_BASE + i for the long flag opts[i], clear of the letters.
enum { OPT_BASE = 256 };

// Prints help's lines from column `col`, the first after `w` characters already written.
static void help_lines(FILE *f, int w, int col, const char *help) {
    if (w >= col) {
        fputc('\n', f);
        w = 0;
    }
    for (const char *s = help; *s;) {
        const char *nl = strchr(s, '\n');
        int n = nl ? (int)(nl - s) : (int)strlen(s);
        fprintf(f, "%*s%.*s\n", col - w, "", n, s);
        w = 0;
        s += n + (nl != NULL);
    }
}

static void usage(FILE *f) {
    fputs("usage: hgnnc FILE.hgnn [-o OUT] [--emit=STAGE] [--data=DIR] [--precision=P] [-O0..-O3]\n"
          "             [-fno-NAME...]\n"
          "\n"
          "Compiles a heterogeneous GNN model written in the .hgnn language (docs/dsl.md).\n"
          "\n"
          "options:\n",
          f);
    for (int i = 0; i < N_OPTS; i++) {
        const Opt *o = &opts[i];
        int w = 0;
        if (o->short_name)
            w += fprintf(f, "  -%c%s%s", o->short_name, o->joined || !o->metavar ? "" : " ",
                         o->metavar ? o->metavar : "");
        if (o->name)
            w += fprintf(f, "%s--%s%s%s", o->short_name ? ", " : "  ", o->name,
                         o->metavar ? "=" : "", o->metavar ? o->metavar : "");
        help_lines(f, w, 18, o->help);
        // The values the flag names, under it.
        int n = o->kind == OPT_EMIT ? N_EMIT : o->kind == OPT_F ? N_F_FLAGS : 0;
        for (int k = o->kind == OPT_EMIT; k < n; k++) {
            const Named *v = o->kind == OPT_EMIT ? &emit_names[k] : &f_flags[k].n;
            help_lines(f, fprintf(f, "%20s%s", "", v->name), 31, v->help);
        }
    }
    fputs("\n"
          "A long flag's value may follow it (--emit ir) or be joined with '=' (--emit=ir); '--'\n"
          "ends the flags. Without --emit, -o OUT writes the compiled model, a shared object for\n"
          "hgnn-run (hgnnc models/movielens.hgnn -o model.so); without either, hgnnc checks the\n"
          "model and exits 0 when it is valid.\n",
          f);
}

static _Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static _Noreturn void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "hgnnc: error: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

// "a, b or c": the names of n values, for messages.
static const char *names_list(char *buf, size_t len, int first, int n, const Named *(*at)(int)) {
    buf[0] = 0;
    for (int k = first; k < n; k++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
                 k == first ? "" : k + 1 == n ? " or " : ", ", at(k)->name);
    return buf;
}
static const Named *emit_at(int k) { return &emit_names[k]; }
static const Named *f_at(int k) { return &f_flags[k].n; }

// Applies flag o with value v (NULL without one) to *opt; `word` is the flag as typed.
static void apply(Options *opt, const Opt *o, const char *v, const char *word) {
    char list[256];
    switch (o->kind) {
    case OPT_OUTPUT: opt->output = v; break;
    case OPT_DATA: opt->data_dir = v; break;
    case OPT_EMIT: {
        int k = 1;
        while (k < N_EMIT && strcmp(emit_names[k].name, v) != 0)
            k++;
        if (k == N_EMIT)
            die("unknown stage '%s' for --emit (expected %s)", v,
                names_list(list, sizeof list, 1, N_EMIT, emit_at));
        opt->emit = (Emit)k;
        break;
    }
    case OPT_LEVEL:
        if (v[0] < '0' || v[0] > '3' || v[1])
            die("unknown option '%s' (-O expects a level from 0 to 3: -O0 .. -O3; see hgnnc "
                "--help)", word);
        opt->cg.opt_level = v[0] - '0';
        break;
    case OPT_F: {
        bool no = strncmp(v, "no-", 3) == 0;
        const char *name = v + (no ? 3 : 0);
        int k = 0;
        while (k < N_F_FLAGS && strcmp(f_flags[k].n.name, name) != 0)
            k++;
        if (k == N_F_FLAGS)
            die("unknown flag '%s' (expected -f or -fno- followed by %s)", word,
                names_list(list, sizeof list, 0, N_F_FLAGS, f_at));
        if (!f_flags[k].bit)
            opt->no_prune = no;
        else if (no)
            opt->cg.off |= f_flags[k].bit;
        else
            opt->cg.off &= ~f_flags[k].bit;
        break;
    }
    case OPT_PRECISION:
        opt->precision_auto = strcmp(v, "auto") == 0;
        if (strcmp(v, "fp32") == 0)
            opt->cg.precision = HGNN_PRECISION_FP32;
        else if (strcmp(v, "bf16") == 0)
            opt->cg.precision = HGNN_PRECISION_BF16;
        else if (!opt->precision_auto)
            die("unknown precision '%s' for --precision (expected fp32, bf16 or auto)", v);
        break;
    case OPT_HELP: usage(stdout); exit(0);
    case OPT_VERSION: {
        char llvm[64];
        printf("hgnnc %s (LLVM %s)\n", HGNN_VERSION, codegen_llvm_version(llvm, sizeof llvm));
        exit(0);
    }
    }
}

static void set_input(Options *o, const char *a) {
    if (o->input)
        die("more than one input file ('%s' and '%s')", o->input, a);
    o->input = a;
}

// The arguments, through getopt_long over the table: --emit=STAGE or --emit STAGE, -o OUT or
// -oOUT, -O2 and -fno-NAME as one word, FILE anywhere, '--' ends the flags. Long names must be
// spelt whole (no abbreviations), so a flag added later cannot change what an old line means.
static Options parse_args(int argc, char **argv) {
    Options o = {.cg = CODEGEN_DEFAULTS, .no_prune = true, .precision_auto = true};
    struct option lo[N_OPTS + 1];
    char shorts[3 + 2 * N_OPTS + 1] = "-:";     // '-': FILE comes back as 1; ':': missing value
    int nl = 0;
    for (int i = 0; i < N_OPTS; i++) {
        if (opts[i].name)
            lo[nl++] = (struct option){opts[i].name,
                                       opts[i].metavar ? required_argument : no_argument, NULL,
                                       OPT_BASE + i};
        if (opts[i].short_name) {
            size_t n = strlen(shorts);
            shorts[n] = opts[i].short_name;
            shorts[n + 1] = opts[i].metavar ? ':' : 0;
            shorts[n + 2] = 0;
        }
    }
    lo[nl] = (struct option){0};
    opterr = 0;
    for (;;) {
        int at = optind;    // the word getopt_long reads (no permutation with '-')
        int ch = getopt_long(argc, argv, shorts, lo, NULL);
        if (ch == -1)
            break;
        const char *word = argv[at];
        if (ch == 1) {
            set_input(&o, optarg);
        } else if (ch == '?' || ch == ':') {
            if (ch == ':' && optopt == 'o')
                die("-o needs a file name");
            if (ch == ':')
                die("%s expects a value (see hgnnc --help)", word);
            if (optopt >= OPT_BASE)
                die("%s takes no value (see hgnnc --help)", word);
            if (strncmp(word, "--", 2) == 0)
                die("unknown option '%.*s' (see hgnnc --help)", (int)strcspn(word, "="), word);
            die("unknown option '%s' (see hgnnc --help)", word);
        } else {
            const Opt *f = NULL;
            for (int i = 0; i < N_OPTS && !f; i++)
                if (ch >= OPT_BASE ? ch - OPT_BASE == i : ch == opts[i].short_name)
                    f = &opts[i];
            size_t n = strcspn(word, "=");
            if (ch >= OPT_BASE && (n != strlen(f->name) + 2 || strncmp(word + 2, f->name, n - 2)))
                die("unknown option '%.*s' (see hgnnc --help)", (int)n, word);
            if (f->joined && optind != at + 1)
                die("%s expects its value in the same word (%s)", word,
                    f->kind == OPT_LEVEL ? "-O0 .. -O3" : "-fno-NAME");
            apply(&o, f, optarg, word);
        }
    }
    for (int i = optind; i < argc; i++)     // after '--'
        set_input(&o, argv[i]);
    if (!o.input)
        die("no input file (see hgnnc --help)");
    // auto: bf16 where the products can use it (docs/performance.md: within 0.0003 AUC of fp32
    // on every seed measured, and 10-20% faster). -fno-gemm sends every product to the host's
    // fp32 sgemm: the model would say bf16 and compute fp32.
    if (o.precision_auto)
        o.cg.precision = !(o.cg.off & CODEGEN_NO_GEMM) && codegen_host_has_bf16()
                             ? HGNN_PRECISION_BF16
                             : HGNN_PRECISION_FP32;
    if (o.cg.precision == HGNN_PRECISION_BF16 && (o.cg.off & CODEGEN_NO_GEMM))
        die("--precision bf16 needs the generated gemms, which -fno-gemm switches off (every "
            "product would be the host's fp32 sgemm)");
    return o;
}

// Output goes to a temporary file next to OUT, renamed over it only when complete.
typedef struct Out {
    FILE *f;
    const char *path;
    char *tmp;
} Out;

static Out out_open(Arena *a, const char *path) {
    if (!path)
        return (Out){stdout, NULL, NULL};
    Out o = {NULL, path, arena_printf(a, "%s.tmp.%ld", path, (long)getpid())};
    o.f = fopen(o.tmp, "w");
    if (!o.f)
        fatal_at((Loc){path, 0, 0}, "cannot write: %s", strerror(errno));
    return o;
}

static void out_close(Out o) {
    if (!o.path) {
        if (fflush(stdout) != 0)
            fatal_at((Loc){"<stdout>", 0, 0}, "cannot write: %s", strerror(errno));
        return;
    }
    if (fflush(o.f) != 0 || ferror(o.f) || fsync(fileno(o.f)) != 0) {
        int err = errno;
        fclose(o.f);
        remove(o.tmp);
        fatal_at((Loc){o.path, 0, 0}, "cannot write: %s", strerror(err));
    }
    fclose(o.f);
    if (rename(o.tmp, o.path) != 0) {
        int err = errno;
        remove(o.tmp);
        fatal_at((Loc){o.path, 0, 0}, "cannot write: %s", strerror(err));
    }
}

// The stage each --emit stops after.
static PipeStage stop_stage(Emit e) {
    switch (e) {
    case EMIT_AST: return PIPE_AST;
    case EMIT_DATA: return PIPE_DATA;
    case EMIT_IR: return PIPE_IR;
    case EMIT_HETERO_IR: case EMIT_DOT: return PIPE_HETERO;
    case EMIT_PRUNE_IR: return PIPE_PRUNE;
    case EMIT_GRAD_IR: return PIPE_GRAD;
    default: return PIPE_PLAN;
    }
}

// The lexer's tokens, one a line: into memory first, so that a lexical error leaves no
// half-written OUT behind.
static int emit_tokens(Arena *a, const Options *o, const char *text, size_t len) {
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem)
        fatal_at((Loc){o->input, 0, 0}, "out of memory");
    Lexer *lx = lexer_new(a, o->input, text, len);
    lexer_dump(mem, lx);
    lexer_free(lx);
    fclose(mem);
    diag_exit_if_errors();
    Out out = out_open(a, o->output);
    fwrite(buf, 1, n, out.f);
    free(buf);
    out_close(out);
    return 0;
}

// --data DIR: the schema is checked first, then the runtime's reader (hgnn/data.h) computes
// every node type's feature width from the declared tables and checks the label columns; these
// become the data types the compilation proper adapts to, as the JIT's do. Returns 0, or 1 after
// printing the error.
static int data_types_from(Arena *a, const Options *o, const char *text, size_t len,
                           HgnnNodeType *types, int *n) {
    Pipeline s = {.path = o->input, .stop_after = PIPE_DATA};
    if (pipeline_run(a, &s, text, len) != 0) {
        diag_exit_if_errors();
        return 1;
    }
    const IrModule *m = s.module;
    int32_t widths[HGNN_MAX_NODE_TYPES];
    char err[1024] = "";
    for (int t = 0; t < m->n_node_types; t++)
        types[t] = (HgnnNodeType){m->node_types[t].name, (int32_t)m->node_types[t].feat_width};
    if (hgnn_data_widths(o->data_dir, m->n_node_types, types, m->data, widths, err,
                         sizeof err) != 0 ||
        hgnn_data_check_labels(o->data_dir, m->n_edge_types, m->data, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err[0] ? err : "hgnnc: error: --data: cannot read the data");
        return 1;
    }
    for (int t = 0; t < m->n_node_types; t++)
        types[t].feat_width = widths[t];
    *n = m->n_node_types;
    return 0;
}

// Runs the pipeline as far as the output needs and writes it.
static int compile(Arena *a, const Options *o) {
    size_t len;
    char err[1024];
    // The diagnostics quote from the source until the process ends.
    const char *text = pipeline_read_file(o->input, &len, err, sizeof err);
    if (!text)
        fatal_at((Loc){o->input, 0, 0}, "%s", err);
    diag_add_source(o->input, text, len);
    if (o->emit == EMIT_TOKENS)
        return emit_tokens(a, o, text, len);

    Pipeline p = {.path = o->input, .prune = !o->no_prune, .off = o->cg.off,
                  .stop_after = stop_stage(o->emit)};
    HgnnNodeType types[HGNN_MAX_NODE_TYPES];
    if (o->data_dir && o->emit != EMIT_AST) {
        if (data_types_from(a, o, text, len, types, &p.n_data_types) != 0)
            return 1;
        p.data_types = types;
    }
    if (pipeline_run(a, &p, text, len) != 0) {
        diag_exit_if_errors();
        return 1;
    }
    IrModule *m = p.module;
    if (o->emit == EMIT_NONE) {
        // The model itself: link.c links the .so under a temporary name and renames it.
        if (o->output && codegen_shared_object(m, &o->cg, o->output, err, sizeof err) != 0) {
            fprintf(stderr, "hgnnc: error: %s\n", err);
            return 1;
        }
        return 0;
    }
    Out out = out_open(a, o->output);
    switch (o->emit) {
    case EMIT_AST: ast_print(out.f, p.ast); break;
    case EMIT_DATA: ir_print_data(out.f, m); break;
    case EMIT_DOT: ir_print_dot(out.f, m); break;
    case EMIT_PLAN_IR: plan_print(out.f, m, m->plan); break;
    case EMIT_LLVM: case EMIT_LLVM_OPT:
        if (codegen_print_llvm(out.f, m, &o->cg, o->emit == EMIT_LLVM_OPT, err, sizeof err) != 0) {
            fclose(out.f);
            if (out.tmp)
                remove(out.tmp);
            fprintf(stderr, "hgnnc: error: %s\n", err);
            return 1;
        }
        break;
    default: ir_print(out.f, m); break;
    }
    out_close(out);
    return 0;
}

int main(int argc, char **argv) {
    Options o = parse_args(argc, argv);
    Arena arena;
    arena_init(&arena);
    int rc = compile(&arena, &o);
    arena_free(&arena);
    return rc;
}
