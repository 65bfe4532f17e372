// test_table.c — the table reader on each layout (TSV, '|' Latin-1, '::', detection), on RFC 4180
// edge cases and on malformed input: each good case checks every field, each bad case the exact
// one-line message.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "table.h"

// Parses `text` and compares every record with `want`: fields separated by '|', records by '\n'
// (so expected fields must not contain '|' or a newline; those cases are checked by hand).
static void expect_records(const char *text, size_t len, const RtTableOptions *opt,
                           const char *want, int line) {
    RtTable c;
    RtError err = {0};
    char got[4096] = "";
    if (rt_table_open_mem(&c, "t.csv", text, len, opt, &err) < 0) {
        fprintf(stderr, "line %d: unexpected RT_ERR_TEXT(&error): %s\n", line, RT_ERR_TEXT(&err));
        failures++;
        return;
    }
    size_t n = 0;
    for (int i = 0; i < c.n_cols; i++)
        n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", i ? "|" : "", c.header[i]);
    int r;
    while ((r = rt_table_next(&c, &err)) > 0) {
        n += (size_t)snprintf(got + n, sizeof got - n, "\n");
        for (int i = 0; i < c.n_fields; i++) {
            CHECK((int)strlen(c.field[i]) == c.field_len[i]);
            n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", i ? "|" : "", c.field[i]);
        }
    }
    if (r < 0 || strcmp(got, want) != 0) {
        fprintf(stderr, "line %d: want\n%s\ngot\n%s\n(err: %s)\n", line, want, got,
                r < 0 ? RT_ERR_TEXT(&err) : "");
        failures++;
    }
    rt_table_close(&c);
}
#define RECORDS(text, want) expect_records(text, sizeof(text) - 1, NULL, want, __LINE__)
#define RECORDS_OPT(text, opt, want) expect_records(text, sizeof(text) - 1, opt, want, __LINE__)

// Expects an error (from open or from any record) equal to `want`.
static void expect_error(const char *text, size_t len, const RtTableOptions *opt,
                         const char *want, int line) {
    RtTable c;
    RtError err = {0};
    int r = rt_table_open_mem(&c, "t.csv", text, len, opt, &err);
    if (r == 0)
        while ((r = rt_table_next(&c, &err)) > 0) {
        }
    if (r >= 0 || strcmp(RT_ERR_TEXT(&err), want) != 0) {
        fprintf(stderr, "line %d: want error '%s', got r=%d '%s'\n", line, want, r,
                RT_ERR_TEXT(&err));
        failures++;
    }
    CHECK(strchr(RT_ERR_TEXT(&err), '\n') == NULL);
    rt_table_close(&c);
}
#define ERROR(text, want) expect_error(text, sizeof(text) - 1, NULL, want, __LINE__)
#define ERROR_OPT(text, opt, want) expect_error(text, sizeof(text) - 1, opt, want, __LINE__)

