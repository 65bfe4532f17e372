// front_fixture.h — a .hgnn text through the real front end for tests (parse, check, lower,
// to_hetero). A refusal counts as a failure of check.h's CHECK tally.
#ifndef HGNN_FRONT_FIXTURE_H
#define HGNN_FRONT_FIXTURE_H

#include <stdio.h>

#include "arena.h"
#include "check.h"
#include "ir.h"
#include "pipeline.h"

// Parse, check, lower and expand a .hgnn file; NULL (and a failure) when the front end refuses.
static inline IrModule *fixture_front_end(Arena *a, const char *path, const char *text,
                                          size_t len) {
    Pipeline p = {.path = path, .stop_after = PIPE_HETERO};
    if (pipeline_run(a, &p, text, len) != 0) {
        fprintf(stderr, "%s: the front end rejected it\n", path);
        failures++;
        return NULL;
    }
    return p.module;
}

// The same for the file at path (up to 64 KiB, read into the arena); NULL (and a failure) when it
// cannot be read or the front end refuses it.
static inline IrModule *fixture_front_end_file(Arena *a, const char *path) {
    enum { CAP = 1 << 16 };
    char *text = arena_alloc(a, CAP);
    long len = check_read_file(path, text, CAP);
    return len < 0 ? NULL : fixture_front_end(a, path, text, (size_t)len);
}

#endif
