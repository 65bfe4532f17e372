// lexer.h — tokens of the .hgnn language. The flex scanner (lexer.l) stays behind this header:
// callers see Token values, never yytext or flex state.
#ifndef HGNN_LEXER_H
#define HGNN_LEXER_H

#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"

// Every token kind once: TOK(ID, "spelling in messages").
#define LEXER_TOKENS(TOK)                                                                          \
    TOK(EOF, "end of file")                                                                        \
    TOK(IDENT, "identifier")                                                                       \
    TOK(INT, "integer")                                                                            \
    TOK(FLOAT, "number")                                                                           \
    TOK(STRING, "string")                                                                          \
    TOK(MODEL, "'model'")                                                                          \
    TOK(NODE, "'node'")                                                                            \
    TOK(EDGE, "'edge'")                                                                            \
    TOK(REVERSE, "'reverse'")                                                                      \
    TOK(INPUT, "'input'")                                                                          \
    TOK(TO_HETERO, "'to_hetero'")                                                                  \
    TOK(RETURN, "'return'")                                                                        \
    TOK(CLASSIFIER, "'classifier'")                                                                \
    TOK(LOSS, "'loss'")                                                                            \
    TOK(TRAIN, "'train'")                                                                          \
    TOK(ARROW, "'->'")                                                                             \
    TOK(LPAREN, "'('")                                                                             \
    TOK(RPAREN, "')'")                                                                             \
    TOK(LBRACE, "'{'")                                                                             \
    TOK(RBRACE, "'}'")                                                                             \
    TOK(LBRACKET, "'['")                                                                           \
    TOK(RBRACKET, "']'")                                                                           \
    TOK(COMMA, "','")                                                                              \
    TOK(COLON, "':'")                                                                              \
    TOK(DOT, "'.'")                                                                                \
    TOK(EQ, "'='")                                                                                 \
    TOK(PLUS, "'+'")                                                                               \
    TOK(MINUS, "'-'")                                                                              \
    TOK(STAR, "'*'")                                                                               \
    TOK(ERROR, "invalid token")

typedef enum TokenKind {
#define TOK(id, spelling) TK_##id,
    LEXER_TOKENS(TOK)
#undef TOK
    TK_COUNT
} TokenKind;

typedef struct Token {
    TokenKind kind;
    Loc loc;
    const char *text;   // the lexeme, NUL-terminated, in the arena (strings: unescaped value)
    int64_t ival;       // TK_INT
    double fval;        // TK_INT, TK_FLOAT
} Token;

typedef struct Lexer Lexer;

// Scans `len` bytes of `text` (which may hold NUL bytes and need not be NUL-terminated).
// Lexical errors are reported with error_at and the offending bytes skipped. Nesting deeper
// than LEXER_MAX_DEPTH brackets, or too many errors, stops the lexer: it reports the error and
// returns TK_EOF from then on. Nothing here exits the process.
#define LEXER_MAX_DEPTH 256
#define LEXER_MAX_IDENT 1024
Lexer *lexer_new(Arena *a, const char *file, const char *text, size_t len);
Token lexer_next(Lexer *lx);
void lexer_free(Lexer *lx);
int lexer_stopped(const Lexer *lx);     // gave up after an error (see above)
const char *lexer_token_name(TokenKind k);
// --emit=tokens: one token a line, `LINE:COL KIND 'TEXT'`.
void lexer_dump(FILE *f, Lexer *lx);

#endif
