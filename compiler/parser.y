/* parser.y — the .hgnn grammar (docs/dsl.md has it in EBNF). A pure bison parser over the
 * tokens of lexer.h; each action is one call to an ast_* constructor (STYLE 3). Syntax errors
 * read "expected X, saw Y"; recovery restarts at the next declaration or statement. */
%define api.pure full
%define api.prefix {hgnn_pp}
%define parse.error custom
%parse-param {struct ParseState *ps}
%lex-param {struct ParseState *ps}

%code requires {
#include "ast.h"
#include "lexer.h"
struct ParseState;
}

%code provides {
struct ParseState {
    Arena *arena;
    Lexer *lexer;
    Token last;         // the most recent token, for "saw ..." in messages
    Token prev;         // the one before it
    AstNode *root;
    int stopped;        // too many errors: behave as if the input ended
};
}

%code {
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define YYMAXDEPTH 10000
#define MAX_ERRORS 20

static int hgnn_pplex(HGNN_PPSTYPE *lval, struct ParseState *ps);
static void hgnn_pperror(struct ParseState *ps, const char *msg);
static AstNode *call(struct ParseState *ps, Token callee, AstList args);
#define A (ps->arena)
}

%union {
    Token tok;
    AstNode *node;
    AstList list;
}

%token <tok> IDENT "identifier" INT "integer" FLOAT "number" STRING "string"
%token <tok> MODEL "'model'" NODE "'node'" EDGE "'edge'" REVERSE "'reverse'" INPUT "'input'"
%token <tok> TO_HETERO "'to_hetero'" RETURN "'return'" CLASSIFIER "'classifier'"
%token <tok> LOSS "'loss'" TRAIN "'train'"
%token <tok> ARROW "'->'" LPAREN "'('" RPAREN "')'" LBRACE "'{'" RBRACE "'}'"
%token <tok> LBRACKET "'['" RBRACKET "']'" COMMA "','" COLON "':'" DOT "'.'" EQ "'='"
%token <tok> PLUS "'+'" MINUS "'-'" STAR "'*'"

%type <node> decl item column reverse_opt stmt setting expr primary arg call_arg
%type <list> decls items item_list block_opt options_opt stmts settings args args_opt kwargs_opt
%type <list> call_args call_args_opt
%type <tok> model_name

%left PLUS MINUS
%left STAR
%precedence UMINUS

%%

file
    : MODEL model_name decls            { ps->root = ast_model(A, $1.loc, $2.text, $2.loc, $3); }
    ;

model_name
    : IDENT
    | STRING
    ;

decls
    : %empty                            { $$ = ast_list_new(); }
    | decls decl                        { $$ = ast_list_append($1, $2); }
    | decls error                       { $$ = $1; }
    ;

decl
    : NODE IDENT block_opt              { $$ = ast_node_type(A, $1.loc, $2.text, $2.loc, $3); }
    | EDGE IDENT COLON IDENT ARROW IDENT reverse_opt block_opt
                                        { $$ = ast_edge_type(A, $1.loc, $2.text, $2.loc,
                                                             ast_name(A, $4.loc, $4.text),
                                                             ast_name(A, $6.loc, $6.text), $7,
                                                             $8); }
    | IDENT EQ expr                     { $$ = ast_decl(A, ND_ASSIGN, $1.loc, $1.text, $1.loc,
                                                        $3); }
    | IDENT EQ TO_HETERO kwargs_opt LBRACE stmts RBRACE
                                        { $$ = ast_gnn(A, $1.loc, $1.text, $1.loc, $4, $6); }
    | INPUT IDENT EQ expr               { $$ = ast_decl(A, ND_INPUT, $1.loc, $2.text, $2.loc, $4); }
    | CLASSIFIER expr                   { $$ = ast_unary(A, ND_CLASSIFIER, $1.loc, $2); }
    | LOSS expr                         { $$ = ast_unary(A, ND_LOSS, $1.loc, $2); }
    | TRAIN LBRACE settings RBRACE      { $$ = ast_train(A, $1.loc, $3); }
    ;

/* A node or edge type's block: features and data items, separated by newlines or commas. */
block_opt
    : %empty                            { $$ = ast_list_new(); }
    | LBRACE items RBRACE               { $$ = $2; }
    ;

items
    : %empty                            { $$ = ast_list_new(); }
    | item_list
    ;

item_list
    : item                              { $$ = ast_list_append(ast_list_new(), $1); }
    | item_list item                    { $$ = ast_list_append($1, $2); }
    | item_list COMMA item              { $$ = ast_list_append($1, $3); }
    ;

item
    : IDENT COLON expr                  { $$ = ast_feature(A, $1.loc, $1.text, $3, NULL); }
    | IDENT COLON expr EQ expr          { $$ = ast_feature(A, $1.loc, $1.text, $3, $5); }
    | IDENT EQ expr                     { $$ = ast_feature(A, $1.loc, $1.text, NULL, $3); }
    | IDENT column options_opt          { $$ = ast_item(A, $1.loc, $1.text, $2, $3); }
    ;

