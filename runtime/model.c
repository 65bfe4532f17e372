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
#include <cpuid.h>
#define HOST_MACHINE EM_X86_64
#elif defined(__aarch64__)
#define HOST_MACHINE EM_AARCH64
#else
#error "rt_model_open: unknown host machine"
#endif

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
static int check_elf(const char *path, RtError *err) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        rt_err(err, path, 0, "cannot open model: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    Elf64_Ehdr eh;
    int rc = -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rt_err(err, path, 0, "not a regular file");
        goto out;
    }
    uint64_t size = (uint64_t)st.st_size;
    if (size < 4 || read_at(fd, eh.e_ident, 4, 0) != 0 || memcmp(eh.e_ident, ELFMAG, SELFMAG)) {
        rt_err(err, path, 0, "not a compiled model (no ELF header); expected a .so from "
               "hgnnc or a .hgnn source");
        goto out;
    }
    if (size < sizeof eh || read_at(fd, &eh, sizeof eh, 0) != 0) {
        rt_err(err, path, 0, "truncated ELF file (%llu bytes)",
               (unsigned long long)size);
        goto out;
    }
    if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB) {
        rt_err(err, path, 0, "ELF file of another class or byte order than this machine");
        goto out;
    }
    if (eh.e_type != ET_DYN) {
        rt_err(err, path, 0, "ELF file is not a shared object (type %u)", eh.e_type);
        goto out;
    }
    if (eh.e_machine != HOST_MACHINE) {
        rt_err(err, path, 0, "shared object for another machine (ELF machine %u, this is %u)",
               eh.e_machine, HOST_MACHINE);
        goto out;
    }
    if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 ||
        eh.e_phoff > size || (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > size - eh.e_phoff) {
        rt_err(err, path, 0, "truncated or corrupt ELF file (program headers)");
        goto out;
    }
    if (eh.e_shnum && (eh.e_shoff > size ||
                       (uint64_t)eh.e_shnum * eh.e_shentsize > size - eh.e_shoff)) {
        rt_err(err, path, 0, "truncated ELF file (%llu bytes; section headers end at %llu)",
               (unsigned long long)size,
               (unsigned long long)(eh.e_shoff + (uint64_t)eh.e_shnum * eh.e_shentsize));
        goto out;
    }
    for (int i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        if (read_at(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + (uint64_t)i * sizeof ph)) != 0) {
            rt_err(err, path, 0, "truncated ELF file (program headers)");
            goto out;
        }
        if (ph.p_type == PT_LOAD && (ph.p_offset > size || ph.p_filesz > size - ph.p_offset)) {
            rt_err(err, path, 0, "truncated ELF file (%llu bytes; a segment ends at %llu)",
                   (unsigned long long)size, (unsigned long long)(ph.p_offset + ph.p_filesz));
            goto out;
        }
    }
    rc = 0;
out:
    close(fd);
    return rc;
}

// The model's tables must make sense before anyone indexes them.
static int check_tables(const char *path, const HgnnModel *m, RtError *err) {
    if (m->n_node_types < 1 || m->n_node_types > HGNN_MAX_NODE_TYPES || !m->node_types ||
        m->n_edge_types < 0 || m->n_edge_types > HGNN_MAX_EDGE_TYPES ||
        (m->n_edge_types && !m->edge_types) || m->n_params < 0 ||
        (m->n_params && !m->params) || !m->run || !m->workspace_floats ||
        m->label_edge_type < 0 || m->label_edge_type >= m->n_edge_types) {
        rt_err(err, path, 0, "corrupt model tables (node types %d, edge types %d, params %d)",
               m->n_node_types, m->n_edge_types, m->n_params);
        return -1;
    }
    return 0;
}

