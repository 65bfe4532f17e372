// model.c — opens a compiled model for hgnn-run: a `.hgnn` source through the JIT
// (hgnn_jit_compile), or a shared object from hgnnc. A shared object is checked in two steps:
// its ELF headers before dlopen (type, class, machine, every loadable segment inside the file, so
// a truncated file is refused instead of faulting later), then the entry symbol, magic and ABI
// version after it. Yields the model's constant HgnnModel. The JIT is a plugin,
// libhgnn_jit.so, loaded on the first .hgnn: running a .so never maps LLVM (~50 MB resident).
#include "model.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__x86_64__)
#define HOST_MACHINE EM_X86_64
#elif defined(__aarch64__)
#define HOST_MACHINE EM_AARCH64
#else
#error "rt_model_open: unknown host machine"
#endif

static const HgnnModel *refuse(char *err, size_t err_len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static const HgnnModel *refuse(char *err, size_t err_len, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
    return NULL;
}

static int has_suffix(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int read_at(int fd, void *buf, size_t n, off_t off) {
    size_t done = 0;
    while (done < n) {
        ssize_t r = pread(fd, (char *)buf + done, n - done, off + (off_t)done);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        done += (size_t)r;
    }
    return 0;
}

// Checks that path is a complete ELF shared object for this machine. Returns 0, or -1 with err.
static int check_elf(const char *path, char *err, size_t err_len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        refuse(err, err_len, "%s: cannot open model: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    Elf64_Ehdr eh;
    int rc = -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        refuse(err, err_len, "%s: not a regular file", path);
        goto out;
    }
    uint64_t size = (uint64_t)st.st_size;
    if (size < 4 || read_at(fd, eh.e_ident, 4, 0) != 0 || memcmp(eh.e_ident, ELFMAG, SELFMAG)) {
        refuse(err, err_len, "%s: not a compiled model (no ELF header); expected a .so from "
               "hgnnc or a .hgnn source", path);
        goto out;
    }
    if (size < sizeof eh || read_at(fd, &eh, sizeof eh, 0) != 0) {
        refuse(err, err_len, "%s: truncated ELF file (%llu bytes)", path,
               (unsigned long long)size);
        goto out;
    }
    if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB) {
        refuse(err, err_len, "%s: ELF file of another class or byte order than this machine",
               path);
        goto out;
    }
    if (eh.e_type != ET_DYN) {
        refuse(err, err_len, "%s: ELF file is not a shared object (type %u)", path, eh.e_type);
        goto out;
    }
    if (eh.e_machine != HOST_MACHINE) {
        refuse(err, err_len, "%s: shared object for another machine (ELF machine %u, this is %u)",
               path, eh.e_machine, HOST_MACHINE);
        goto out;
    }
    if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 ||
        eh.e_phoff > size || (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > size - eh.e_phoff) {
        refuse(err, err_len, "%s: truncated or corrupt ELF file (program headers)", path);
        goto out;
    }
    if (eh.e_shnum && (eh.e_shoff > size ||
                       (uint64_t)eh.e_shnum * eh.e_shentsize > size - eh.e_shoff)) {
        refuse(err, err_len, "%s: truncated ELF file (%llu bytes; section headers end at %llu)",
               path, (unsigned long long)size,
               (unsigned long long)(eh.e_shoff + (uint64_t)eh.e_shnum * eh.e_shentsize));
        goto out;
    }
    for (int i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        if (read_at(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + (uint64_t)i * sizeof ph)) != 0) {
            refuse(err, err_len, "%s: truncated ELF file (program headers)", path);
            goto out;
        }
        if (ph.p_type == PT_LOAD && (ph.p_offset > size || ph.p_filesz > size - ph.p_offset)) {
            refuse(err, err_len, "%s: truncated ELF file (%llu bytes; a segment ends at %llu)",
                   path, (unsigned long long)size,
                   (unsigned long long)(ph.p_offset + ph.p_filesz));
            goto out;
        }
    }
    rc = 0;
out:
    close(fd);
    return rc;
}

// The model's tables must make sense before anyone indexes them.
static int check_tables(const char *path, const HgnnModel *m, char *err, size_t err_len) {
    if (m->n_node_types < 1 || m->n_node_types > HGNN_MAX_NODE_TYPES || !m->node_types ||
        m->n_edge_types < 0 || m->n_edge_types > HGNN_MAX_EDGE_TYPES ||
        (m->n_edge_types && !m->edge_types) || m->n_params < 0 ||
        (m->n_params && !m->params) || !m->run || !m->workspace_floats ||
        m->label_edge_type < 0 || m->label_edge_type >= m->n_edge_types) {
        refuse(err, err_len, "%s: corrupt model tables (node types %d, edge types %d, params %d)",
               path, m->n_node_types, m->n_edge_types, m->n_params);
        return -1;
    }
    return 0;
}

