// override.h — `hgnn-run --set NAME=VALUE` in the front end: a top-level constant of the model
// takes the given value before the checker runs, so a width change recompiles the model.
#ifndef HGNN_OVERRIDE_H
#define HGNN_OVERRIDE_H

#include <stddef.h>

#include "hgnn/abi.h"
#include "arena.h"
#include "ast.h"

// Replaces the value of each constant of root named by an override with the override's number
// (an integer where the source writes an integer). A train setting's name is left to hgnn-run
// (it sets HgnnDefaults after compiling); any other name is an error. Returns 0, or -1 with a
// one-line message naming the --set flag in err.
int override_constants(Arena *a, AstNode *root, const HgnnOverride *o, int n, char *err,
                       size_t err_len);

#endif
