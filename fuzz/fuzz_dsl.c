// fuzz_dsl.c — libFuzzer harness for the .hgnn front end: one input is one source file, run
// through the stages hgnnc runs (compiler/main.c): tokens, parser, the schema check and
// --emit=data, the checker (with the widths a data set would give, as the JIT), lowering,
// to_hetero, autodiff, with ir_verify after each pass and every --emit printer writing to
// /dev/null.
// exit(1) after a diagnostic is a normal outcome; a crash, an abort (ir_verify, assert), a
// sanitizer report, a leak or a hang is a finding.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "ir.h"
#include "lexer.h"
#include "lower.h"
#include "parser.h"
#include "pass_grad.h"
#include "pass_hetero.h"
#include "sema.h"

#include "fuzz_support.h"

static const char *const file = "fuzz.hgnn";

// The pipeline of compiler/main.c, each stage stopping where hgnnc would stop.
static void compile(Arena *a, const char *text, size_t len) {
    FILE *null = fuzz_devnull();
    diag_add_source(file, text, len);

    Lexer *lx = lexer_new(a, file, text, len);      // --emit=tokens
    lexer_dump(null, lx);
    lexer_free(lx);
    if (diag_error_count())
        return;

    AstNode *ast = parser_parse(a, file, text, len);
    diag_exit_if_errors();
    ast_print(null, ast);                           // --emit=ast

    SemModel *schema = sema_check(a, ast, NULL, 0, true);     // --emit=data
    diag_exit_if_errors();
    if (!schema)
        return;
    ir_print_data(null, lower_schema(a, schema));

    // As the JIT does with a data set's widths: every node type gets 3 features.
    HgnnNodeType widths[HGNN_MAX_NODE_TYPES];
    for (int t = 0; t < schema->n_node_types; t++)
        widths[t] = (HgnnNodeType){schema->node_types[t].name, 3};
    SemModel *sm = sema_check(a, ast, widths, schema->n_node_types, false);
    diag_exit_if_errors();
    if (!sm)
        return;
    IrModule *m = lower_model(a, sm);
    ir_print_data(null, m);
    ir_verify(m);
    ir_print(null, m);                              // --emit=ir

    pass_hetero(m);
    diag_exit_if_errors();
    ir_verify(m);
    ir_print(null, m);                              // --emit=hetero-ir
    ir_print_dot(null, m);                          // --emit=dot

    pass_grad(m);
    ir_verify(m);
    ir_print(null, m);                              // --emit=grad-ir
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static Arena arena;     // static: it must survive the longjmp of an exit(1)
    // An exact-size copy, not NUL-terminated, so ASan sees any read past the end of the file.
    char *text = malloc(size ? size : 1);
    if (size)
        memcpy(text, data, size);
    fuzz_diag_reset();
    arena_init(&arena);
    fuzz_track_begin();
    int exited = setjmp(fuzz_exit_jmp);
    if (!exited)
        compile(&arena, text, size);
    arena_free(&arena);
    fuzz_track_end(exited);
    free(text);
    return 0;
}
