// link.c — a compiled model as a shared object: the object file codegen_object makes is written
// beside the output, linked by `cc -shared` (or $HGNN_CC) into a temporary file, and renamed over
// the output only once complete, so a reader never sees a torn model.
#include "codegen.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static bool write_all(int fd, const char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

// Runs argv (found on PATH) and waits; returns its exit status, or -1 when it did not run.
static int run_tool(char *const argv[]) {
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
    if (rc != 0) {
        errno = rc;  // posix_spawnp returns the error instead of setting errno
        return -1;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int codegen_shared_object(IrModule *m, const CodegenOptions *opt, const char *path, char *err,
                          size_t err_len) {
    char *obj;
    size_t len;
    if (codegen_object(m, opt, &obj, &len, err, err_len))
        return -1;
    size_t pl = strlen(path);
    char *tmp_o = malloc(pl + 16), *tmp_so = malloc(pl + 16);
    int rc = -1, fd = -1;
    if (!tmp_o || !tmp_so) {
        snprintf(err, err_len, "out of memory");
        goto out;
    }
    // Temporaries sit beside the output so the final rename stays within one file system.
    snprintf(tmp_o, pl + 16, "%s.o.XXXXXX", path);
    snprintf(tmp_so, pl + 16, "%s.tmp.XXXXXX", path);
    fd = mkstemp(tmp_o);
    if (fd < 0) {
        snprintf(err, err_len, "cannot write '%s': %s", path, strerror(errno));
        tmp_o[0] = 0;
        goto out;
    }
    if (!write_all(fd, obj, len) || close(fd) != 0) {
        fd = -1;
        snprintf(err, err_len, "cannot write '%s': %s", tmp_o, strerror(errno));
        goto out;
    }
    fd = mkstemp(tmp_so);
    if (fd < 0) {
        snprintf(err, err_len, "cannot write '%s': %s", path, strerror(errno));
        tmp_so[0] = 0;
        goto out;
    }
    close(fd);
    fd = -1;
    const char *cc = getenv("HGNN_CC");
    char *argv[] = {(char *)(cc && *cc ? cc : "cc"), "-shared", "-o", tmp_so, tmp_o, "-lm", NULL};
    int st = run_tool(argv);
    if (st != 0) {
        if (st < 0)
            snprintf(err, err_len, "cannot run the linker '%s': %s", argv[0], strerror(errno));
        else
            snprintf(err, err_len, "linker '%s' failed (status %d) making '%s'", argv[0], st,
                    path);
        goto out;
    }
    mode_t mask = umask(0);
    umask(mask);
    chmod(tmp_so, 0755 & ~mask);
    fd = open(tmp_so, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
        fd = -1;
    }
    if (rename(tmp_so, path) != 0) {
        snprintf(err, err_len, "cannot write '%s': %s", path, strerror(errno));
        goto out;
    }
    tmp_so[0] = 0;
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    if (tmp_o && tmp_o[0])
        unlink(tmp_o);
    if (tmp_so && tmp_so[0])
        unlink(tmp_so);
    free(tmp_o);
    free(tmp_so);
    free(obj);
    return rc;
}