// Layouts other than CSV: separators, no header, Latin-1, detection.
static void test_layouts(void) {
    // TSV without a header: columns "0", "1", ...; the first line is a record.
    RtTableOptions tsv = {.sep = "\t", .no_header = 1};
    RECORDS_OPT("1\t2\t3\n4\t\t6\n", &tsv, "0|1|2\n1|2|3\n4||6");
    RtTableOptions none = {.no_header = 1};     // and the tab detected
    RECORDS_OPT("1\t2\t3\n4\t5\t6", &none, "0|1|2\n1|2|3\n4|5|6");
    // With tabs a quote is an ordinary character.
    RECORDS("a\tb\n\"x\"\t\"y\n", "a|b\n\"x\"|\"y");
    ERROR_OPT("1\t2\n\n3\n", &tsv, "t.csv:3: error: expected 2 fields, saw 1");

    // '|'-separated Latin-1 with binary genre flags (MovieLens 100k's u.item): titles come out
    // as UTF-8; auto reads the same; strict UTF-8 refuses the byte.
    const char item[] = "1|Toy Story (1995)|0|1\n2|Caf\xe9 \xc0 la carte (1994)|1|0\n";
    RtTableOptions l1 = {.sep = "|", .no_header = 1, .encoding = RT_ENCODING_LATIN1};
    const char *want =
        "0|1|2|3\n1|Toy Story (1995)|0|1\n2|Caf\xc3\xa9 \xc3\x80 la carte (1994)|1|0";
    RECORDS_OPT(item, &l1, want);
    RtTableOptions au = {.no_header = 1, .encoding = RT_ENCODING_AUTO};
    RECORDS_OPT(item, &au, want);
    ERROR(item, "t.csv:2: error: invalid UTF-8 sequence at offset 28");
    // auto keeps valid UTF-8 as it is; NUL and control bytes stay refused in Latin-1.
    RtTableOptions auto_enc = {.encoding = RT_ENCODING_AUTO};
    RECORDS_OPT("a,b\ncaf\xc3\xa9,1\n", &auto_enc, "a|b\ncaf\xc3\xa9|1");
    RtTableOptions latin1 = {.encoding = RT_ENCODING_LATIN1};
    ERROR_OPT("a,b\n\xe9,\0\n", &latin1, "t.csv:2: error: NUL byte at offset 6 (binary file?)");
    ERROR_OPT("a,b\n\xe9,\x01\n", &auto_enc,
              "t.csv:2: error: control byte 0x01 at offset 6 (binary file?)");

    // '::' (MovieLens 1M's ratings.dat), detected; a single ':' is part of a field.
    RECORDS_OPT("1::1193::5::978300760\n1::661:x::3::978302109\n", &none,
                "0|1|2|3\n1|1193|5|978300760\n1|661:x|3|978302109");
    RECORDS("a::b\n1::", "a|b\n1|");     // a separator ending the file: an empty field
    ERROR("a::b\n1::2\n3::4::5\n", "t.csv:3: error: expected 2 fields, saw more");
    // movies.dat: "::" beats '|' on a tie.
    RECORDS_OPT("1::Toy Story (1995)::Animation|Comedy\n", &none,
                "0|1|2\n1|Toy Story (1995)|Animation|Comedy");

    // Detection: ';' (with RFC 4180 quotes), and ',' on a tie with '|' or ';'.
    RECORDS("a;b;c\n1;\"x;y\";3\n", "a|b|c\n1|x;y|3");
    RECORDS("a,b;c\n1,2;3\n", "a|b;c\n1|2;3");
    RECORDS("abc\n1\n", "abc\n1");      // one column: no separator at all
    // A declared separator wins over what the first line suggests.
    RtTableOptions semi = {.sep = ";"};
    RECORDS_OPT("a,b;c\n1,2;3\n", &semi, "a,b|c\n1,2|3");
    RtTableOptions comma = {.sep = ","};
    RECORDS_OPT("a\tb,c\n1\t2,3\n", &comma, "a\tb|c\n1\t2|3");
    RtTableOptions newline = {.sep = ",\n"};
    ERROR_OPT("a\n", &newline, "t.csv: error: separator ',\\n' is not supported "
                               "(1 to 7 bytes, no quote or line end)");
    RtTableOptions quote = {.sep = "\""};
    ERROR_OPT("a\n", &quote, "t.csv: error: separator '\"' is not supported "
                             "(1 to 7 bytes, no quote or line end)");

    // A missing column: the message lists the columns there are.
    RtTable c;
    RtError err = {0};
    CHECK(rt_table_open_mem(&c, "movies.csv", "movieId,title,genres\n", 21, NULL, &err) == 0);
    CHECK(rt_table_need_column(&c, "genres", &err) == 2);
    CHECK(rt_table_need_column(&c, "genre", &err) == -1);
    CHECK(strcmp(RT_ERR_TEXT(&err),
                 "movies.csv:1: error: no column 'genre' (columns: movieId, title, genres)") == 0);
    rt_table_close(&c);
    CHECK(rt_table_open_mem(&c, "u.data", "1\t2\n", 4, &none, &err) == 0);
    CHECK(rt_table_need_column(&c, "1", &err) == 1);
    CHECK(rt_table_need_column(&c, "user\n", &err) == -1);
    CHECK(strcmp(RT_ERR_TEXT(&err), "u.data: error: no column 'user\\n' (columns: 0, 1)") == 0);
    rt_table_close(&c);
}

