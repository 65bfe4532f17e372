// killshim.c — LD_PRELOAD shim for the crash-safe write test: SIGKILLs the process at a chosen
// point of writing one output file, the way a power cut or the OOM killer would.
//   KILLSHIM_FILE  part of the output's name ("ck.safetensors"); only its writes count
//   KILLSHIM_AT    write:N  after half of the Nth write() into the temporary file
//                  fsync    before fsync() of the temporary file
//                  rename   before rename() of the temporary file onto the final name
//                  renamed  right after that rename()
// The writer must leave the final name absent, or holding a complete file, at every point.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int n_writes;

static int is_target_fd(int fd) {
    const char *want = getenv("KILLSHIM_FILE");
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (!want || n <= 0)
        return 0;
    path[n] = 0;
    return strstr(path, want) != NULL && strstr(path, ".tmp") != NULL;
}

static int at(const char *what) {
    const char *a = getenv("KILLSHIM_AT");
    return a && strcmp(a, what) == 0;
}

ssize_t write(int fd, const void *buf, size_t count) {
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    const char *a = getenv("KILLSHIM_AT");
    if (a && strncmp(a, "write:", 6) == 0 && is_target_fd(fd) && ++n_writes == atoi(a + 6)) {
        real(fd, buf, count / 2);
        raise(SIGKILL);
    }
    return real(fd, buf, count);
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (at("fsync") && is_target_fd(fd))
        raise(SIGKILL);
    return real(fd);
}

int rename(const char *from, const char *to) {
    static int (*real)(const char *, const char *);
    if (!real)
        real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    const char *want = getenv("KILLSHIM_FILE");
    int mine = want && strstr(to, want) != NULL;
    if (mine && at("rename"))
        raise(SIGKILL);
    int r = real(from, to);
    if (mine && at("renamed"))
        raise(SIGKILL);
    return r;
}
