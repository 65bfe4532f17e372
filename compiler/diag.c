// diag.c — clang-style diagnostics: `file:line:col: error: message`, the source line, a caret.
// Takes locations from every stage; keeps the text of registered sources to quote from.
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Source {
    const char *file;
    const char *text;
    size_t len;
} Source;

static Source sources[16];
static int n_sources;
static int n_errors;

void diag_add_source(const char *file, const char *text, size_t len) {
    if (n_sources == (int)(sizeof sources / sizeof sources[0]))
        n_sources--;  // keep the newest; older files are only quoted without their line
    sources[n_sources++] = (Source){file, text, len};
}

// Length of the well-formed UTF-8 sequence at p (at most n bytes), or 1 for an ASCII or invalid
// byte: quoted lines keep readable text and show stray bytes as '?' rather than garbling the
// terminal.
static size_t utf8_len(const unsigned char *p, size_t n) {
    size_t k = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 1;
    if (p[0] < 0x80 || k > n || (p[0] >= 0x80 && p[0] < 0xc2))
        return 1;
    for (size_t i = 1; i < k; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 1;
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
        (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
        return 1;  // overlong, surrogate or beyond U+10FFFF
    return k;
}

// Prints the line `line` of `file` and a caret under `col`. Tabs are copied into the caret
// line so the caret stays aligned; non-printable bytes are shown as '?'.
static void quote_line(Loc loc) {
    const Source *s = NULL;
    for (int i = n_sources - 1; i >= 0; i--)
        if (loc.file && sources[i].file && strcmp(sources[i].file, loc.file) == 0) {
            s = &sources[i];
            break;
        }
    if (!s || loc.line <= 0)
        return;
    const char *p = s->text, *end = s->text + s->len;
    for (int l = 1; l < loc.line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return;
        p = nl + 1;
    }
    const char *eol = p;
    while (eol < end && *eol != '\n' && *eol != '\r')
        eol++;
    size_t n = (size_t)(eol - p);
    if (n > 200)
        n = 200;  // a 2 MB line is quoted only in part
    fputc(' ', stderr);
    for (size_t i = 0; i < n;) {
        size_t k = utf8_len((const unsigned char *)p + i, n - i);
        if (k > 1) {
            fwrite(p + i, 1, k, stderr);
            i += k;
            continue;
        }
        unsigned char c = (unsigned char)p[i++];
        fputc(c == '\t' || (c >= 0x20 && c < 0x7f) ? c : '?', stderr);
    }
    fputs("\n ", stderr);
    for (int i = 1; i < loc.col && (size_t)(i - 1) < n; i++) {
        unsigned char c = (unsigned char)p[i - 1];
        if ((c & 0xc0) != 0x80)  // one column per character, not per UTF-8 byte
            fputc(c == '\t' ? '\t' : ' ', stderr);
    }
    fputs("^\n", stderr);
}

static void vreport(Loc loc, const char *kind, const char *fmt, va_list ap) {
    if (loc.file && loc.line > 0)
        fprintf(stderr, "%s:%d:%d: %s: ", loc.file, loc.line, loc.col, kind);
    else if (loc.file)
        fprintf(stderr, "%s: %s: ", loc.file, kind);
    else
        fprintf(stderr, "hgnnc: %s: ", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    quote_line(loc);
}

void error_at(Loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vreport(loc, "error", fmt, ap);
    va_end(ap);
    n_errors++;
}

void note_at(Loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vreport(loc, "note", fmt, ap);
    va_end(ap);
}

void fatal_at(Loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vreport(loc, "error", fmt, ap);
    va_end(ap);
    exit(1);
}

int diag_error_count(void) { return n_errors; }

void diag_exit_if_errors(void) {
    if (n_errors)
        exit(1);
}
