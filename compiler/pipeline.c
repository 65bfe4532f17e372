// pipeline.c — the compiler's stages as one flat list (QBE's main.c:func() is the model): parse,
// --set's constants (override.c), check, lower, to_hetero, prune, grad, plan, with the verifiers
// after each in debug builds. Both hgnnc and the JIT call pipeline_run, so the two compile the
// same module the same way.
#include "pipeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lower.h"
#include "override.h"
#include "parser.h"
#include "pass_grad.h"
#include "pass_hetero.h"
#include "pass_plan.h"
#include "pass_prune.h"
#include "sema.h"

#define MAX_SOURCE_BYTES (64u << 20)

// NUL bytes and any encoding are the lexer's business.
char *pipeline_read_file(const char *path, size_t *len, char *err, size_t err_len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_len, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (ferror(f) || n < cap)
            break;
        if (cap >= MAX_SOURCE_BYTES) {
            snprintf(err, err_len, "file is larger than %u MB", MAX_SOURCE_BYTES >> 20);
            fclose(f);
            free(buf);
            return NULL;
        }
        cap *= 2;
        char *p = realloc(buf, cap + 1);
        if (!p)
            free(buf);
        buf = p;
    }
    if (!buf || ferror(f)) {
        if (buf)
            snprintf(err, err_len, "cannot read: %s", strerror(errno));
        else
            snprintf(err, err_len, "out of memory");
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

// Debug builds recheck the IR's invariants after every stage (STYLE 8).
static void verify(const IrModule *m) {
#ifndef NDEBUG
    ir_verify(m);
    if (m->plan)
        plan_verify(m, m->plan);
#else
    (void)m;
#endif
}

// The stages, top to bottom. After each: stop on errors, verify, stop when asked to.
int pipeline_run(Arena *a, Pipeline *p, const char *text, size_t len) {
    int before = diag_error_count();
#define STAGE_DONE(stage)                                                                         \
    do {                                                                                          \
        if (diag_error_count() > before)                                                          \
            return -1;                                                                            \
        if (p->module)                                                                            \
            verify(p->module);                                                                    \
        if (p->stop_after == (stage))                                                             \
            return 0;                                                                             \
    } while (0)

    p->ast = parser_parse(a, p->path, text, len);
    STAGE_DONE(PIPE_AST);
    if (p->n_overrides && override_constants(a, p->ast, p->overrides, p->n_overrides,
                                             p->override_err, sizeof p->override_err) < 0)
        return -1;
    int n_data = p->data_types ? p->n_data_types : 0;
    if (p->stop_after == PIPE_DATA) {
        SemModel *schema = sema_check(a, p->ast, p->data_types, n_data, true);
        if (!schema || diag_error_count() > before)
            return -1;
        p->module = lower_schema(a, schema);
        return 0;
    }
    SemModel *sm = sema_check(a, p->ast, p->data_types, n_data, false);
    if (!sm || diag_error_count() > before)
        return -1;
    p->module = lower_model(a, sm);
    STAGE_DONE(PIPE_IR);
    pass_hetero(p->module);
    STAGE_DONE(PIPE_HETERO);
    if (p->prune)
        pass_prune(p->module);
    STAGE_DONE(PIPE_PRUNE);
    pass_grad(p->module);
    STAGE_DONE(PIPE_GRAD);
    pass_plan(p->module, p->off);
    STAGE_DONE(PIPE_PLAN);
#undef STAGE_DONE
    return 0;
}
