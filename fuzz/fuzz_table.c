// fuzz_table.c — libFuzzer harness for the table reader (runtime/table.c): the first byte picks
// the options (separator, header, encoding), the rest is one file's bytes, read with
// rt_table_open_mem and walked record by record. Besides crashes, leaks and hangs, an error
// message that is not one line naming the file is a finding.
#include <stdint.h>
#include <string.h>

#include "table.h"

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    // Byte 0: bits 0-2 the separator (detected, or one of seven), bit 3 no header, bits 4-5 the
    // encoding (3 reads as UTF-8 too).
    static const char *const seps[8] = {NULL, ",", "\t", "|", ";", "::", "<->", ""};
    RtTableOptions opt = {0};
    if (size > 0) {
        opt.sep = seps[data[0] & 7];
        opt.no_header = (data[0] >> 3) & 1;
        int enc = (data[0] >> 4) & 3;
        opt.encoding = enc == 1 ? RT_ENCODING_LATIN1 : enc == 2 ? RT_ENCODING_AUTO
                                                                : RT_ENCODING_UTF8;
        data++;
        size--;
    }
    RtTable t;
    RtError err = {0};
    if (rt_table_open_mem(&t, "fuzz.csv", (const char *)data, size, &opt, &err) != 0) {
        fuzz_check_one_line(RT_ERR_TEXT(&err), "fuzz.csv:");
        rt_table_close(&t);
        return 0;
    }
    if (rt_table_need_column(&t, "movieId", &err) < 0)
        fuzz_check_one_line(RT_ERR_TEXT(&err), "fuzz.csv:");
    int r;
    int64_t last_line = 0;
    while ((r = rt_table_next(&t, &err)) == 1) {
        // The contract of table.h: n_cols fields, each NUL-terminated at its length, lines rising.
        if (t.n_fields != t.n_cols || t.line <= last_line || t.sep_len < 1)
            __builtin_trap();
        for (int32_t i = 0; i < t.n_fields; i++)
            if (t.field_len[i] < 0 || strlen(t.field[i]) != (size_t)t.field_len[i])
                __builtin_trap();
        last_line = t.line;
    }
    if (r < 0)
        fuzz_check_one_line(RT_ERR_TEXT(&err), "fuzz.csv:");
    rt_table_close(&t);
    return 0;
}
