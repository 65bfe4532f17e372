// table.h — a delimited-table reader (CSV, TSV, `|`, `::`...) over a file read into memory once.
//
// Fields are unquoted in place and NUL-terminated, so a record's fields are plain C strings. The
// pointers in t->field are replaced by the next call to rt_table_next, but the strings they
// point to stay in place until rt_table_close (the buffer is never reused), so a reader may keep
// them (encode.c does).
// Every error is an RtError (error.h) naming the file and, where there is one, the line.
//
// RtTableOptions is what a data declaration fills (issue 15); all zeros reads today's MovieLens
// CSV: separator detected from the first line, a header row, strict UTF-8.
#ifndef HGNN_TABLE_H
#define HGNN_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define RT_TABLE_MAX_FIELD (1 << 20)    // longest field accepted, in bytes
#define RT_TABLE_MAX_SEP 7              // longest separator, in bytes

typedef enum RtEncoding {
    RT_ENCODING_UTF8,       // valid UTF-8 or an error at the first bad byte (the default)
    RT_ENCODING_LATIN1,     // every byte is one ISO 8859-1 character, converted to UTF-8
    RT_ENCODING_AUTO,       // UTF-8 when the whole file is valid UTF-8, else Latin-1
} RtEncoding;

typedef struct RtTableOptions {
    const char *sep;        // field separator, 1 to RT_TABLE_MAX_SEP bytes ("," "\t" "|" "::");
                            // NULL or "": detected from the first line (see rt_table_open)
    int no_header;          // 1: the first line is a record; columns are named "0", "1", ...
                            // (pandas' header=None)
    RtEncoding encoding;    // text encoding of the file
} RtTableOptions;

typedef struct RtTable {
    const char *path;       // file name used in messages
    char *buf;              // whole file (as UTF-8) plus a NUL; edited in place while parsing
    size_t len;             // bytes in buf, not counting the final NUL
    size_t pos;             // parse cursor
    char sep[RT_TABLE_MAX_SEP + 1];     // the separator in use (declared or detected)
    int32_t sep_len;        // its length in bytes
    int quoting;            // RFC 4180 quotes are recognised (separator ',' or ';')
    int latin1;             // the file was read as Latin-1 (declared, or auto and not UTF-8)
    int pending;            // no_header: the first record is parsed and not yet returned
    int64_t line;           // line on which the current record starts (1-based)
    int64_t next_line;      // line on which the next record starts
    int32_t n_cols;         // fields in the header (or first record); every record has as many
    int32_t n_fields;       // fields in the current record
    char **field;           // n_fields NUL-terminated fields of the current record
    int32_t *field_len;     // their lengths (a field may hold no NUL, so strlen works too)
    char **header;          // n_cols column names
    char *names;            // no_header: storage of the positional names "0", "1", ...
    int32_t cap;            // capacity of field / field_len / header
} RtTable;

// Reads `path` whole and prepares its first record. A UTF-8 BOM is skipped. Text must hold no NUL
// and no control byte other than tab, CR and LF, in any encoding; Latin-1 text is converted to
// UTF-8 before parsing, so every field is UTF-8. Without a declared separator, the first line
// decides: whichever of "::", tab, ',', '|', ';' occurs most often outside quotes (ties in that
// order), ',' when none occurs. RFC 4180 quotes apply only with ',' or ';'; with other
// separators a quote is an ordinary character. opt NULL means all defaults. Returns 0, or -1 with
// a message in err (missing file, empty file, binary data...).
int rt_table_open(RtTable *t, const char *path, const RtTableOptions *opt, RtError *err);
// Same over a copy of `data`; `name` stands in for the file name in messages.
int rt_table_open_mem(RtTable *t, const char *name, const char *data, size_t len,
                      const RtTableOptions *opt, RtError *err);
// Parses the next record into t->field. Returns 1 for a record, 0 at the end of the file, -1
// with a message in err (unterminated quote, wrong field count, field over RT_TABLE_MAX_FIELD...).
// Blank lines between records are skipped.
int rt_table_next(RtTable *t, RtError *err);
// Index of the column named `name`, or -1.
int rt_table_column(const RtTable *t, const char *name);
// Same, but a missing column is an error naming the columns there are:
// "movies.csv:1: error: no column 'genre' (columns: movieId, title, genres)".
int rt_table_need_column(const RtTable *t, const char *name, RtError *err);
void rt_table_close(RtTable *t);

#endif