// A .so was compiled for fixed feature widths; the data must have the same ones.
static int check_widths(const char *path, const HgnnModel *m, const HgnnNodeType *data, int32_t n,
                        char *err, size_t err_len) {
    for (int t = 0; t < m->n_node_types; t++)
        for (int k = 0; k < n; k++)
            if (data[k].name && strcmp(data[k].name, m->node_types[t].name) == 0 &&
                data[k].feat_width != m->node_types[t].feat_width) {
                refuse(err, err_len, "%s: model expects %d features for node type '%s', the data "
                       "has %d; recompile the .hgnn for this data (or run the .hgnn directly)",
                       path, m->node_types[t].feat_width, m->node_types[t].name,
                       data[k].feat_width);
                return -1;
            }
    return 0;
}

typedef const HgnnModel *(*JitCompileFn)(const char *path, const HgnnNodeType *data_types,
                                         int32_t n_data_types, char *err, size_t err_len);

// Finds the JIT plugin: $HGNN_JIT_LIB, else beside the executable (the build tree), else in
// ../lib relative to it (an installed prefix). Returns NULL with err set.
static JitCompileFn load_jit(const char *path, char *err, size_t err_len) {
    static JitCompileFn fn;
    if (fn)
        return fn;
    char dir[PATH_MAX], cand[3][PATH_MAX + 32];
    int n = 0;
    const char *env = getenv("HGNN_JIT_LIB");
    if (env && *env)
        snprintf(cand[n++], sizeof cand[0], "%s", env);
    ssize_t len = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (len > 0) {
        dir[len] = 0;
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = 0;
        snprintf(cand[n++], sizeof cand[0], "%s/libhgnn_jit.so", dir);
        snprintf(cand[n++], sizeof cand[0], "%s/../lib/libhgnn_jit.so", dir);
    }
    const char *why = "no candidate path";
    for (int i = 0; i < n && !fn; i++) {
        if (access(cand[i], R_OK) != 0 && i + 1 < n)
            continue;
        void *h = dlopen(cand[i], RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            why = dlerror();
            continue;
        }
        void *sym = dlsym(h, "hgnn_jit_compile");
        memcpy(&fn, &sym, sizeof fn);
        if (!fn) {
            why = "no hgnn_jit_compile in it";
            dlclose(h);
        }
    }
    if (!fn)
        refuse(err, err_len, "%s: cannot load the compiler plugin libhgnn_jit.so (%s); set "
               "HGNN_JIT_LIB, or compile the model with hgnnc -o model.so", path,
               why ? why : "dlopen failed");
    return fn;
}

const HgnnModel *rt_model_open(const char *path, const HgnnNodeType *data_types, int32_t n,
                               char *err, size_t err_len) {
    if (has_suffix(path, ".hgnn")) {
        JitCompileFn jit = load_jit(path, err, err_len);
        return jit ? jit(path, data_types, n, err, err_len) : NULL;
    }
    if (check_elf(path, err, err_len))
        return NULL;
    // dlopen searches the library path for a name without a slash; a model is always a file.
    char *p = malloc(strlen(path) + 3);
    if (!p)
        return refuse(err, err_len, "%s: out of memory", path);
    sprintf(p, "%s%s", strchr(path, '/') ? "" : "./", path);
    void *h = dlopen(p, RTLD_NOW | RTLD_LOCAL);
    free(p);
    if (!h) {
        const char *why = dlerror();
        return refuse(err, err_len, "%s: cannot load model: %s", path, why ? why : "dlopen failed");
    }
    HgnnEntryFn entry;
    void *sym = dlsym(h, HGNN_ENTRY_SYMBOL);
    memcpy(&entry, &sym, sizeof entry);
    if (!entry) {
        dlclose(h);
        return refuse(err, err_len, "%s: not an hgnn model (shared object without the %s "
                      "symbol)", path, HGNN_ENTRY_SYMBOL);
    }
    const HgnnModel *m = entry();
    if (!m || m->magic != HGNN_MAGIC) {
        dlclose(h);
        return refuse(err, err_len, "%s: not an hgnn model (%s returned %s)", path,
                      HGNN_ENTRY_SYMBOL, m ? "a bad magic number" : "NULL");
    }
    if (m->abi_version != HGNN_ABI_VERSION) {
        unsigned v = m->abi_version;
        dlclose(h);
        return refuse(err, err_len, "%s: model ABI version %u, this hgnn-run needs version %d; "
                      "recompile it with this hgnnc", path, v, HGNN_ABI_VERSION);
    }
    if (check_tables(path, m, err, err_len) ||
        (data_types && check_widths(path, m, data_types, n, err, err_len))) {
        dlclose(h);
        return NULL;
    }
    return m;  // the handle stays open: the model lives as long as the process
}
