// jit.c — ORC LLJIT: takes the object codegen_object makes for an IrModule (the same bytes
// `hgnnc -o` links into a .so), links it into the running process and yields the model returned
// by its hgnn_model_entry. hgnn_jit_compile runs the whole compiler on a .hgnn file first;
// hgnn_jit_declare only its schema check, for a runtime that reads the declared data first.
#include "jit.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>

#include "arena.h"
#include "codegen.h"
#include "diag.h"
#include "pipeline.h"

// Every JIT instance made in this process; kept alive because the models point into them.
static LLVMOrcLLJITRef *jits;
static int n_jits, cap_jits;

static const HgnnModel *fail(LLVMErrorRef e, const char *what, char *err, size_t err_len) {
    char *msg = LLVMGetErrorMessage(e);
    snprintf(err, err_len, "jit: %s: %s", what, msg);
    LLVMDisposeErrorMessage(msg);
    return NULL;
}

const HgnnModel *jit_module(IrModule *m, int opt_level, char *err, size_t err_len) {
    return jit_module_opt(m, &(CodegenOptions){opt_level, 0, HGNN_PRECISION_FP32}, err, err_len);
}

const HgnnModel *jit_module_opt(IrModule *m, const CodegenOptions *opt, char *err,
                                size_t err_len) {
    char *obj;
    size_t len;
    if (codegen_object(m, opt, &obj, &len, err, err_len))
        return NULL;
    if (n_jits == cap_jits) {
        int cap = cap_jits ? 2 * cap_jits : 4;
        LLVMOrcLLJITRef *p = realloc(jits, (size_t)cap * sizeof *p);
        if (!p) {
            free(obj);
            snprintf(err, err_len, "out of memory");
            return NULL;
        }
        jits = p;
        cap_jits = cap;
    }
    // codegen_object has initialised the native target; LLJIT detects the same host.
    LLVMOrcLLJITRef j;
    LLVMErrorRef e = LLVMOrcCreateLLJIT(&j, LLVMOrcCreateLLJITBuilder());
    if (e) {
        free(obj);
        return fail(e, "cannot create LLJIT", err, err_len);
    }
    // libm and libc (exp, log1p, memset) resolve against the running process.
    LLVMOrcDefinitionGeneratorRef gen;
    e = LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(&gen, LLVMOrcLLJITGetGlobalPrefix(j),
                                                              NULL, NULL);
    if (e) {
        free(obj);
        LLVMOrcDisposeLLJIT(j);
        return fail(e, "cannot search the process for symbols", err, err_len);
    }
    LLVMOrcJITDylibAddGenerator(LLVMOrcLLJITGetMainJITDylib(j), gen);
    LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(obj, len, "model.o");
    free(obj);
    e = LLVMOrcLLJITAddObjectFile(j, LLVMOrcLLJITGetMainJITDylib(j), buf);
    if (e) {
        LLVMOrcDisposeLLJIT(j);
        return fail(e, "cannot add the object", err, err_len);
    }
    LLVMOrcExecutorAddress addr = 0;
    e = LLVMOrcLLJITLookup(j, &addr, HGNN_ENTRY_SYMBOL);
    if (e) {
        LLVMOrcDisposeLLJIT(j);
        return fail(e, "cannot link the model", err, err_len);
    }
    jits[n_jits++] = j;
    HgnnEntryFn entry = (HgnnEntryFn)(uintptr_t)addr;
    return entry();
}

// ---- hgnn_jit_compile: the whole compiler, in process --------------------------------------

// Diagnostics went to stderr in clang's format as they were found; err gets the summary line.
static bool errors_since(int before, const char *path, char *err, size_t err_len) {
    int n = diag_error_count() - before;
    if (n > 0)
        snprintf(err, err_len, "%s: %d error%s in the model", path, n, n == 1 ? "" : "s");
    return n > 0;
}

