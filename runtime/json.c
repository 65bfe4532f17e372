// json.c — JSON text for metrics files and safetensors headers, and a recursive-descent parser
// for reading safetensors headers back. Input comes from files users hand us, so the parser
// bounds depth, checks every length and never reads past `len`.
#include "json.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DEPTH 64

static void put(RtJson *j, const char *s, size_t n) {
    if (j->oom)
        return;
    if (j->len + n + 1 > j->cap) {
        size_t cap = j->cap ? j->cap : 256;
        while (cap < j->len + n + 1)
            cap *= 2;
        char *b = realloc(j->buf, cap);
        if (!b) {
            j->oom = 1;
            return;
        }
        j->buf = b;
        j->cap = cap;
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    j->buf[j->len] = 0;
}

static void puts_(RtJson *j, const char *s) { put(j, s, strlen(s)); }

void rt_json_init(RtJson *j, int pretty) {
    memset(j, 0, sizeof *j);
    j->pretty = pretty;
    put(j, "", 0);
}

void rt_json_free(RtJson *j) {
    free(j->buf);
    memset(j, 0, sizeof *j);
}

static void newline(RtJson *j) {
    if (!j->pretty)
        return;
    put(j, "\n", 1);
    for (int i = 0; i < j->depth; i++)
        put(j, "  ", 2);
}

// Separates a value from the previous one: nothing after a key, else a comma if needed.
static void before_value(RtJson *j) {
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (j->depth > 0) {
        if (j->count[j->depth])
            put(j, ",", 1);
        newline(j);
    }
    if (j->count[j->depth] < 255)
        j->count[j->depth]++;
}

static void open_(RtJson *j, const char *c) {
    before_value(j);
    puts_(j, c);
    if (j->depth + 1 < (int)sizeof j->count)
        j->depth++;
    j->count[j->depth] = 0;
}

static void close_(RtJson *j, const char *c) {
    int had = j->count[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (had)
        newline(j);
    puts_(j, c);
}

void rt_json_object(RtJson *j) { open_(j, "{"); }
void rt_json_array(RtJson *j) { open_(j, "["); }
void rt_json_end_object(RtJson *j) { close_(j, "}"); }
void rt_json_end_array(RtJson *j) { close_(j, "]"); }

static void quoted(RtJson *j, const char *s) {
    put(j, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        switch (*p) {
        case '"': puts_(j, "\\\""); break;
        case '\\': puts_(j, "\\\\"); break;
        case '\n': puts_(j, "\\n"); break;
        case '\r': puts_(j, "\\r"); break;
        case '\t': puts_(j, "\\t"); break;
        default:
            if (*p < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                puts_(j, esc);
            } else {
                put(j, (const char *)p, 1);
            }
        }
    }
    put(j, "\"", 1);
}

void rt_json_key(RtJson *j, const char *key) {
    before_value(j);
    quoted(j, key);
    put(j, j->pretty ? ": " : ":", j->pretty ? 2 : 1);
    j->after_key = 1;
}

void rt_json_str(RtJson *j, const char *s) {
    before_value(j);
    quoted(j, s);
}

void rt_json_int(RtJson *j, int64_t v) {
    char b[32];
    before_value(j);
    snprintf(b, sizeof b, "%lld", (long long)v);
    puts_(j, b);
}

void rt_json_u64(RtJson *j, uint64_t v) {
    char b[32];
    before_value(j);
    snprintf(b, sizeof b, "%llu", (unsigned long long)v);
    puts_(j, b);
}

void rt_json_num(RtJson *j, double v) {
    char b[40];
    before_value(j);
    if (!isfinite(v)) {
        puts_(j, "null");
        return;
    }
    // The shortest %.{15,16,17}g that reads back as the same double.
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(b, sizeof b, "%.*g", prec, v);
        if (strtod(b, NULL) == v)
            break;
    }
    puts_(j, b);
}

void rt_json_f32(RtJson *j, float v) {
    char b[40];
    before_value(j);
    if (!isfinite(v)) {
        puts_(j, "null");
        return;
    }
    for (int prec = 6; prec <= 9; prec++) {
        snprintf(b, sizeof b, "%.*g", prec, (double)v);
        if (strtof(b, NULL) == v)
            break;
    }
    puts_(j, b);
}

void rt_json_bool(RtJson *j, int v) {
    before_value(j);
    puts_(j, v ? "true" : "false");
}

void rt_json_null(RtJson *j) {
    before_value(j);
    puts_(j, "null");
}

void rt_json_raw(RtJson *j, const char *text, size_t n) { put(j, text, n); }

// ---- parser

typedef struct Parser {
    const char *s;
    size_t len, pos;
    RtError *err;
    int failed;
} Parser;

static int fail(Parser *p, const char *fmt, ...) {
    if (!p->failed) {
        char msg[200];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        rt_err(p->err, NULL, 0, "at byte %zu: %s", p->pos, msg);
        p->failed = 1;
    }
    return -1;
}

static void skip_ws(Parser *p) {
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
                               p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
        p->pos++;
}

static int literal(Parser *p, const char *word) {
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
        return fail(p, "expected '%s'", word);
    p->pos += n;
    return 0;
}

static int hex4(Parser *p, unsigned *out) {
    if (p->len - p->pos < 4)
        return fail(p, "truncated \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p->s[p->pos++];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return fail(p, "bad \\u escape");
    }
    *out = v;
    return 0;
}

static int parse_string(Parser *p, char **out) {
    p->pos++;   // opening quote
    size_t cap = 16, n = 0;
    char *b = malloc(cap);
    if (!b)
        return fail(p, "out of memory");
    for (;;) {
        if (p->pos >= p->len) {
            free(b);
            return fail(p, "unterminated string");
        }
        unsigned char c = (unsigned char)p->s[p->pos++];
        char tmp[4];
        size_t k = 1;
        if (c == '"')
            break;
        if (c < 0x20) {
            free(b);
            return fail(p, "control character in string");
        }
        tmp[0] = (char)c;
        if (c == '\\') {
            if (p->pos >= p->len) {
                free(b);
                return fail(p, "unterminated string");
            }
            char e = p->s[p->pos++];
            unsigned u = 0;
            switch (e) {
            case '"': case '\\': case '/': tmp[0] = e; break;
            case 'b': tmp[0] = '\b'; break;
            case 'f': tmp[0] = '\f'; break;
            case 'n': tmp[0] = '\n'; break;
            case 'r': tmp[0] = '\r'; break;
            case 't': tmp[0] = '\t'; break;
            case 'u':
                if (hex4(p, &u) < 0) {
                    free(b);
                    return -1;
                }
                // Names we compare against are ASCII; other code points are kept as UTF-8
                // (surrogate pairs are not combined, which no tensor name needs).
                if (u == 0) {
                    free(b);
                    return fail(p, "NUL in string");
                }
                if (u < 0x80) {
                    tmp[0] = (char)u;
                } else if (u < 0x800) {
                    tmp[0] = (char)(0xc0 | (u >> 6));
                    tmp[1] = (char)(0x80 | (u & 0x3f));
                    k = 2;
                } else {
                    tmp[0] = (char)(0xe0 | (u >> 12));
                    tmp[1] = (char)(0x80 | ((u >> 6) & 0x3f));
                    tmp[2] = (char)(0x80 | (u & 0x3f));
                    k = 3;
                }
                break;
            default:
                free(b);
                // Echo only printable bytes: a raw newline here would split the one-line error.
                if ((unsigned char)e >= 0x20 && (unsigned char)e < 0x7f)
                    return fail(p, "bad escape '\\%c'", e);
                return fail(p, "bad escape: byte 0x%02x after '\\'", (unsigned char)e);
            }
        }
        if (n + k + 1 > cap) {
            cap *= 2;
            char *nb = realloc(b, cap);
            if (!nb) {
                free(b);
                return fail(p, "out of memory");
            }
            b = nb;
        }
        memcpy(b + n, tmp, k);
        n += k;
    }
    b[n] = 0;
    *out = b;
    return 0;
}

static int parse_number(Parser *p, double *out) {
    size_t start = p->pos;
    if (p->pos < p->len && p->s[p->pos] == '-')
        p->pos++;
    while (p->pos < p->len && strchr("0123456789.eE+-", p->s[p->pos]) && p->s[p->pos])
        p->pos++;
    size_t n = p->pos - start;
    if (n == 0 || n > 60)
        return fail(p, "bad number");
    char b[64];
    memcpy(b, p->s + start, n);
    b[n] = 0;
    char *end;
    *out = strtod(b, &end);
    if (end != b + n || (b[0] != '-' && (b[0] < '0' || b[0] > '9')))
        return fail(p, "bad number '%s'", b);
    return 0;
}

static int parse_value(Parser *p, RtJsonValue *v, int depth);

// Appends one item to an array or object under construction.
static RtJsonValue *grow(Parser *p, RtJsonValue *v, int64_t *cap) {
    if (v->n == *cap) {
        int64_t nc = *cap ? *cap * 2 : 8;
        RtJsonValue *items = realloc(v->items, (size_t)nc * sizeof *items);
        if (!items) {
            fail(p, "out of memory");
            return NULL;
        }
        v->items = items;
        if (v->kind == JV_OBJ) {
            char **keys = realloc(v->keys, (size_t)nc * sizeof *keys);
            if (!keys) {
                fail(p, "out of memory");
                return NULL;
            }
            v->keys = keys;
        }
        *cap = nc;
    }
    RtJsonValue *item = &v->items[v->n];
    memset(item, 0, sizeof *item);
    return item;
}

static int parse_container(Parser *p, RtJsonValue *v, int depth) {
    int is_obj = p->s[p->pos] == '{';
    char close = is_obj ? '}' : ']';
    v->kind = is_obj ? JV_OBJ : JV_ARR;
    p->pos++;
    int64_t cap = 0;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
        return 0;
    }
    for (;;) {
        RtJsonValue *item = grow(p, v, &cap);
        if (!item)
            return -1;
        char *key = NULL;
        if (is_obj) {
            skip_ws(p);
            if (p->pos >= p->len || p->s[p->pos] != '"')
                return fail(p, "expected a key string");
            if (parse_string(p, &key) < 0)
                return -1;
            skip_ws(p);
            if (p->pos >= p->len || p->s[p->pos] != ':') {
                free(key);
                return fail(p, "expected ':'");
            }
            p->pos++;
        }
        if (parse_value(p, item, depth + 1) < 0) {
            free(key);
            rt_json_value_free(item);
            return -1;
        }
        if (is_obj)
            v->keys[v->n] = key;
        v->n++;
        skip_ws(p);
        if (p->pos >= p->len)
            return fail(p, "unexpected end, expected ',' or '%c'", close);
        char c = p->s[p->pos++];
        if (c == close)
            return 0;
        if (c != ',' && (unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
            return fail(p, "expected ',' or '%c', saw '%c'", close, c);
        if (c != ',')
            return fail(p, "expected ',' or '%c', saw byte 0x%02x", close, (unsigned char)c);
    }
}

static int parse_value(Parser *p, RtJsonValue *v, int depth) {
    memset(v, 0, sizeof *v);
    if (depth > MAX_DEPTH)
        return fail(p, "nested deeper than %d", MAX_DEPTH);
    skip_ws(p);
    if (p->pos >= p->len)
        return fail(p, "unexpected end of input");
    char c = p->s[p->pos];
    switch (c) {
    case '{':
    case '[':
        return parse_container(p, v, depth);
    case '"':
        v->kind = JV_STR;
        return parse_string(p, &v->str);
    case 't':
        v->kind = JV_BOOL;
        v->num = 1;
        return literal(p, "true");
    case 'f':
        v->kind = JV_BOOL;
        return literal(p, "false");
    case 'n':
        v->kind = JV_NULL;
        return literal(p, "null");
    default:
        v->kind = JV_NUM;
        if (c == '-' || (c >= '0' && c <= '9'))
            return parse_number(p, &v->num);
        if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
            return fail(p, "unexpected '%c'", c);
        return fail(p, "unexpected byte 0x%02x", (unsigned char)c);
    }
}

int rt_json_parse(const char *text, size_t len, RtJsonValue *out, RtError *err) {
    Parser p = {.s = text, .len = len, .err = err};
    if (parse_value(&p, out, 0) < 0) {
        rt_json_value_free(out);
        return -1;
    }
    skip_ws(&p);
    if (p.pos != p.len) {
        fail(&p, "trailing data after the JSON value");
        rt_json_value_free(out);
        return -1;
    }
    return 0;
}

void rt_json_value_free(RtJsonValue *v) {
    if (v->kind == JV_STR)
        free(v->str);
    if (v->kind == JV_ARR || v->kind == JV_OBJ) {
        for (int64_t i = 0; i < v->n; i++) {
            rt_json_value_free(&v->items[i]);
            if (v->keys)
                free(v->keys[i]);
        }
        free(v->items);
        free(v->keys);
    }
    memset(v, 0, sizeof *v);
}

const RtJsonValue *rt_json_get(const RtJsonValue *obj, const char *key) {
    if (obj->kind != JV_OBJ)
        return NULL;
    for (int64_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return &obj->items[i];
    return NULL;
}

// ---- crash-safe output

char *rt_file_read(const char *path, const char *what, size_t max, size_t *len, RtError *err) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        rt_err(err, path, 0, "cannot open %s: %s", what, strerror(errno));
        return NULL;
    }
    char *text = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 4096 > cap) {
            int big = cap > max;    // read past max already: refused below
            char *t = big ? NULL : realloc(text, cap * 2 + 4096);
            if (!t) {
                free(text);
                fclose(f);
                rt_err(err, path, 0, big ? "%s is at most %zu MiB" : "out of memory for %s",
                       what, max >> 20);
                return NULL;
            }
            text = t;
            cap = cap * 2 + 4096;
        }
        got = fread(text + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    int bad = ferror(f);
    fclose(f);
    if (bad || n > max) {
        free(text);
        rt_err(err, path, 0, bad ? "cannot read %s" : "%s is at most %zu MiB", what, max >> 20);
        return NULL;
    }
    text[n] = 0;
    *len = n;
    return text;
}

int rt_file_write_atomic(const char *path, const void *const *parts, const size_t *sizes, int n,
                         RtError *err) {
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp) {
        rt_err(err, path, 0, "path too long");
        return -1;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        rt_err(err, path, 0, "cannot create: %s", strerror(errno));
        return -1;
    }
    for (int i = 0; i < n; i++) {
        const char *p = parts[i];
        size_t left = sizes[i];
        while (left > 0) {
            ssize_t w = write(fd, p, left);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                rt_err(err, path, 0, "write failed: %s",
                       w < 0 ? strerror(errno) : "no progress");
                close(fd);
                unlink(tmp);
                return -1;
            }
            p += w;
            left -= (size_t)w;
        }
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        rt_err(err, path, 0, "cannot flush to disk: %s", strerror(errno));
        unlink(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        rt_err(err, path, 0, "cannot rename into place: %s", strerror(errno));
        unlink(tmp);
        return -1;
    }
    // The rename itself is durable only once the directory is synced.
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    int dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}
