// error.h — the runtime's one error type: where (a file, and a line in it) and what (a message).
//
// Runtime modules return -1 (or NULL) and fill an RtError; only the program's edge prints it, once,
// as `hgnn-run: FILE:LINE: error: message` (`hgnn-run: FILE: error: ...` without a line,
// `hgnn-run: error: ...` without a file). Messages are one line, lowercase, with no final period
// and no "error:" of their own.
#ifndef HGNN_ERROR_H
#define HGNN_ERROR_H

#include <stdint.h>
#include <stdio.h>

typedef struct RtError {
    char file[1024];        // where: the file the message is about; "" when none
    int64_t line;           // its 1-based line; 0 when none
    char msg[1024];         // what: one line
} RtError;

// Sets *e (when e is not NULL) to the message at file:line (file NULL or "": none; line <= 0:
// none) and returns -1, so a failing function can end with `return rt_err(...)`.
int rt_err(RtError *e, const char *file, int64_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
// Names the file an error is about when the module that raised it could not: the model file
// whose settings a module refused, say. An error that already names a file keeps it.
void rt_err_file(RtError *e, const char *file);
// The one format: "FILE:LINE: error: message", "FILE: error: message" or "error: message" in
// buf; returns buf.
const char *rt_err_text(const RtError *e, char *buf, size_t n);
// rt_err_text into a buffer that lives until the end of the enclosing block (tests, messages).
#define RT_ERR_TEXT(e) rt_err_text((e), (char[2200]){0}, 2200)
// Prints `PROG: ` and the error's text as one line on f.
void rt_err_print(FILE *f, const char *prog, const RtError *e);
// Text from a file (a field, a column name) as it may appear inside a one-line message: line
// breaks shown as \n and \r, other control characters as \xNN, cut with "..." after about max bytes (at a character boundary) or
// where out (size bytes, at least 8) is full. Returns out.
const char *rt_excerpt(const char *s, size_t max, char *out, size_t size);

#endif
