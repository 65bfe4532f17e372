// fuzz_table.c — libFuzzer harness for the CSV reader (runtime/table.c): one input is one file's
// bytes, read with rt_table_open_mem and walked record by record. Besides crashes, leaks and
// hangs, an error message that is not one line naming the file is a finding.
#include <stdint.h>
#include <string.h>

#include "table.h"

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    RtTable c;
    RtError err = {0};
    if (rt_table_open_mem(&c, "fuzz.csv", (const char *)data, size, &err) != 0) {
        fuzz_check_one_line(RT_ERR_TEXT(&err), "fuzz.csv:");
        rt_table_close(&c);
        return 0;
    }
    volatile int col = rt_table_column(&c, "movieId");
    (void)col;
    int r;
    int64_t last_line = 0;
    while ((r = rt_table_next(&c, &err)) == 1) {
        // The contract of table.h: n_cols fields, each NUL-terminated at its length, lines rising.
        if (c.n_fields != c.n_cols || c.line <= last_line)
            __builtin_trap();
        for (int32_t i = 0; i < c.n_fields; i++)
            if (c.field_len[i] < 0 || strlen(c.field[i]) != (size_t)c.field_len[i])
                __builtin_trap();
        last_line = c.line;
    }
    if (r < 0)
        fuzz_check_one_line(RT_ERR_TEXT(&err), "fuzz.csv:");
    rt_table_close(&c);
    return 0;
}