// A .so was compiled for fixed feature widths; the data must have the same ones.
int rt_model_check_widths(const char *path, const HgnnModel *m, const HgnnNodeType *data,
                          int32_t n, RtError *err) {
    for (int t = 0; t < m->n_node_types; t++)
        for (int k = 0; k < n; k++)
            if (data[k].name && strcmp(data[k].name, m->node_types[t].name) == 0 &&
                data[k].feat_width != m->node_types[t].feat_width) {
                rt_err(err, path, 0, "model expects %d features for node type '%s', the data "
                       "has %d; recompile the .hgnn for this data (or run the .hgnn directly)",
                       m->node_types[t].feat_width, m->node_types[t].name, data[k].feat_width);
                return -1;
            }
    return 0;
}

typedef const HgnnModel *(*JitCompileFn)(const char *path, const HgnnNodeType *data_types,
                                         int32_t n_data_types, const HgnnOverride *overrides,
                                         int32_t n_overrides, int32_t precision, char *err,
                                         size_t err_len);
typedef const HgnnModel *(*JitDeclareFn)(const char *path, const HgnnOverride *overrides,
                                         int32_t n_overrides, char *err, size_t err_len);

static void *plugin;    // the JIT plugin's handle, once load_jit has opened it

// Finds the JIT plugin: $HGNN_JIT_LIB, else beside the executable (the build tree), else in
// ../lib relative to it (an installed prefix). Returns NULL with err set.
static JitCompileFn load_jit(const char *path, RtError *err) {
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
        } else {
            plugin = h;
        }
    }
    if (!fn)
        rt_err(err, path, 0, "cannot load the compiler plugin libhgnn_jit.so (%s); set "
               "HGNN_JIT_LIB, or compile the model with hgnnc -o model.so",
               why ? why : "dlopen failed");
    return fn;
}

// The plugin's messages (compiler/jit.c) are text, mostly "PATH: message": the path becomes the
// error's file. A refused override ("--set NAME=VALUE: ...") names the flag instead.
static void plugin_error(const char *path, const char *msg, const char *fallback, RtError *err) {
    if (strncmp(msg, "--set ", 6) == 0) {
        rt_err(err, NULL, 0, "%s", msg);
        return;
    }
    size_t pl = strlen(path);
    const char *what = strncmp(msg, path, pl) == 0 && strncmp(msg + pl, ": ", 2) == 0
                           ? msg + pl + 2 : msg;
    rt_err(err, path, 0, "%s", what[0] ? what : fallback);
}

// Runs the JIT.
static const HgnnModel *jit_open(JitCompileFn jit, const char *path,
                                 const HgnnNodeType *data_types, int32_t n,
                                 const HgnnOverride *ov, int32_t n_ov, int32_t precision,
                                 RtError *err) {
    char msg[sizeof err->msg];
    msg[0] = 0;
    const HgnnModel *m = jit(path, data_types, n, ov, n_ov, precision, msg, sizeof msg);
    if (!m)
        plugin_error(path, msg, "cannot compile the model", err);
    return m;
}

const HgnnModel *rt_model_declare(const char *path, const HgnnOverride *ov, int32_t n_ov,
                                  RtError *err) {
    if (!load_jit(path, err))
        return NULL;
    JitDeclareFn declare;
    void *sym = dlsym(plugin, "hgnn_jit_declare");
    memcpy(&declare, &sym, sizeof declare);
    if (!declare) {
        rt_err(err, path, 0, "the compiler plugin libhgnn_jit.so has no hgnn_jit_declare; it is "
               "older than this hgnn-run");
        return NULL;
    }
    char msg[sizeof err->msg];
    msg[0] = 0;
    const HgnnModel *m = declare(path, ov, n_ov, msg, sizeof msg);
    if (!m)
        plugin_error(path, msg, "cannot read the model", err);
    return m;
}

const char *rt_precision_name(int32_t precision) {
    return precision == HGNN_PRECISION_BF16 ? "bf16" : precision == HGNN_PRECISION_FP32 ? "fp32"
                                                                                        : "?";
}

