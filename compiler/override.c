// override.c — `--set NAME=VALUE` for a model's constants: takes the parsed tree and the
// overrides, yields the tree with each named constant's value replaced by a literal, located in a
// source of its own ("--set hidden=128") so that diagnostics about it point at the flag.
#include "override.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hgnn/settings.h"
#include "diag.h"

// A top-level `NAME = number-expression` (not a module declaration).
static bool is_constant(const AstNode *d) {
    return d->kind == ND_ASSIGN && d->value && d->value->kind != ND_CALL;
}

// An integer literal in the source, possibly negated: the override must be an integer too.
static bool is_int_literal(const AstNode *v) {
    if (v->kind == ND_NEG)
        v = v->value;
    return v->kind == ND_INT;
}

// "hidden, layers" (or "none"): the constants, for the unknown-name message.
static void constant_list(const AstNode *root, char *out, size_t size) {
    size_t used = 0;
    out[0] = '\0';
    for (const AstNode *d = root->list; d; d = d->next)
        if (is_constant(d) && used < size)
            used += (size_t)snprintf(out + used, size - used, "%s%s", used ? ", " : "", d->name);
    if (!used)
        snprintf(out, size, "none");
}

int override_constants(Arena *a, AstNode *root, const HgnnOverride *o, int n, char *err,
                       size_t err_len) {
    for (int i = 0; i < n; i++) {
        AstNode *d = root->list;
        while (d && !(is_constant(d) && strcmp(d->name, o[i].name) == 0))
            d = d->next;
        bool setting = hgnn_setting_find(o[i].name) != NULL;
        if (!d && setting)
            continue;
        if (!d) {
            char consts[256], train[512];
            constant_list(root, consts, sizeof consts);
            snprintf(err, err_len, "--set %s=%s: the model has no constant or train setting '%s' "
                     "(constants: %s; train: %s)", o[i].name, o[i].value, o[i].name, consts,
                     hgnn_settings_list(train, sizeof train));
            return -1;
        }
        if (setting) {
            snprintf(err, err_len, "--set %s=%s: '%s' is both a constant of the model and a train "
                     "setting; rename the constant", o[i].name, o[i].value, o[i].name);
            return -1;
        }
        const char *s = o[i].value;
        AstKind was = d->value->kind;
        if (was == ND_LIST || was == ND_STRING || was == ND_TUPLE) {
            snprintf(err, err_len, "--set %s=%s: constant '%s' is not a number in the model "
                     "(--set replaces numbers only)", o[i].name, s, o[i].name);
            return -1;
        }
        char *end;
        errno = 0;
        long long iv = strtoll(s, &end, 10);
        bool is_int = *s && !*end && !errno;
        errno = 0;
        double fv = strtod(s, &end);
        if (!*s || *end || errno || !isfinite(fv)) {
            snprintf(err, err_len, "--set %s=%s: constant '%s' takes a number, saw '%s'",
                     o[i].name, s, o[i].name, s);
            return -1;
        }
        if (is_int_literal(d->value) && !is_int) {
            snprintf(err, err_len, "--set %s=%s: constant '%s' is an integer in the model, saw "
                     "'%s'", o[i].name, s, o[i].name, s);
            return -1;
        }
        // The flag as a source of its own: "--set hidden=128", the caret under the value. The
        // diagnostics keep quoting it, so it lives as long as the process (as a model's source).
        size_t len = strlen(o[i].name) + strlen(s) + 7;
        char *flag = malloc(len + 1);
        if (!flag) {
            snprintf(err, err_len, "out of memory");
            return -1;
        }
        snprintf(flag, len + 1, "--set %s=%s", o[i].name, s);
        diag_add_source(flag, flag, len);
        Loc at = {flag, 1, (int)(len - strlen(s)) + 1};
        bool want_float = d->value->kind == ND_FLOAT || !is_int;
        d->value = want_float ? ast_float(a, at, fv) : ast_int(a, at, (int64_t)iv);
    }
    return 0;
}