column
    : IDENT                             { $$ = ast_name(A, $1.loc, $1.text); }
    | STRING                            { $$ = ast_string(A, $1.loc, $1.text); }
    ;

options_opt
    : %empty                            { $$ = ast_list_new(); }
    | LPAREN args_opt RPAREN            { $$ = $2; }
    ;

reverse_opt
    : %empty                            { $$ = NULL; }
    | REVERSE IDENT                     { $$ = ast_name(A, $2.loc, $2.text); }
    ;

kwargs_opt
    : %empty                            { $$ = ast_list_new(); }
    | LPAREN args_opt RPAREN            { $$ = $2; }
    ;

stmts
    : %empty                            { $$ = ast_list_new(); }
    | stmts stmt                        { $$ = ast_list_append($1, $2); }
    | stmts error                       { $$ = $1; }
    ;

stmt
    : IDENT EQ expr                     { $$ = ast_decl(A, ND_ASSIGN, $1.loc, $1.text, $1.loc,
                                                        $3); }
    | RETURN expr                       { $$ = ast_unary(A, ND_RETURN, $1.loc, $2); }
    ;

settings
    : %empty                            { $$ = ast_list_new(); }
    | settings setting                  { $$ = ast_list_append($1, $2); }
    | settings error                    { $$ = $1; }
    ;

setting
    : IDENT EQ expr                     { $$ = ast_decl(A, ND_SETTING, $1.loc, $1.text, $1.loc,
                                                        $3); }
    ;

expr
    : expr PLUS expr                    { $$ = ast_binary(A, ND_ADD, $2.loc, $1, $3); }
    | expr MINUS expr                   { $$ = ast_binary(A, ND_SUB, $2.loc, $1, $3); }
    | expr STAR expr                    { $$ = ast_binary(A, ND_MUL, $2.loc, $1, $3); }
    | MINUS expr %prec UMINUS           { $$ = ast_neg(A, $1.loc, $2); }
    | primary
    ;

primary
    : INT                               { $$ = ast_int(A, $1.loc, $1.ival); }
    | FLOAT                             { $$ = ast_float(A, $1.loc, $1.fval); }
    | STRING                            { $$ = ast_string(A, $1.loc, $1.text); }
    | IDENT                             { $$ = ast_name(A, $1.loc, $1.text); }
    | primary DOT IDENT                  { $$ = ast_member(A, $3.loc, $1, $3.text); }
    | IDENT LPAREN call_args_opt RPAREN { $$ = call(ps, $1, $3); }
    | LPAREN expr RPAREN                { $$ = $2; }
    | LBRACKET args_opt RBRACKET        { $$ = ast_list(A, $1.loc, $2); }
    ;

args_opt
    : %empty                            { $$ = ast_list_new(); }
    | args
    | args COMMA
    ;

args
    : arg                               { $$ = ast_list_append(ast_list_new(), $1); }
    | args COMMA arg                    { $$ = ast_list_append($1, $3); }
    ;

arg
    : expr
    | IDENT EQ expr                     { $$ = ast_decl(A, ND_KWARG, $1.loc, $1.text, $1.loc, $3); }
    ;

/* A call's arguments are args, or a pair `(a, b)`: GATConv's in_channels (IN_src, IN_dst). */
call_args_opt
    : %empty                            { $$ = ast_list_new(); }
    | call_args
    | call_args COMMA
    ;

call_args
    : call_arg                          { $$ = ast_list_append(ast_list_new(), $1); }
    | call_args COMMA call_arg          { $$ = ast_list_append($1, $3); }
    ;

call_arg
    : arg
    | LPAREN expr COMMA expr RPAREN     { $$ = ast_tuple(A, $1.loc, $2, $4); }
    ;

%%

static int hgnn_pplex(HGNN_PPSTYPE *lval, struct ParseState *ps) {
    static const int map[TK_COUNT] = {
        [TK_EOF] = HGNN_PPEOF, [TK_IDENT] = IDENT, [TK_INT] = INT, [TK_FLOAT] = FLOAT,
        [TK_STRING] = STRING, [TK_MODEL] = MODEL, [TK_NODE] = NODE, [TK_EDGE] = EDGE,
        [TK_REVERSE] = REVERSE, [TK_INPUT] = INPUT, [TK_TO_HETERO] = TO_HETERO,
        [TK_RETURN] = RETURN, [TK_CLASSIFIER] = CLASSIFIER, [TK_LOSS] = LOSS, [TK_TRAIN] = TRAIN,
        [TK_ARROW] = ARROW, [TK_LPAREN] = LPAREN, [TK_RPAREN] = RPAREN, [TK_LBRACE] = LBRACE,
        [TK_RBRACE] = RBRACE, [TK_LBRACKET] = LBRACKET, [TK_RBRACKET] = RBRACKET,
        [TK_COMMA] = COMMA, [TK_COLON] = COLON, [TK_DOT] = DOT, [TK_EQ] = EQ, [TK_PLUS] = PLUS,
        [TK_MINUS] = MINUS, [TK_STAR] = STAR, [TK_ERROR] = HGNN_PPUNDEF,
    };
    Token t = ps->stopped ? (Token){.kind = TK_EOF, .loc = ps->last.loc, .text = ""}
                          : lexer_next(ps->lexer);
    ps->prev = ps->last;
    ps->last = t;
    lval->tok = t;
    return map[t.kind];
}