// Reads path and runs the pipeline on it up to stop_after, in arena. Returns the module, or NULL
// with err set.
static IrModule *front_end(Arena *arena, const char *path, const HgnnNodeType *data_types,
                           int32_t n_data_types, const HgnnOverride *overrides,
                           int32_t n_overrides, PipeStage stop_after, char *err,
                           size_t err_len) {
    size_t len;
    char msg[256];
    char *text = pipeline_read_file(path, &len, msg, sizeof msg);
    if (!text) {
        snprintf(err, err_len, "%s: %s", path, msg);
        return NULL;
    }
    // The diagnostics keep quoting from the source, so it lives as long as the process.
    diag_add_source(path, text, len);
    int before = diag_error_count();
    // The data's feature widths replace the declared ones (linear(-1, OUT) adapts); pass_prune
    // is off, as in hgnnc by default (-fprune there).
    Pipeline p = {.path = path, .data_types = data_types, .n_data_types = n_data_types,
                  .stop_after = stop_after, .overrides = overrides, .n_overrides = n_overrides};
    if (pipeline_run(arena, &p, text, len) == 0)
        return p.module;
    if (p.override_err[0]) {
        snprintf(err, err_len, "%s", p.override_err);
        return NULL;
    }
    if (!errors_since(before, path, err, err_len))
        snprintf(err, err_len, "%s: not a model", path);
    return NULL;
}

// The arenas of declared models: never freed, since the models returned point into them for the
// rest of the process, and kept on this list so they stay reachable (no leak report at exit).
typedef struct Declared {
    Arena arena;
    struct Declared *next;
} Declared;
static Declared *declared;

const HgnnModel *hgnn_jit_declare(const char *path, const HgnnOverride *overrides,
                                  int32_t n_overrides, char *err, size_t err_len) {
    Declared *d = malloc(sizeof *d);
    if (!d) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    Arena *arena = &d->arena;
    arena_init(arena);
    IrModule *m = front_end(arena, path, NULL, 0, overrides, n_overrides, PIPE_DATA, err,
                            err_len);
    if (!m) {
        arena_free(arena);
        free(d);
        return NULL;
    }
    d->next = declared;
    declared = d;
    HgnnNodeType *nts = arena_alloc(arena, sizeof *nts * (size_t)(m->n_node_types + 1));
    HgnnEdgeType *ets = arena_alloc(arena, sizeof *ets * (size_t)(m->n_edge_types + 1));
    for (int t = 0; t < m->n_node_types; t++)
        nts[t] = (HgnnNodeType){m->node_types[t].name, (int32_t)m->node_types[t].feat_width};
    for (int e = 0; e < m->n_edge_types; e++) {
        const IrEdgeType *et = &m->edge_types[e];
        ets[e] = (HgnnEdgeType){et->name, et->rel, et->src, et->dst, et->reverse_of};
    }
    HgnnModel *model = arena_alloc(arena, sizeof *model);
    *model = (HgnnModel){
        .magic = HGNN_MAGIC, .abi_version = HGNN_ABI_VERSION,
        .name = m->name ? m->name : "model", .compiler = HGNN_COMPILER_ID,
        .n_node_types = m->n_node_types, .n_edge_types = m->n_edge_types,
        .node_types = nts, .edge_types = ets, .label_edge_type = m->label_etype,
        .defaults = m->defaults, .data = m->data, .loss = m->loss_kind, .needs = m->needs};
    return model;
}

const HgnnModel *hgnn_jit_compile(const char *path, const HgnnNodeType *data_types,
                                  int32_t n_data_types, const HgnnOverride *overrides,
                                  int32_t n_overrides, int32_t precision, char *err,
                                  size_t err_len) {
    if (precision != HGNN_PRECISION_FP32 && precision != HGNN_PRECISION_BF16) {
        snprintf(err, err_len, "%s: unknown precision %d", path, (int)precision);
        return NULL;
    }
    Arena arena;
    arena_init(&arena);
    const HgnnModel *model = NULL;
    IrModule *m = front_end(&arena, path, data_types, n_data_types, overrides, n_overrides,
                            PIPE_PLAN, err, err_len);
    if (m)
        model = jit_module_opt(m, &(CodegenOptions){CODEGEN_DEFAULT_OPT, 0, precision}, err,
                               err_len);
    // The model's tables were copied into the compiled code; the IR is no longer needed.
    arena_free(&arena);
    return model;
}
