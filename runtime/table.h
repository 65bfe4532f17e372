// table.h — an RFC 4180 CSV reader over a file read into memory once.
//
// Fields are unquoted in place and NUL-terminated, so a record's fields are plain C strings that
// stay valid until the next call to rt_table_next (the header's stay valid until rt_table_close).
// Every error is an RtError (error.h) naming the file and, where there is one, the line.
#ifndef HGNN_TABLE_H
#define HGNN_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define RT_TABLE_MAX_FIELD (1 << 20)      // longest field accepted, in bytes

typedef struct RtTable {
    const char *path;       // file name used in messages
    char *buf;              // whole file plus a NUL; edited in place while parsing
    size_t len;             // bytes in buf, not counting the final NUL
    size_t pos;             // parse cursor
    int64_t line;           // line on which the current record starts (1-based)
    int64_t next_line;      // line on which the next record starts
    int32_t n_cols;         // fields in the header; every record must have as many
    int32_t n_fields;       // fields in the current record
    char **field;           // n_fields NUL-terminated fields of the current record
    int32_t *field_len;     // their lengths (a field may hold no NUL, so strlen works too)
    char **header;          // n_cols header names
    int32_t cap;            // capacity of field / field_len / header
} RtTable;

// Reads `path` whole, checks it is UTF-8 text (no NUL or control bytes), skips a BOM and parses
// the header. Returns 0, or -1 with a message in err (missing file, empty file, binary data...).
int rt_table_open(RtTable *c, const char *path, RtError *err);
// Same over a copy of `data`; `name` stands in for the file name in messages.
int rt_table_open_mem(RtTable *c, const char *name, const char *data, size_t len, RtError *err);
// Parses the next record into c->field. Returns 1 for a record, 0 at the end of the file, -1
// with a message in err (unterminated quote, wrong field count, field over RT_TABLE_MAX_FIELD...).
// Blank lines between records are skipped.
int rt_table_next(RtTable *c, RtError *err);
// Index of the header column named `name`, or -1.
int rt_table_column(const RtTable *c, const char *name);
void rt_table_close(RtTable *c);


#endif
