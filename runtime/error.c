// error.c — the runtime's error values (error.h): set where a module fails, printed once by the
// program's edge. Takes a place and a printf message; yields one line.
#include "error.h"

#include <stdarg.h>
#include <string.h>

// Newlines and other control characters become spaces: a message is one line whatever a file
// name or a quoted field held.
static void one_line(char *s) {
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = ' ';
}

int rt_err(RtError *e, const char *file, int64_t line, const char *fmt, ...) {
    if (!e)
        return -1;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line > 0 && file && *file ? line : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    one_line(e->file);
    one_line(e->msg);
    return -1;
}

void rt_err_file(RtError *e, const char *file) {
    if (e && !e->file[0] && file) {
        snprintf(e->file, sizeof e->file, "%s", file);
        one_line(e->file);
    }
}

const char *rt_err_text(const RtError *e, char *buf, size_t n) {
    if (e->file[0] && e->line > 0)
        snprintf(buf, n, "%s:%lld: error: %s", e->file, (long long)e->line, e->msg);
    else if (e->file[0])
        snprintf(buf, n, "%s: error: %s", e->file, e->msg);
    else
        snprintf(buf, n, "error: %s", e->msg);
    return buf;
}

void rt_err_print(FILE *f, const char *prog, const RtError *e) {
    char buf[sizeof e->file + sizeof e->msg + 64];
    fprintf(f, "%s: %s\n", prog, rt_err_text(e, buf, sizeof buf));
}

const char *rt_excerpt(const char *s, size_t max, char *out, size_t size) {
    size_t n = 0;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (n + 8 >= size || (n >= max && (ch & 0xc0) != 0x80)) {
            memcpy(out + n, "...", 3);
            n += 3;
            break;
        }
        if (ch == '\n' || ch == '\r') {
            out[n++] = '\\';
            out[n++] = ch == '\n' ? 'n' : 'r';
        } else if (ch < 0x20 || ch == 0x7f) {
            n += (size_t)snprintf(out + n, size - n, "\\x%02x", ch);
        } else {
            out[n++] = (char)ch;
        }
    }
    out[n] = 0;
    return out;
}
