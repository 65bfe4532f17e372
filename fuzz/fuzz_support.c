// fuzz_support.c — compiler/diag.c built for the fuzzers, with exit() sending control back to the
// harness (the real tool exits 1 there), plus the allocation record that frees, after such an
// exit, what the process exit would have freed. Only the fuzz targets link this file.
#include <stdlib.h>     // the real exit() is declared before the macro below renames it
#include <string.h>
#include <unistd.h>

#include "fuzz_support.h"

jmp_buf fuzz_exit_jmp;

static _Noreturn void fuzz_exit(int code) {
    longjmp(fuzz_exit_jmp, code ? code : 1);
}

#define exit(code) fuzz_exit(code)
#include "../compiler/diag.c"
#undef exit

void fuzz_diag_reset(void) {
    n_errors = 0;
    n_sources = 0;
}

// ---- allocation record ------------------------------------------------------------------------
// Filled from the sanitizer's malloc/free hooks, which must not allocate: a fixed table with
// swap-remove. An input of a few KB holds tens of blocks at once (arena blocks, flex buffers).

void __sanitizer_install_malloc_and_free_hooks(void (*m)(const volatile void *, size_t),
                                               void (*f)(const volatile void *));

enum { MAX_LIVE = 1 << 14 };
static void *live[MAX_LIVE];
static int n_live;
static int tracking;

static void on_malloc(const volatile void *p, size_t size) {
    (void)size;
    if (!tracking)
        return;
    if (n_live == MAX_LIVE) {
        fputs("fuzz_support: more than 16384 live blocks, raise MAX_LIVE\n", stderr);
        abort();
    }
    live[n_live++] = (void *)p;
}

static void on_free(const volatile void *p) {
    if (!tracking)
        return;
    for (int i = n_live - 1; i >= 0; i--)
        if (live[i] == p) {
            live[i] = live[--n_live];
            return;
        }
}

void fuzz_track_begin(void) {
    static int installed;
    if (!installed) {
        // The stream and its buffer must exist before recording starts: a block stdio allocates
        // lazily during an input that exits would otherwise be freed under stdio's feet.
        fputc('\n', fuzz_devnull());
        fflush(fuzz_devnull());
        // Diagnostics go to stderr a byte at a time (it is unbuffered): one system call per byte
        // was most of a rejected input's cost. Buffered, they are flushed in 64 KB writes.
        static char errbuf[1 << 16];
        setvbuf(stderr, errbuf, _IOFBF, sizeof errbuf);
        __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
        installed = 1;
    }
    n_live = 0;
    tracking = 1;
}

void fuzz_track_end(int exited) {
    tracking = 0;
    if (exited)
        for (int i = 0; i < n_live; i++)
            free(live[i]);
    n_live = 0;
}

FILE *fuzz_devnull(void) {
    static FILE *f;
    if (!f && !(f = fopen("/dev/null", "w"))) {
        perror("/dev/null");
        abort();
    }
    return f;
}

const char *fuzz_scratch_dir(void) {
    return access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
}

static char scratch_file[256];

static void remove_scratch_file(void) { unlink(scratch_file); }

void fuzz_scratch_file(char *path, size_t n, const char *tag, const char *ext) {
    snprintf(path, n, "%s/hgnn-fuzz-%s-%ld.%s", fuzz_scratch_dir(), tag, (long)getpid(), ext);
    snprintf(scratch_file, sizeof scratch_file, "%s", path);
    atexit(remove_scratch_file);
}

void fuzz_write_file(const char *path, const void *data, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

void fuzz_check_one_line(const char *msg, const char *prefix) {
    if (!msg[0] || strchr(msg, '\n') || strncmp(msg, prefix, strlen(prefix)) != 0) {
        fprintf(stderr, "fuzz: error message is not one line starting with '%s': '%s'\n",
                prefix, msg);
        abort();
    }
}
