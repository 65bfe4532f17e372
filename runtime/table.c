// table.c — RFC 4180 CSV: reads a file into memory once, validates it as UTF-8 text, then yields
// records whose fields are unquoted in place. Takes a path (or a memory block); yields
// NUL-terminated fields per record and errors naming the file and line (error.h).
#include "table.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hugepage.h"

// Accepted: quoted fields with commas, doubled quotes and newlines; a UTF-8 BOM; LF or CRLF
// line ends; a last line without a newline, or ending in a lone CR (pandas reads both). A quote inside an unquoted field is kept literally
// (as pandas does); anything after a closing quote other than a comma or line end is an error.

// Line number of byte offset `off`, counted only when an error needs it.
static int64_t line_of(const char *buf, size_t off) {
    int64_t line = 1;
    for (size_t i = 0; i < off; i++)
        line += buf[i] == '\n';
    return line;
}

// Rejects anything that is not UTF-8 text before parsing starts, so the parser never meets a NUL
// (fields are C strings) and a binary file fails at its first bad byte rather than as a CSV.
static int check_text(const RtTable *c, RtError *err) {
    const unsigned char *s = (const unsigned char *)c->buf;
    size_t n = c->len, i = 0;
    while (i < n) {
        unsigned char b = s[i];
        if (b >= 0x20 && b < 0x7f) {
            i++;
            continue;
        }
        if (b == '\n' || b == '\r' || b == '\t') {
            i++;
            continue;
        }
        if (b == 0)
            return rt_err(err, c->path, line_of(c->buf, i),
                          "NUL byte at offset %zu (binary file?)", i);
        if (b < 0x80)
            return rt_err(err, c->path, line_of(c->buf, i),
                          "control byte 0x%02x at offset %zu (binary file?)", b, i);
        // Multi-byte sequence: lead byte gives the length; reject overlongs and surrogates.
        size_t k;
        uint32_t cp;
        if (b >= 0xc2 && b <= 0xdf) {
            k = 1;
            cp = b & 0x1f;
        } else if (b >= 0xe0 && b <= 0xef) {
            k = 2;
            cp = b & 0x0f;
        } else if (b >= 0xf0 && b <= 0xf4) {
            k = 3;
            cp = b & 0x07;
        } else {
            return rt_err(err, c->path, line_of(c->buf, i),
                          "invalid UTF-8 byte 0x%02x at offset %zu", b, i);
        }
        if (i + k >= n)
            return rt_err(err, c->path, line_of(c->buf, i),
                          "truncated UTF-8 sequence at offset %zu", i);
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return rt_err(err, c->path, line_of(c->buf, i),
                              "invalid UTF-8 sequence at offset %zu", i);
            cp = (cp << 6) | (s[i + j] & 0x3f);
        }
        if ((k == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (k == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return rt_err(err, c->path, line_of(c->buf, i),
                          "invalid UTF-8 sequence at offset %zu", i);
        i += k + 1;
    }
    return 0;
}

static int grow_fields(RtTable *c, int32_t need) {
    if (need <= c->cap)
        return 0;
    int32_t cap = c->cap ? c->cap : 16;
    while (cap < need)
        cap *= 2;
    char **f = realloc(c->field, (size_t)cap * sizeof *f);
    if (!f)
        return -1;
    c->field = f;
    int32_t *fl = realloc(c->field_len, (size_t)cap * sizeof *fl);
    if (!fl)
        return -1;
    c->field_len = fl;
    char **h = realloc(c->header, (size_t)cap * sizeof *h);
    if (!h)
        return -1;
    c->header = h;
    c->cap = cap;
    return 0;
}

// Parses one record starting at c->pos. `limit` > 0 caps the field count (the header's width),
// so a runaway line is reported at once instead of growing the field table.
static int parse_record(RtTable *c, int32_t limit, RtError *err) {
    char *buf = c->buf;
    size_t len = c->len, pos = c->pos;
    int64_t line = c->next_line;

    // Skip blank lines (a lone CR as the file's last byte ends a line too, as in pandas).
    while (pos < len && (buf[pos] == '\n' || (buf[pos] == '\r' && (pos + 1 == len ||
                                                                   buf[pos + 1] == '\n')))) {
        pos += buf[pos] == '\r' && pos + 1 < len ? 2 : 1;
        line++;
    }
    if (pos >= len) {
        c->pos = pos;
        c->next_line = line;
        c->n_fields = 0;
        return 0;
    }
    c->line = line;
    int32_t nf = 0;
    for (;;) {
        char *start;
        size_t flen;
        char term;
        if (buf[pos] == '"') {
            int64_t open_line = line;
            size_t dst = ++pos;
            start = buf + dst;
            for (;;) {
                if (pos >= len)
                    return rt_err(err, c->path, open_line,
                                  "unterminated quoted field");
                char ch = buf[pos];
                if (ch == '"') {
                    if (pos + 1 < len && buf[pos + 1] == '"') {
                        buf[dst++] = '"';
                        pos += 2;
                        continue;
                    }
                    pos++;
                    break;
                }
                line += ch == '\n';
                buf[dst++] = ch;
                pos++;
            }
            flen = dst - (size_t)(start - buf);
            term = pos < len ? buf[pos] : '\n';
            if (term != ',' && term != '\n' && term != '\r')
                return rt_err(err, c->path, line,
                              "expected ',' or end of line after closing quote, saw '%c'",
                              term);
            buf[dst] = 0;
        } else {
            start = buf + pos;
            while (pos < len && buf[pos] != ',' && buf[pos] != '\n' && buf[pos] != '\r')
                pos++;
            flen = (size_t)(buf + pos - start);
            term = pos < len ? buf[pos] : '\n';
        }
        if (flen > RT_TABLE_MAX_FIELD)
            return rt_err(err, c->path, c->line,
                          "field %d is %zu bytes long (limit %d)", nf + 1, flen,
                          RT_TABLE_MAX_FIELD);
        if (term == '\r' && !(pos + 1 == len || buf[pos + 1] == '\n'))
            return rt_err(err, c->path, line,
                          "carriage return not followed by a line feed");
        if (limit > 0 && nf >= limit)
            return rt_err(err, c->path, c->line, "expected %d fields, saw more",
                          limit);
        if (grow_fields(c, nf + 1) < 0)
            return rt_err(err, c->path, c->line, "out of memory");
        c->field[nf] = start;
        c->field_len[nf] = (int32_t)flen;
        nf++;
        // Terminate the field in place; the terminator has been read into `term` already.
        start[flen] = 0;
        if (term == ',') {
            pos++;
            if (pos >= len) {   // a trailing comma at the end of the file: one more empty field
                if (limit > 0 && nf >= limit)
                    return rt_err(err, c->path, c->line,
                                  "expected %d fields, saw more", limit);
                if (grow_fields(c, nf + 1) < 0)
                    return rt_err(err, c->path, c->line, "out of memory");
                c->field[nf] = buf + len;
                c->field_len[nf] = 0;
                nf++;
                break;
            }
            continue;
        }
        if (pos < len)
            pos += term == '\r' && pos + 1 < len ? 2 : 1;
        line++;
        break;
    }
    c->pos = pos;
    c->next_line = line;
    c->n_fields = nf;
    if (limit > 0 && nf != limit)
        return rt_err(err, c->path, c->line, "expected %d fields, saw %d", limit, nf);
    return 1;
}

static int start(RtTable *c, RtError *err) {
    size_t off = 0;
    if (c->len >= 3 && memcmp(c->buf, "\xef\xbb\xbf", 3) == 0)
        off = 3;
    if (c->len == off)
        return rt_err(err, c->path, 1, "empty file");
    if (check_text(c, err) < 0)
        return -1;
    c->pos = off;
    c->next_line = 1;
    int r = parse_record(c, 0, err);
    if (r < 0)
        return -1;
    if (r == 0)
        return rt_err(err, c->path, 1, "empty file (blank lines only)");
    c->n_cols = c->n_fields;
    memcpy(c->header, c->field, (size_t)c->n_cols * sizeof *c->header);
    return 0;
}

int rt_table_open_mem(RtTable *c, const char *name, const char *data, size_t len, RtError *err) {
    memset(c, 0, sizeof *c);
    c->path = name;
    c->buf = malloc(len + 1);
    if (!c->buf)
        return rt_err(err, c->path, 0, "out of memory reading %zu bytes", len);
    if (len)
        memcpy(c->buf, data, len);
    c->buf[len] = 0;
    c->len = len;
    return start(c, err);
}

int rt_table_open(RtTable *c, const char *path, RtError *err) {
    memset(c, 0, sizeof *c);
    c->path = path;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return rt_err(err, c->path, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        return rt_err(err, c->path, 0, "cannot read: %s", strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return rt_err(err, c->path, 0, "cannot read: is a directory");
    }
    // A device or pipe (a link to /dev/zero, say) could feed us forever.
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return rt_err(err, c->path, 0, "cannot read: not a regular file");
    }
    // One read of the whole file; the size is a hint only (a file may grow while it is read).
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 65536, len = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (!buf) {
            close(fd);
            return rt_err(err, c->path, 0, "out of memory reading the file");
        }
        rt_huge_hint(buf, cap + 1);     // ratings.csv of ml-25m: 680 MB
        if (len == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap + 1);
            if (!nb)
                free(buf);
            buf = nb;
            continue;
        }
        // Chunks of at most 16 MiB, so a binary file (a huge sparse one, say) stops at its first
        // NUL instead of being read whole; check_text then reports that NUL.
        size_t want = cap - len < (16u << 20) ? cap - len : (16u << 20);
        ssize_t n = read(fd, buf + len, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return rt_err(err, c->path, 0, "cannot read: %s", strerror(e));
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (memchr(buf + len - (size_t)n, 0, (size_t)n))
            break;
    }
    close(fd);
    buf[len] = 0;
    c->buf = buf;
    c->len = len;
    return start(c, err);
}

int rt_table_next(RtTable *c, RtError *err) {
    return parse_record(c, c->n_cols, err);
}

int rt_table_column(const RtTable *c, const char *name) {
    for (int32_t i = 0; i < c->n_cols; i++)
        if (strcmp(c->header[i], name) == 0)
            return i;
    return -1;
}

void rt_table_close(RtTable *c) {
    free(c->buf);
    free(c->field);
    free(c->field_len);
    free(c->header);
    memset(c, 0, sizeof *c);
}
