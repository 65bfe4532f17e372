// main.c — the hgnnc driver: parses the arguments, runs the compiler's stages (pipeline.c) on a
// .hgnn file, and writes what was asked for: a stage's dump (--emit) or the model's .so.
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "ast.h"
#include "codegen.h"
#include "diag.h"
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
    EMIT_IR,
    EMIT_HETERO_IR,
    EMIT_DOT,
    EMIT_PRUNE_IR,
    EMIT_GRAD_IR,
    EMIT_PLAN_IR,
    EMIT_LLVM,
    EMIT_LLVM_OPT,
} Emit;

static const char *const emit_names[] = {
    [EMIT_TOKENS] = "tokens", [EMIT_AST] = "ast", [EMIT_IR] = "ir",
    [EMIT_HETERO_IR] = "hetero-ir", [EMIT_DOT] = "dot", [EMIT_PRUNE_IR] = "prune-ir",
    [EMIT_GRAD_IR] = "grad-ir", [EMIT_PLAN_IR] = "plan-ir",
    [EMIT_LLVM] = "llvm", [EMIT_LLVM_OPT] = "llvm-opt",
};
enum { N_EMIT = sizeof emit_names / sizeof emit_names[0] };

typedef struct Options {
    const char *input;
    const char *output;     // -o: the emitted text goes there (atomically), or the model .so
    Emit emit;
    bool no_prune;          // pass_prune is skipped (the default; -fprune runs it)
    CodegenOptions cg;      // -O0..-O3 and the other -fno-NAME flags
} Options;

// The optimisations -fNAME turns on (the default) and -fno-NAME off, for measuring what each
// one buys (bench/ablation). prune is a pass (bit 0); the others are codegen's CODEGEN_NO_*.
static const struct {
    const char *name;
    unsigned bit;
} f_flags[] = {
    {"prune", 0},
    {"extents", CODEGEN_NO_EXTENTS},
    {"fuse", CODEGEN_NO_FUSE},
    {"gemm", CODEGEN_NO_GEMM},
    {"gemm-tn", CODEGEN_NO_GEMM_TN},
    {"reuse", CODEGEN_NO_REUSE},
    {"sparse-grad", CODEGEN_NO_SPARSE_GRAD},
};
enum { N_F_FLAGS = sizeof f_flags / sizeof f_flags[0] };

static void usage(FILE *f) {
    fputs("usage: hgnnc FILE.hgnn [-o OUT] [--emit=STAGE] [-O0..-O3] [-fno-NAME...]\n"
          "\n"
          "Compiles a heterogeneous GNN model written in the .hgnn language (docs/dsl.md).\n"
          "\n"
          "options:\n"
          "  -o OUT          write the output to OUT (written to a temporary name, then renamed)\n"
          "  --emit=STAGE    print the program after STAGE and stop:\n"
          "                    tokens     the lexer's tokens, one a line\n"
          "                    ast        the syntax tree\n"
          "                    ir         the generic IR, as lowered\n"
          "                    hetero-ir  the IR after to_hetero\n"
          "                    dot        the IR after to_hetero, as a Graphviz graph\n"
          "                    prune-ir   the IR after prune (with -fprune): the last layer only\n"
          "                               on the rows the classifier reads\n"
          "                    grad-ir    the IR after autodiff: forward plus parameter gradients\n"
          "                    plan-ir    grad-ir and codegen's plan: row extents, fusion and\n"
          "                               workspace slots per node (honours -fno-NAME)\n"
          "                    llvm       the LLVM module as generated, before optimisation\n"
          "                    llvm-opt   the LLVM module after -O for this machine's CPU\n"
          "  -O0 .. -O3      LLVM optimisation level (default -O2)\n"
          "  -fno-NAME       switch an optimisation off (-fNAME: on, the default but for\n"
          "                  prune; the last of the two wins), to measure what it buys; the\n"
          "                  results agree:\n"
          "                    prune      off by default: the prune pass, which computes the last\n"
          "                               layer on the label rows; the row extents already cut\n"
          "                               it to the seeds, at less cost (docs/performance.md)\n"
          "                    extents    each layer only on the rows the next one reads; off,\n"
          "                               every kernel runs on every row of the batch\n"
          "                    fuse       a bias, or a sum with a product, accumulated by the\n"
          "                               product instead of a pass of its own\n"
          "                    gemm       products by gemm kernels generated for their widths;\n"
          "                               off, every product calls the host's sgemm (OpenBLAS)\n"
          "                    gemm-tn    the same for the weight gradients (a^T b) alone\n"
          "                    reuse      a dead value's workspace slot reused by a later one\n"
          "                    sparse-grad\n"
          "                               embedding gradients written only on the batch's rows\n"
          "                               (HGNN_PARAM_SPARSE_GRAD); off, they are zero-filled\n"
          "                               whole every step, and hgnn-run has no sparse-adam\n"
          "  --help          show this help\n"
          "  --version       show the version\n"
          "\n"
          "Without --emit, -o OUT writes the compiled model, a shared object for hgnn-run\n"
          "(hgnnc models/movielens.hgnn -o model.so); without either, hgnnc checks the model\n"
          "and exits 0 when it is valid.\n",
          f);
}

static Options parse_args(int argc, char **argv) {
    Options o = {.cg = CODEGEN_DEFAULTS, .no_prune = true};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--version") == 0) {
            printf("hgnnc %s\n", HGNN_VERSION);
            exit(0);
        } else if (strcmp(a, "-o") == 0) {
            if (i + 1 == argc) {
                fprintf(stderr, "hgnnc: error: -o needs a file name\n");
                exit(1);
            }
            o.output = argv[++i];
        } else if (strncmp(a, "--emit=", 7) == 0) {
            int k = 1;
            while (k < N_EMIT && strcmp(emit_names[k], a + 7) != 0)
                k++;
            if (k == N_EMIT) {
                fprintf(stderr, "hgnnc: error: unknown stage '%s' for --emit (expected tokens, "
                                "ast, ir, hetero-ir, dot, prune-ir, grad-ir, plan-ir, llvm or "
                                "llvm-opt)\n",
                        a + 7);
                exit(1);
            }
            o.emit = (Emit)k;
        } else if (a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3]) {
            o.cg.opt_level = a[2] - '0';
        } else if (a[0] == '-' && a[1] == 'f') {
            bool no = strncmp(a + 2, "no-", 3) == 0;
            const char *name = a + (no ? 5 : 2);
            int k = 0;
            while (k < N_F_FLAGS && strcmp(f_flags[k].name, name) != 0)
                k++;
            if (k == N_F_FLAGS) {
                fprintf(stderr, "hgnnc: error: unknown flag '%s' (expected -f or -fno- followed "
                                "by",
                        a);
                for (int j = 0; j < N_F_FLAGS; j++)
                    fprintf(stderr, "%s %s", j == 0 ? "" : j + 1 == N_F_FLAGS ? " or" : ",",
                            f_flags[j].name);
                fprintf(stderr, ")\n");
                exit(1);
            }
            if (!f_flags[k].bit)
                o.no_prune = no;
            else if (no)
                o.cg.off |= f_flags[k].bit;
            else
                o.cg.off &= ~f_flags[k].bit;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "hgnnc: error: unknown option '%s' (see hgnnc --help)\n", a);
            exit(1);
        } else if (o.input) {
            fprintf(stderr, "hgnnc: error: more than one input file ('%s' and '%s')\n", o.input,
                    a);
            exit(1);
        } else {
            o.input = a;
        }
    }
    if (!o.input) {
        fprintf(stderr, "hgnnc: error: no input file (see hgnnc --help)\n");
        exit(1);
    }
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
