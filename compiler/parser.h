// parser.h — the .hgnn parser: source text in, syntax tree out. The bison parser (parser.y)
// stays behind this header.
#ifndef HGNN_PARSER_H
#define HGNN_PARSER_H

#include <stddef.h>

#include "arena.h"
#include "ast.h"

// Parses one file. Syntax errors are reported with error_at (recovering at the next
// declaration where it can); the caller checks diag_error_count(). Returns the ND_MODEL root,
// or NULL when nothing usable was parsed.
AstNode *parser_parse(Arena *a, const char *file, const char *text, size_t len);

#endif
