// fuzz_support.h — what the libFuzzer harnesses share: the front end's exit(1) turned into a
// return to the harness, and a record of the allocations one input made, so that an input the
// real program would end with exit(1) is not reported as a leak.
#ifndef HGNN_FUZZ_SUPPORT_H
#define HGNN_FUZZ_SUPPORT_H

#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>

// Where fatal_at() and diag_exit_if_errors() jump instead of calling exit(1).
extern jmp_buf fuzz_exit_jmp;

// Starts recording the live heap blocks of one input (malloc hooks of the sanitizer runtime).
void fuzz_track_begin(void);
// Stops recording. After an exit(1) (exited != 0) frees what the input still held, as the
// process exit would have; after a normal return it frees nothing, so real leaks stay visible.
void fuzz_track_end(int exited);
// Forgets the error count and the registered sources of the previous input.
void fuzz_diag_reset(void);
// A stream that discards what is written to it (the --emit printers run into it).
FILE *fuzz_devnull(void);
// Where a harness writes its input files: /dev/shm when writable (keeps the writes per input
// off the disk), else /tmp.
const char *fuzz_scratch_dir(void);
// Names a file in fuzz_scratch_dir() for this process (hgnn-fuzz-TAG-PID.EXT) in path, and
// removes it when the process exits.
void fuzz_scratch_file(char *path, size_t n, const char *tag, const char *ext);
// Writes data[0..n) to path; aborts when it cannot (a broken set-up, not a finding).
void fuzz_write_file(const char *path, const void *data, size_t n);
// Aborts (a finding) unless msg is one non-empty line that starts with `prefix`.
void fuzz_check_one_line(const char *msg, const char *prefix);

#endif
