// json.h — a tiny JSON writer into a growable buffer (metrics, safetensors headers), a small
// tree parser for the headers we read back (safetensors), and the crash-safe file write all our
// outputs go through. Not a general JSON library: numbers are doubles, depth is capped.
#ifndef HGNN_JSON_H
#define HGNN_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

// Writer. Calls nest like the document; commas and colons are placed automatically.
typedef struct RtJson {
    char *buf;                  // NUL-terminated text written so far
    size_t len, cap;
    int depth;
    unsigned char count[64];    // values written at each depth (0 = no comma needed yet)
    int after_key;              // the next value follows a key
    int oom;                    // an allocation failed; the text is incomplete
    int pretty;                 // newline + indent before each member
} RtJson;

void rt_json_init(RtJson *j, int pretty);
void rt_json_free(RtJson *j);
void rt_json_object(RtJson *j);     // {
void rt_json_array(RtJson *j);      // [
void rt_json_end_object(RtJson *j); // }
void rt_json_end_array(RtJson *j);  // ]
void rt_json_key(RtJson *j, const char *key);
void rt_json_str(RtJson *j, const char *s);
void rt_json_int(RtJson *j, int64_t v);
void rt_json_u64(RtJson *j, uint64_t v);
void rt_json_num(RtJson *j, double v);  // shortest round-trip form; NaN and inf become null
void rt_json_f32(RtJson *j, float v);   // shortest form that reads back as the same float
void rt_json_bool(RtJson *j, int v);
void rt_json_null(RtJson *j);
void rt_json_raw(RtJson *j, const char *text, size_t n);    // appends text as is (padding)

// Parser.
typedef enum { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ } RtJsonKind;

typedef struct RtJsonValue RtJsonValue;
struct RtJsonValue {
    RtJsonKind kind;
    double num;             // JV_NUM, JV_BOOL
    char *str;              // JV_STR
    int64_t n;              // JV_ARR, JV_OBJ: number of items
    char **keys;            // JV_OBJ: n keys
    RtJsonValue *items;     // JV_ARR, JV_OBJ: n values
};

// Parses text[0..len). Returns 0 and fills *out, or -1 with a message ("at byte N: ...") in err.
int rt_json_parse(const char *text, size_t len, RtJsonValue *out, RtError *err);
void rt_json_value_free(RtJsonValue *v);
// The value of `key` in object `obj`, or NULL.
const RtJsonValue *rt_json_get(const RtJsonValue *obj, const char *key);

// The whole file at path in a malloc'd buffer with a NUL after it; *len gets its size. NULL with
// err naming path when it cannot be opened ("cannot open WHAT: why"), holds more than max bytes,
// or cannot be read; what names the file in those messages ("the search space").
char *rt_file_read(const char *path, const char *what, size_t max, size_t *len, RtError *err);

// Writes the concatenation of parts[0..n) to `path` so that a crash at any moment leaves either
// the old file or the complete new one: a temporary file beside it, fsync, rename, fsync of the
// directory. Returns 0, or -1 with err naming PATH (the temporary file is removed).
int rt_file_write_atomic(const char *path, const void *const *parts, const size_t *sizes, int n,
                         RtError *err);

#endif
