// pipeline.h — the compiler's stages in one list, run by every driver: hgnnc (main.c) and the
// JIT (jit.c). Source text in; the syntax tree, or the module after the stage asked for, out.
#ifndef HGNN_PIPELINE_H
#define HGNN_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "ast.h"
#include "ir.h"

// The stages a run can stop after, in order.
typedef enum PipeStage {
    PIPE_AST,       // parsed: Pipeline.ast
    PIPE_DATA,      // the schema checked (sema_check's schema_only): a module without values
                    // whose feature widths may be -1 (known only from the data)
    PIPE_IR,        // checked and lowered to the generic IR
    PIPE_HETERO,    // pass_hetero: one copy of each layer per edge type
    PIPE_PRUNE,     // pass_prune (when Pipeline.prune)
    PIPE_GRAD,      // pass_grad: the adjoints and parameter gradients
    PIPE_PLAN,      // pass_plan: codegen's side table (module->plan); the last stage
} PipeStage;

typedef struct Pipeline {
    const char *path;                   // the source's name in diagnostics
    const HgnnNodeType *data_types;     // feature widths of the data (may be NULL, see sema.h)
    int n_data_types;
    bool prune;                         // run pass_prune (hgnnc -fprune)
    unsigned off;                       // CODEGEN_NO_* bits pass_plan honours
    PipeStage stop_after;
    const HgnnOverride *overrides;      // --set NAME=VALUE for constants (override.h), or NULL
    int n_overrides;
    char override_err[1024];            // out: why an override was refused (one line), or ""
    AstNode *ast;                       // out: the syntax tree
    IrModule *module;                   // out: the module after stop_after (from PIPE_DATA on)
} Pipeline;

// Reads a source file whole (at most 64 MB) into a malloc'ed buffer, NUL-terminated. Returns
// NULL with a message naming no file ("cannot open: ...") in err.
char *pipeline_read_file(const char *path, size_t *len, char *err, size_t err_len);

// Runs the stages on text up to p->stop_after, allocating from a. Diagnostics go to stderr as
// they are found (diag.h). Returns 0, or -1 when a stage reported errors.
int pipeline_run(Arena *a, Pipeline *p, const char *text, size_t len);

#endif