// Describes the token the parser stopped at: its kind, and its text when that helps.
static const char *saw(struct ParseState *ps, char *buf, size_t n) {
    const Token *t = &ps->last;
    switch (t->kind) {
    case TK_IDENT:
        snprintf(buf, n, "identifier '%.40s%s'", t->text, strlen(t->text) > 40 ? "..." : "");
        break;
    case TK_INT:
    case TK_FLOAT:
        snprintf(buf, n, "number %.40s", t->text);
        break;
    default:
        snprintf(buf, n, "%s", lexer_token_name(t->kind));
        break;
    }
    return buf;
}

// Past MAX_ERRORS the parser stops: yylex then says end of file, and nothing more is reported.
static void count_error(struct ParseState *ps) {
    if (diag_error_count() >= MAX_ERRORS && !ps->stopped) {
        error_at(ps->last.loc, "too many errors, stopping");
        ps->stopped = 1;
    }
}

// After a word in a node or edge type's block the parser takes a feature (`x: 20`, `x = ...`) or
// a data item (`table "f.csv"`, `key movieId`): say which one the word begins.
static int block_word_error(struct ParseState *ps, const yysymbol_kind_t *expected, int n) {
    if (n != 4 || ps->prev.kind != TK_IDENT)
        return 0;
    for (int i = 0; i < n; i++)
        if (expected[i] != YYSYMBOL_IDENT && expected[i] != YYSYMBOL_STRING &&
            expected[i] != YYSYMBOL_COLON && expected[i] != YYSYMBOL_EQ)
            return 0;
    static const char *const items[] = {"table", "key", "display", "src", "dst", "label"};
    const char *w = ps->prev.text, *what = "':'";
    for (int i = 0; i < 6; i++)
        if (strcmp(w, items[i]) == 0)
            what = i == 0 ? "a file name in quotes" : "a column (a name, or a string)";
    char seen[128];
    error_at(ps->last.loc, "expected %s, saw %s", what, saw(ps, seen, sizeof seen));
    count_error(ps);
    return 1;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, struct ParseState *ps) {
    if (ps->stopped || lexer_stopped(ps->lexer))
        return 0;  // the input was cut short on purpose; its end is no news
    enum { MAX_EXPECTED = 5 };
    yysymbol_kind_t expected[MAX_EXPECTED];
    int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
    if (block_word_error(ps, expected, n))
        return 0;
    char what[512] = "", seen[128];
    size_t len = 0;
    // More than four alternatives read as noise; say what was seen only.
    if (n > 0 && n < MAX_EXPECTED) {
        for (int i = 0; i < n; i++) {
            const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
            len += (size_t)snprintf(what + len, sizeof what - len, "%s%s", sep,
                                    yysymbol_name(expected[i]));
        }
        int in_parens = 0;
        for (int i = 0; i < n; i++)
            in_parens |= expected[i] == YYSYMBOL_RPAREN;
        if (in_parens && ps->last.kind == TK_COMMA)  // `(a, b)` where an expression goes
            error_at(ps->last.loc, "expected %s, saw ','; a tuple (IN_src, IN_dst) is only "
                                   "gat's first argument", what);
        else
            error_at(ps->last.loc, "expected %s, saw %s", what, saw(ps, seen, sizeof seen));
    } else {
        error_at(ps->last.loc, "unexpected %s", saw(ps, seen, sizeof seen));
    }
    count_error(ps);
    return 0;
}

// A call; a tuple among its arguments must be gat's first, the only place PyG takes a pair
// (GATConv's in_channels). Reported as a syntax error, so sema never sees a misplaced tuple.
static AstNode *call(struct ParseState *ps, Token callee, AstList args) {
    int pos = 0;
    for (AstNode *a = args.head; a; a = a->next) {
        bool gat = strcmp(callee.text, "gat") == 0;
        if (a->kind == ND_TUPLE && (pos != 0 || !gat)) {
            if (gat)
                error_at(a->loc, "a tuple (IN_src, IN_dst) is only gat's first argument");
            else
                error_at(a->loc, "'%s' takes no tuple; a tuple (IN_src, IN_dst) is only gat's "
                                 "first argument", callee.text);
            count_error(ps);
        }
        pos += a->kind != ND_KWARG;
    }
    return ast_call(ps->arena, callee.loc, callee.text, args);
}

static void hgnn_pperror(struct ParseState *ps, const char *msg) {
    if (strstr(msg, "exhausted"))
        error_at(ps->last.loc, "expression is nested too deeply");
    else
        error_at(ps->last.loc, "%s", msg);
    count_error(ps);
}

AstNode *parser_parse(Arena *a, const char *file, const char *text, size_t len) {
    struct ParseState ps = {.arena = a, .lexer = lexer_new(a, file, text, len)};
    hgnn_ppparse(&ps);
    lexer_free(ps.lexer);
    return ps.root;
}
