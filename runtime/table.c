// table.c — delimited tables (CSV, TSV, '|', '::'...): reads a file into memory once, validates
// it as text (UTF-8 or Latin-1, converted), then yields records whose fields are unquoted in
// place. Takes a path (or a memory block) and RtTableOptions; yields NUL-terminated fields per
// record and errors naming the file and line (error.h).
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

// Accepted: quoted fields (with ',' or ';' as the separator) holding separators, doubled quotes
// and newlines; a UTF-8 BOM; LF or CRLF line ends; a last line without a newline, or ending in a
// lone CR (pandas reads both). A quote inside an unquoted field is kept literally (as pandas
// does); anything after a closing quote other than the separator or a line end is an error.

// Line number of byte offset `off`, counted only when an error needs it.
static int64_t line_of(const char *buf, size_t off) {
    int64_t line = 1;
    for (size_t i = 0; i < off; i++)
        line += buf[i] == '\n';
    return line;
}

// Rejects anything that is not text before parsing starts, so the parser never meets a NUL
// (fields are C strings) and a binary file fails at its first bad byte rather than as a table.
// With utf8 set, bytes from 0x80 must form UTF-8; without, each is a Latin-1 character.
static int check_text(const RtTable *t, size_t i, int utf8, RtError *err) {
    const unsigned char *s = (const unsigned char *)t->buf;
    size_t n = t->len;
    while (i < n) {
        unsigned char b = s[i];
        if (b >= 0x20 && b < 0x7f) {
            i++;
            continue;
        }
        if (b == '\n' || b == '\r' || b == '\t' || (b >= 0x80 && !utf8)) {
            i++;
            continue;
        }
        if (b == 0)
            return rt_err(err, t->path, line_of(t->buf, i),
                          "NUL byte at offset %zu (binary file?)", i);
        if (b < 0x80)
            return rt_err(err, t->path, line_of(t->buf, i),
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
            return rt_err(err, t->path, line_of(t->buf, i),
                          "invalid UTF-8 byte 0x%02x at offset %zu", b, i);
        }
        if (i + k >= n)
            return rt_err(err, t->path, line_of(t->buf, i),
                          "truncated UTF-8 sequence at offset %zu", i);
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return rt_err(err, t->path, line_of(t->buf, i),
                              "invalid UTF-8 sequence at offset %zu", i);
            cp = (cp << 6) | (s[i + j] & 0x3f);
        }
        if ((k == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (k == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return rt_err(err, t->path, line_of(t->buf, i),
                          "invalid UTF-8 sequence at offset %zu", i);
        i += k + 1;
    }
    return 0;
}

static int grow_fields(RtTable *t, int32_t need) {
    if (need <= t->cap)
        return 0;
    int32_t cap = t->cap ? t->cap : 16;
    while (cap < need)
        cap *= 2;
    char **f = realloc(t->field, (size_t)cap * sizeof *f);
    if (!f)
        return -1;
    t->field = f;
    int32_t *fl = realloc(t->field_len, (size_t)cap * sizeof *fl);
    if (!fl)
        return -1;
    t->field_len = fl;
    char **h = realloc(t->header, (size_t)cap * sizeof *h);
    if (!h)
        return -1;
    t->header = h;
    t->cap = cap;
    return 0;
}

// Whether the separator starts at buf[pos] (pos < len).
static inline int at_sep(const RtTable *t, size_t pos) {
    if (t->buf[pos] != t->sep[0])
        return 0;
    return t->sep_len == 1 ||
           (pos + (size_t)t->sep_len <= t->len &&
            memcmp(t->buf + pos, t->sep, (size_t)t->sep_len) == 0);
}

// Makes room for field nf of the current record; `limit` > 0 caps the field count. Called only
// when nf reaches the capacity or the limit, so the common field costs one comparison.
static int room_for_field(RtTable *t, int32_t nf, int32_t limit, RtError *err) {
    if (limit > 0 && nf >= limit)
        return rt_err(err, t->path, t->line, "expected %d fields, saw more", limit);
    if (grow_fields(t, nf + 1) < 0)
        return rt_err(err, t->path, t->line, "out of memory");
    return 0;
}

// Parses one record starting at t->pos. `limit` > 0 caps the field count (the header's width),
// so a runaway line is reported at once instead of growing the field table.
static int parse_record(RtTable *t, int32_t limit, RtError *err) {
    char *buf = t->buf;
    size_t len = t->len, pos = t->pos, sl = (size_t)t->sep_len;
    int64_t line = t->next_line;
    char s0 = t->sep[0];

    // Skip blank lines (a lone CR as the file's last byte ends a line too, as in pandas).
    while (pos < len && (buf[pos] == '\n' || (buf[pos] == '\r' && (pos + 1 == len ||
                                                                   buf[pos + 1] == '\n')))) {
        pos += buf[pos] == '\r' && pos + 1 < len ? 2 : 1;
        line++;
    }
    if (pos >= len) {
        t->pos = pos;
        t->next_line = line;
        t->n_fields = 0;
        return 0;
    }
    t->line = line;
    int32_t nf = 0;
    for (;;) {
        char *start;
        size_t flen;
        int sep_next;       // the field ends at a separator (else at a line end or the end)
        if (t->quoting && buf[pos] == '"') {
            int64_t open_line = line;
            size_t dst = ++pos;
            start = buf + dst;
            for (;;) {
                if (pos >= len)
                    return rt_err(err, t->path, open_line, "unterminated quoted field");
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
            sep_next = pos < len && at_sep(t, pos);
            if (pos < len && !sep_next && buf[pos] != '\n' && buf[pos] != '\r')
                return rt_err(err, t->path, line,
                              "expected '%s' or end of line after closing quote, saw '%c'",
                              t->sep, buf[pos]);
            buf[dst] = 0;
        } else {
            start = buf + pos;
            if (sl == 1) {
                while (pos < len && buf[pos] != s0 && buf[pos] != '\n' && buf[pos] != '\r')
                    pos++;
            } else {
                while (pos < len && buf[pos] != '\n' && buf[pos] != '\r' && !at_sep(t, pos))
                    pos++;
            }
            flen = (size_t)(buf + pos - start);
            sep_next = pos < len && buf[pos] != '\n' && buf[pos] != '\r';
        }
        if (flen > RT_TABLE_MAX_FIELD)
            return rt_err(err, t->path, t->line, "field %d is %zu bytes long (limit %d)", nf + 1,
                          flen, RT_TABLE_MAX_FIELD);
        if (pos < len && buf[pos] == '\r' && !(pos + 1 == len || buf[pos + 1] == '\n'))
            return rt_err(err, t->path, line, "carriage return not followed by a line feed");
        if ((nf >= t->cap || (limit > 0 && nf >= limit)) && room_for_field(t, nf, limit, err) < 0)
            return -1;
        t->field[nf] = start;
        t->field_len[nf++] = (int32_t)flen;
        if (sep_next) {
            // Terminate the field in place: the separator's first byte is no longer needed.
            start[flen] = 0;
            pos += sl;
            if (pos >= len) {   // a separator ending the file: one more empty field
                if ((nf >= t->cap || (limit > 0 && nf >= limit)) &&
                    room_for_field(t, nf, limit, err) < 0)
                    return -1;
                t->field[nf] = buf + len;
                t->field_len[nf++] = 0;
                break;
            }
            continue;
        }
        int cr = pos < len && buf[pos] == '\r';
        start[flen] = 0;
        if (pos < len)
            pos += cr && pos + 1 < len ? 2 : 1;
        line++;
        break;
    }
    t->pos = pos;
    t->next_line = line;
    t->n_fields = nf;
    if (limit > 0 && nf != limit)
        return rt_err(err, t->path, t->line, "expected %d fields, saw %d", limit, nf);
    return 1;
}

// The separator a first line suggests: the candidate seen most often outside quotes, the
// earlier in the list on a tie, ',' when there is none.
static void detect_sep(RtTable *t, size_t pos) {
    static const char *const cand[] = {"::", "\t", ",", "|", ";"};
    int64_t count[5] = {0};
    int quoted = 0;
    for (size_t i = pos; i < t->len && (quoted || t->buf[i] != '\n'); i++) {
        char ch = t->buf[i];
        if (ch == '"') {
            quoted = !quoted;
            continue;
        }
        if (quoted)
            continue;
        if (ch == ':' && i + 1 < t->len && t->buf[i + 1] == ':') {
            count[0]++;
            i++;
            continue;
        }
        for (int k = 1; k < 5; k++)
            count[k] += ch == cand[k][0];
    }
    int best = 2;
    for (int k = 0; k < 5; k++)
        if (count[k] > count[best] || (count[k] == count[best] && count[k] > 0 && k < best))
            best = k;
    snprintf(t->sep, sizeof t->sep, "%s", cand[best]);
}

// Rewrites buf[off..len) from Latin-1 to UTF-8 (bytes from 0x80 become two bytes).
static int latin1_to_utf8(RtTable *t, size_t off) {
    size_t extra = 0;
    for (size_t i = off; i < t->len; i++)
        extra += (unsigned char)t->buf[i] >= 0x80;
    char *out = malloc(t->len - off + extra + 1);
    if (!out)
        return -1;
    size_t n = 0;
    for (size_t i = off; i < t->len; i++) {
        unsigned char b = (unsigned char)t->buf[i];
        if (b < 0x80) {
            out[n++] = (char)b;
        } else {
            out[n++] = (char)(0xc0 | (b >> 6));
            out[n++] = (char)(0x80 | (b & 0x3f));
        }
    }
    out[n] = 0;
    free(t->buf);
    t->buf = out;
    t->len = n;
    return 0;
}

static int start(RtTable *t, const RtTableOptions *opt, RtError *err) {
    static const RtTableOptions defaults = {0};
    if (!opt)
        opt = &defaults;
    size_t off = 0;
    if (t->len >= 3 && memcmp(t->buf, "\xef\xbb\xbf", 3) == 0)
        off = 3;
    if (t->len == off)
        return rt_err(err, t->path, 1, "empty file");
    if (opt->sep && opt->sep[0]) {
        size_t n = strlen(opt->sep);
        if (n > RT_TABLE_MAX_SEP || strpbrk(opt->sep, "\"\r\n")) {
            char shown[24];
            rt_excerpt(opt->sep, sizeof shown - 8, shown, sizeof shown);
            return rt_err(err, t->path, 0,
                          "separator '%s' is not supported (1 to %d bytes, no quote or line end)",
                          shown, RT_TABLE_MAX_SEP);
        }
        memcpy(t->sep, opt->sep, n + 1);
    }
    // Encoding: strict UTF-8 reports its first bad byte; auto falls back to Latin-1 unless the
    // problem is one no encoding allows (a NUL or control byte).
    int utf8 = opt->encoding != RT_ENCODING_LATIN1;
    if (opt->encoding == RT_ENCODING_AUTO && check_text(t, off, 1, NULL) < 0)
        utf8 = 0;
    if (check_text(t, off, utf8, err) < 0)
        return -1;
    if (!utf8) {
        if (latin1_to_utf8(t, off) < 0)
            return rt_err(err, t->path, 0, "out of memory converting from Latin-1");
        off = 0;
        t->latin1 = 1;
    }
    if (!t->sep[0])
        detect_sep(t, off);
    t->sep_len = (int32_t)strlen(t->sep);
    t->quoting = strcmp(t->sep, ",") == 0 || strcmp(t->sep, ";") == 0;
    t->pos = off;
    t->next_line = 1;
    int r = parse_record(t, 0, err);
    if (r < 0)
        return -1;
    if (r == 0)
        return rt_err(err, t->path, 1, "empty file (blank lines only)");
    t->n_cols = t->n_fields;
    if (!opt->no_header) {
        memcpy(t->header, t->field, (size_t)t->n_cols * sizeof *t->header);
        return 0;
    }
    // Positional names, as pandas' header=None: "0", "1", ...; the record is returned first.
    t->names = malloc((size_t)t->n_cols * 12);
    if (!t->names)
        return rt_err(err, t->path, 0, "out of memory");
    for (int32_t i = 0; i < t->n_cols; i++) {
        t->header[i] = t->names + (size_t)i * 12;
        snprintf(t->header[i], 12, "%d", i);
    }
    t->pending = 1;
    return 0;
}

int rt_table_open_mem(RtTable *t, const char *name, const char *data, size_t len,
                      const RtTableOptions *opt, RtError *err) {
    memset(t, 0, sizeof *t);
    t->path = name;
    t->buf = malloc(len + 1);
    if (!t->buf)
        return rt_err(err, t->path, 0, "out of memory reading %zu bytes", len);
    if (len)
        memcpy(t->buf, data, len);
    t->buf[len] = 0;
    t->len = len;
    return start(t, opt, err);
}

int rt_table_open(RtTable *t, const char *path, const RtTableOptions *opt, RtError *err) {
    memset(t, 0, sizeof *t);
    t->path = path;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return rt_err(err, t->path, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        return rt_err(err, t->path, 0, "cannot read: %s", strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return rt_err(err, t->path, 0, "cannot read: is a directory");
    }
    // A device or pipe (a link to /dev/zero, say) could feed us forever.
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return rt_err(err, t->path, 0, "cannot read: not a regular file");
    }
    // One read of the whole file; the size is a hint only (a file may grow while it is read).
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 65536, len = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (!buf) {
            close(fd);
            return rt_err(err, t->path, 0, "out of memory reading the file");
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
            return rt_err(err, t->path, 0, "cannot read: %s", strerror(e));
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (memchr(buf + len - (size_t)n, 0, (size_t)n))
            break;
    }
    close(fd);
    buf[len] = 0;
    t->buf = buf;
    t->len = len;
    return start(t, opt, err);
}

int rt_table_next(RtTable *t, RtError *err) {
    if (t->pending) {
        t->pending = 0;
        return 1;
    }
    return parse_record(t, t->n_cols, err);
}

int rt_table_column(const RtTable *t, const char *name) {
    for (int32_t i = 0; i < t->n_cols; i++)
        if (strcmp(t->header[i], name) == 0)
            return i;
    return -1;
}

int rt_table_need_column(const RtTable *t, const char *name, RtError *err) {
    int i = rt_table_column(t, name);
    if (i >= 0)
        return i;
    // The list is cut to fit the message (a header of thousands of columns).
    char list[640], want[80];
    size_t n = 0;
    list[0] = 0;
    for (int32_t k = 0; k < t->n_cols; k++) {
        if (n + 80 >= sizeof list) {
            memcpy(list + n, ", ...", 6);
            break;
        }
        if (k) {
            memcpy(list + n, ", ", 3);
            n += 2;
        }
        n += strlen(rt_excerpt(t->header[k], 64, list + n, 72));
    }
    rt_excerpt(name, sizeof want - 8, want, sizeof want);
    rt_err(err, t->path, t->names ? 0 : 1, "no column '%s' (columns: %s)", want, list);
    return -1;
}

void rt_table_close(RtTable *t) {
    free(t->buf);
    free(t->field);
    free(t->field_len);
    free(t->header);
    free(t->names);
    memset(t, 0, sizeof *t);
}
