// check.h — what every unit test shares: CHECK, which prints the failed expression with its file
// and line and counts the failure; check_done, the verdict at the end of main; check_read_file
// for tests that read an input file; run_capturing_stderr for tests that expect a child to die
// with a message.
#ifndef HGNN_CHECK_H
#define HGNN_CHECK_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                                               \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);              \
            failures++;                                                                           \
        }                                                                                         \
    } while (0)

// Prints the verdict for test `name` and returns main's exit status.
static inline int check_done(const char *name) {
    if (failures) {
        fprintf(stderr, "%s: %d failure(s)\n", name, failures);
        return 1;
    }
    printf("%s: ok\n", name);
    return 0;
}

// Reads the file at path into buf (NUL-terminated, at most cap - 1 bytes) and returns its length;
// a file that cannot be opened counts as a failure and gives -1.
static inline long check_read_file(const char *path, char *buf, size_t cap) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        failures++;
        return -1;
    }
    size_t len = fread(buf, 1, cap - 1, f);
    buf[len] = '\0';
    fclose(f);
    return (long)len;
}

// Runs f in a child whose stderr goes into buf (NUL-terminated, at most cap - 1 bytes) and
// returns the child's wait status, or -1 when no pipe could be made.
static inline int run_capturing_stderr(void (*f)(void), char *buf, size_t cap) {
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 2);
        close(fd[0]);
        f();
        _exit(0);
    }
    close(fd[1]);
    size_t n = 0;
    ssize_t k;
    while (n < cap - 1 && (k = read(fd[0], buf + n, cap - 1 - n)) > 0)
        n += (size_t)k;
    buf[n] = '\0';
    close(fd[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    return st;
}

#endif
