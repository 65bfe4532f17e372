// diag.h — source locations and clang-style diagnostics shared by every compiler stage.
#ifndef HGNN_DIAG_H
#define HGNN_DIAG_H

#include <stddef.h>

typedef struct Loc {
    const char *file;   // path as given on the command line
    int line, col;      // 1-based; 0 when unknown
} Loc;

// Registers the text of a source file so diagnostics can quote its lines.
void diag_add_source(const char *file, const char *text, size_t len);
// Prints `file:line:col: error: message`, the source line and a caret; counts the error.
void error_at(Loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
// Same, as a note attached to the previous error (e.g. "previous declaration is here").
void note_at(Loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
// error_at, then exit(1): for errors after which nothing sensible can follow.
_Noreturn void fatal_at(Loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int diag_error_count(void);
// exit(1) when any error was reported.
void diag_exit_if_errors(void);

#endif