int rt_cpu_has_bf16(void) {
#if defined(__x86_64__)
    // CPUID.(EAX=7, ECX=1):EAX bit 5 is AVX512_BF16; AVX-512 state must be enabled by the OS
    // (XCR0 bits 5-7 with 1-2), as for any AVX-512 code.
    unsigned a, b, c, d;
    if (!__get_cpuid_count(7, 1, &a, &b, &c, &d) || !(a & (1u << 5)))
        return 0;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27)))
        return 0;
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 0xe6) == 0xe6;
#else
    return 0;
#endif
}

// A bf16 model needs avx512_bf16; the error says how to run on this CPU instead.
static int check_precision(const char *path, int32_t precision, RtError *err) {
    if (precision == HGNN_PRECISION_BF16 && !rt_cpu_has_bf16()) {
        rt_err(err, path, 0, "precision bf16 needs a CPU with avx512_bf16 (vdpbf16ps), and this "
               "one has none; use --precision fp32%s",
               has_suffix(path, ".hgnn") ? "" : " with a model compiled by hgnnc --precision fp32");
        return -1;
    }
    return 0;
}

const HgnnModel *rt_model_open(const char *path, const HgnnNodeType *data_types, int32_t n,
                               const HgnnOverride *ov, int32_t n_ov, int32_t precision,
                               RtError *err) {
    if (has_suffix(path, ".hgnn")) {
        if (precision == RT_PRECISION_AUTO)
            precision = rt_cpu_has_bf16() ? HGNN_PRECISION_BF16 : HGNN_PRECISION_FP32;
        else if (precision < 0)
            precision = HGNN_PRECISION_FP32;
        if (check_precision(path, precision, err))
            return NULL;
        JitCompileFn jit = load_jit(path, err);
        return jit ? jit_open(jit, path, data_types, n, ov, n_ov, precision, err) : NULL;
    }
    if (check_elf(path, err))
        return NULL;
    // dlopen searches the library path for a name without a slash; a model is always a file.
    char *p = malloc(strlen(path) + 3);
    if (!p) {
        rt_err(err, path, 0, "out of memory");
        return NULL;
    }
    sprintf(p, "%s%s", strchr(path, '/') ? "" : "./", path);
    void *h = dlopen(p, RTLD_NOW | RTLD_LOCAL);
    free(p);
    if (!h) {
        const char *why = dlerror();
        rt_err(err, path, 0, "cannot load model: %s", why ? why : "dlopen failed");
        return NULL;
    }
    HgnnEntryFn entry;
    void *sym = dlsym(h, HGNN_ENTRY_SYMBOL);
    memcpy(&entry, &sym, sizeof entry);
    if (!entry) {
        dlclose(h);
        rt_err(err, path, 0, "not an hgnn model (shared object without the %s "
               "symbol)", HGNN_ENTRY_SYMBOL);
        return NULL;
    }
    const HgnnModel *m = entry();
    if (!m || m->magic != HGNN_MAGIC) {
        dlclose(h);
        rt_err(err, path, 0, "not an hgnn model (%s returned %s)",
               HGNN_ENTRY_SYMBOL, m ? "a bad magic number" : "NULL");
        return NULL;
    }
    if (m->abi_version != HGNN_ABI_VERSION) {
        unsigned v = m->abi_version;
        dlclose(h);
        rt_err(err, path, 0, "model ABI version %u, this hgnn-run needs version %d; "
               "recompile it with this hgnnc", v, HGNN_ABI_VERSION);
        return NULL;
    }
    if (precision >= 0 && m->precision != precision) {
        int32_t has = m->precision;
        dlclose(h);
        rt_err(err, path, 0, "compiled with precision %s, not %s as --precision asks; recompile "
               "it with hgnnc --precision %s, or drop --precision", rt_precision_name(has),
               rt_precision_name(precision), rt_precision_name(precision));
        return NULL;
    }
    if (check_precision(path, m->precision, err) || check_tables(path, m, err) ||
        (data_types && rt_model_check_widths(path, m, data_types, n, err))) {
        dlclose(h);
        return NULL;
    }
    return m;  // the handle stays open: the model lives as long as the process
}