int main(void) {
    test_layouts();
    RECORDS("a,b\n1,2\n", "a|b\n1|2");
    RECORDS("a,b\n1,2", "a|b\n1|2");                             // no final newline
    RECORDS("a,b\r\n1,2\r\n3,4", "a|b\n1|2\n3|4");               // CRLF
    RECORDS("\xef\xbb\xbf" "a,b\n1,2\n", "a|b\n1|2");            // BOM
    RECORDS("a,b\n\"x,y\",2\n", "a|b\nx,y|2");                  // comma in quotes
    RECORDS("a,b\n\"say \"\"hi\"\"\",2\n", "a|b\nsay \"hi\"|2"); // doubled quotes
    RECORDS("a,b\n\"\",\"\"\n", "a|b\n|");                      // empty quoted fields
    RECORDS("a,b\n,\n", "a|b\n|");                              // empty fields
    RECORDS("a,b\n1,\n", "a|b\n1|");
    RECORDS("a,b\n1,", "a|b\n1|");                              // trailing comma at EOF
    RECORDS("a,b\n1,2\n\n3,4\n\n", "a|b\n1|2\n3|4");             // blank lines skipped
    RECORDS("a,b\n1,x\"y\n", "a|b\n1|x\"y");                     // literal quote mid-field
    RECORDS("a,b\n\"caf\xc3\xa9\",\xe2\x82\xac\n", "a|b\ncaf\xc3\xa9|\xe2\x82\xac"); // UTF-8
    RECORDS("a,b\n\"x\",\"y\"\r\n", "a|b\nx|y");                 // quoted then CRLF
    RECORDS("a,b\n1,2\r", "a|b\n1|2");                          // lone CR ends the file
    RECORDS("a,b\r\n1,2\r", "a|b\n1|2");
    RECORDS("a,b\n\"x\",\"y\"\r", "a|b\nx|y");                   // ... after a quote
    RECORDS("a,b\n1,\r", "a|b\n1|");                            // ... after an empty field
    RECORDS("a,b\n1,2\n\r", "a|b\n1|2");                         // ... as a blank last line
    RECORDS("a,b\r", "a|b");                                    // ... after the header

    // A newline inside quotes: one record, and the next record's line number counts it.
    {
        const char text[] = "a,b\n\"l1\nl2\",2\n3,4,5\n";
        RtTable c;
        RtError err = {0};
        CHECK(rt_table_open_mem(&c, "t.csv", text, sizeof text - 1, NULL, &err) == 0);
        CHECK(rt_table_next(&c, &err) == 1);
        CHECK(strcmp(c.field[0], "l1\nl2") == 0 && strcmp(c.field[1], "2") == 0);
        CHECK(c.line == 2);
        CHECK(rt_table_next(&c, &err) == -1);
        CHECK(strcmp(RT_ERR_TEXT(&err), "t.csv:4: error: expected 2 fields, saw more") == 0);
        rt_table_close(&c);
    }
    // Column lookup by name.
    {
        RtTable c;
        RtError err = {0};
        CHECK(rt_table_open_mem(&c, "t.csv", "x,y,z\n", 6, NULL, &err) == 0);
        CHECK(rt_table_column(&c, "z") == 2 && rt_table_column(&c, "w") == -1);
        CHECK(rt_table_next(&c, &err) == 0);    // header only: no records
        rt_table_close(&c);
    }

    ERROR("", "t.csv:1: error: empty file");
    ERROR("\xef\xbb\xbf", "t.csv:1: error: empty file");
    ERROR("\n\n", "t.csv:1: error: empty file (blank lines only)");
    ERROR("a,b\n\"open,2\n", "t.csv:2: error: unterminated quoted field");
    ERROR("a,b\n1,2\n3,\"x\n\n", "t.csv:3: error: unterminated quoted field");
    ERROR("a,b\n\"x\"y,2\n",
          "t.csv:2: error: expected ',' or end of line after closing quote, saw 'y'");
    ERROR("a,b\n1,2\n3\n", "t.csv:3: error: expected 2 fields, saw 1");
    ERROR("a,b\n1,2,3\n", "t.csv:2: error: expected 2 fields, saw more");
    ERROR("a,b\n1\r2,3\n", "t.csv:2: error: carriage return not followed by a line feed");
    ERROR("a,b\n1,2\r\r", "t.csv:2: error: carriage return not followed by a line feed");
    ERROR("a,b\n1,2\n3,\0\n", "t.csv:3: error: NUL byte at offset 10 (binary file?)");
    ERROR("a,b\n\x01\x02,2\n", "t.csv:2: error: control byte 0x01 at offset 4 (binary file?)");
    ERROR("a,b\n\xff\xfe,2\n", "t.csv:2: error: invalid UTF-8 byte 0xff at offset 4");
    ERROR("a,b\n\xc3(,2\n", "t.csv:2: error: invalid UTF-8 sequence at offset 4");
    ERROR("a,b\n1,\xe2\x82", "t.csv:2: error: truncated UTF-8 sequence at offset 6");
    ERROR("a,b\n\xed\xa0\x80,2\n",
          "t.csv:2: error: invalid UTF-8 sequence at offset 4"); // surrogate

    // A 3 MB field, unquoted and quoted, is refused; one of exactly the limit is accepted.
    {
        size_t big = 3u << 20;
        char *t = malloc(big + 64);
        for (int quoted = 0; quoted < 2; quoted++) {
            memcpy(t, quoted ? "a,b\n1,\"" : "a,b\n1,", 6 + (size_t)quoted);
            memset(t + 6 + quoted, 'x', big);
            memcpy(t + 6 + quoted + big, quoted ? "\"\n" : "\n", 1 + (size_t)quoted);
            expect_error(t, big + 7 + 2 * (size_t)quoted, NULL,
                         "t.csv:2: error: field 2 is 3145728 bytes long (limit 1048576)",
                         __LINE__);
        }
        memcpy(t, "a,b\n1,", 6);
        memset(t + 6, 'y', RT_TABLE_MAX_FIELD);
        RtTable c;
        RtError err = {0};
        CHECK(rt_table_open_mem(&c, "t.csv", t, 6 + RT_TABLE_MAX_FIELD, NULL, &err) == 0);
        CHECK(rt_table_next(&c, &err) == 1);
        CHECK(c.field_len[1] == RT_TABLE_MAX_FIELD);
        rt_table_close(&c);
        free(t);
    }
    // Files: a missing one and a directory.
    {
        RtTable c;
        RtError err = {0};
        CHECK(rt_table_open(&c, "/nonexistent/x.csv", NULL, &err) < 0);
        CHECK(strcmp(RT_ERR_TEXT(&err),
                     "/nonexistent/x.csv: error: cannot open: No such file or directory") == 0);
        rt_table_close(&c);
        CHECK(rt_table_open(&c, "/", NULL, &err) < 0);
        CHECK(strcmp(RT_ERR_TEXT(&err), "/: error: cannot read: is a directory") == 0);
        rt_table_close(&c);
        CHECK(rt_table_open(&c, "/dev/zero", NULL, &err) < 0);
        CHECK(strcmp(RT_ERR_TEXT(&err), "/dev/zero: error: cannot read: not a regular file") == 0);
        rt_table_close(&c);
    }
    return check_done("test_table");
}
