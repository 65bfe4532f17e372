// source_edit.c — rt_source_set (source_edit.h): a light scan of .hgnn text (comments, strings,
// brace depth, statement starts) finds a top-level constant or a train setting and replaces its
// value in place, or adds the setting to the train block; nothing else of the text changes.
#include "source_edit.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Span {
    size_t at, end;     // the value's bytes [at, end)
    int found;
} Span;

static int ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

static size_t skip_blank(const char *t, size_t i, size_t len) {
    while (i < len && (t[i] == ' ' || t[i] == '\t'))
        i++;
    return i;
}

// The extent of a train setting's value from i: a [list], or a run of characters up to a blank,
// a comment or a brace.
static size_t value_end(const char *t, size_t i, size_t len) {
    if (i < len && t[i] == '[') {
        while (i < len && t[i] != ']' && t[i] != '\n')
            i++;
        return i < len && t[i] == ']' ? i + 1 : i;
    }
    while (i < len && !isspace((unsigned char)t[i]) && t[i] != '#' && t[i] != '}' && t[i] != '{')
        i++;
    return i;
}

// A constant's value from i: the rest of the line, without a comment or trailing blanks.
static size_t line_value_end(const char *t, size_t i, size_t len) {
    size_t e = i;
    while (e < len && t[e] != '\n' && t[e] != '#')
        e++;
    while (e > i && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r'))
        e--;
    return e;
}

typedef struct Scan {
    Span constant, setting;
    int in_train_seen;
    size_t train_close;     // the train block's '}', when in_train_seen
    int other;              // NAME is something else at the top level (a layer, a block)
} Scan;

static void scan(const char *t, size_t len, const char *name, Scan *s) {
    size_t n = strlen(name);
    int depth = 0, paren = 0, first = 1, in_train = 0;
    char head[32] = "";     // the first identifier of the current top-level statement
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < len;) {
        char c = t[i];
        if (c == '#') {
            while (i < len && t[i] != '\n')
                i++;
            continue;
        }
        if (c == '\n') {
            if (paren == 0 && depth == 0)
                first = 1;
            i++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            i++;
            continue;
        }
        if (c == '"') {
            for (i++; i < len && t[i] != '"' && t[i] != '\n'; i++)
                if (t[i] == '\\' && i + 1 < len)
                    i++;
            i++;
            first = 0;
            continue;
        }
        if (c == '{') {
            if (depth == 0 && paren == 0)
                in_train = strcmp(head, "train") == 0;
            depth++;
            i++;
            continue;
        }
        if (c == '}') {
            if (depth > 0)
                depth--;
            if (depth == 0 && in_train) {
                s->in_train_seen = 1;
                s->train_close = i;
                in_train = 0;
            }
            if (depth == 0)
                first = 1;
            i++;
            continue;
        }
        if (c == '(' || c == '[') {
            paren++;
            i++;
            first = 0;
            continue;
        }
        if (c == ')' || c == ']') {
            if (paren > 0)
                paren--;
            i++;
            continue;
        }
        if (ident_char(c)) {
            size_t b = i;
            while (i < len && ident_char(t[i]))
                i++;
            size_t w = i - b;
            int statement_first = first && depth == 0 && paren == 0;
            if (statement_first) {
                size_t k = w < sizeof head - 1 ? w : sizeof head - 1;
                memcpy(head, t + b, k);
                head[k] = 0;
            }
            first = 0;
            if (w != n || memcmp(t + b, name, n) != 0)
                continue;
            size_t j = skip_blank(t, i, len);
            if (j >= len || t[j] != '=' || (j + 1 < len && t[j + 1] == '='))
                continue;
            size_t v = skip_blank(t, j + 1, len);
            if (statement_first && !s->constant.found) {
                size_t e = line_value_end(t, v, len);
                // `name = layer(...)` or `name = to_hetero(...) {`: not a constant
                size_t k = v;
                while (k < e && ident_char(t[k]))
                    k++;
                if ((k > v && k < e && t[k] == '(') || memchr(t + v, '{', e - v))
                    s->other = 1;
                else
                    s->constant = (Span){v, e, 1};
            } else if (in_train && depth == 1 && paren == 0 && !s->setting.found) {
                s->setting = (Span){v, value_end(t, v, len), 1};
            }
        } else {
            i++;
            first = 0;
        }
    }
}

// text with [at, end) replaced by ins.
static char *splice(const char *t, size_t len, size_t at, size_t end, const char *ins,
                    size_t *out_len) {
    size_t k = strlen(ins), n = len - (end - at) + k;
    char *o = malloc(n + 1);
    if (!o)
        return NULL;
    memcpy(o, t, at);
    memcpy(o + at, ins, k);
    memcpy(o + at + k, t + end, len - end);
    o[n] = 0;
    *out_len = n;
    return o;
}

char *rt_source_set(const char *path, const char *text, size_t len, const char *name,
                    const char *value, size_t *out_len, RtError *err) {
    Scan s;
    scan(text, len, name, &s);
    char *o = NULL;
    if (s.other) {
        rt_err(err, path, 0, "'%s' is a layer or a block, not a constant or a train setting",
               name);
        return NULL;
    }
    if (s.constant.found) {
        o = splice(text, len, s.constant.at, s.constant.end, value, out_len);
    } else if (s.setting.found) {
        o = splice(text, len, s.setting.at, s.setting.end, value, out_len);
    } else if (s.in_train_seen) {
        // Before the train block's '}': on a line of its own when the '}' starts its line.
        size_t at = s.train_close, b = at;
        while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\t'))
            b--;
        size_t k = strlen(name) + strlen(value) + 16;
        char *ins = malloc(k);
        if (ins) {
            if (b == 0 || text[b - 1] == '\n')
                snprintf(ins, k, "    %s = %s\n", name, value), at = b;
            else
                snprintf(ins, k, "  %s = %s ", name, value);
            o = splice(text, len, at, at, ins, out_len);
            free(ins);
        }
    } else {
        size_t k = strlen(name) + strlen(value) + 32;
        char *ins = malloc(k);
        if (ins) {
            snprintf(ins, k, "%strain {\n    %s = %s\n}\n",
                     len && text[len - 1] != '\n' ? "\n" : "", name, value);
            o = splice(text, len, len, len, ins, out_len);
            free(ins);
        }
    }
    if (!o)
        rt_err(err, path, 0, "out of memory");
    return o;
}
