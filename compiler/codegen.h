// codegen.h — LLVM code generation: an IrModule (after pass_hetero, and pass_grad for training)
// becomes machine code implementing the HgnnModel ABI of include/hgnn/abi.h, following the module's
// plan (pass_plan.h). The same object code serves `hgnnc -o model.so` (linked by link.c) and the
// in-process JIT (jit.c).
#ifndef HGNN_CODEGEN_H
#define HGNN_CODEGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ir.h"

// HgnnModel.compiler of every model this compiler makes.
#define HGNN_COMPILER_ID "hgnnc 0.1.0"

// -O2: as fast as -O3 on these kernels (measured), in half the compile time.
#define CODEGEN_DEFAULT_OPT 2

// Optimisations that can be switched off one at a time (hgnnc -fno-NAME), so that what each one
// buys can be measured (bench/ablation). Every combination computes the same function.
enum {
    CODEGEN_NO_EXTENTS = 1u << 0,   // every kernel runs on all rows of its dimension
    CODEGEN_NO_FUSE = 1u << 1,      // no bias or add fused into a product (pass_plan)
    CODEGEN_NO_GEMM = 1u << 2,      // every product through the host's sgemm
    CODEGEN_NO_GEMM_TN = 1u << 3,   // the weight gradients a^T b through the host's sgemm
    CODEGEN_NO_REUSE = 1u << 4,     // a workspace slot per value, none reused
    CODEGEN_NO_SPARSE_GRAD = 1u << 5,  // no parameter flagged HGNN_PARAM_SPARSE_GRAD
};

typedef struct CodegenOptions {
    int opt_level;          // -O0..-O3: LLVM's default<On> pipeline and code generator level
    unsigned off;           // CODEGEN_NO_* bits
    int precision;          // HGNN_PRECISION_*: the generated gemms' operands (hgnnc --precision);
                            // the products left to the host's sgemm stay fp32
} CodegenOptions;

#define CODEGEN_DEFAULTS ((CodegenOptions){CODEGEN_DEFAULT_OPT, 0, HGNN_PRECISION_FP32})

// Prints the LLVM module for m. optimized == 0 prints it as generated, before any pass: it holds
// nothing specific to the host CPU, so golden tests can compare it; optimized != 0 prints it after
// LLVM's default<O{opt_level}> pipeline for the host. Returns 0, or -1 with a message in err.
int codegen_print_llvm(FILE *f, IrModule *m, const CodegenOptions *opt, int optimized, char *err,
                       size_t err_len);

// Compiles m for the host CPU (name and features) into a position-independent ELF relocatable
// object held in memory. *obj is malloc'ed; the caller frees it. Returns 0 or -1 with err set.
int codegen_object(IrModule *m, const CodegenOptions *opt, char **obj, size_t *obj_len,
                   char *err, size_t err_len);

// Compiles m into a shared object at path (link.c): the object file is linked by `cc -shared`
// into a temporary file beside path, which is renamed over path only once complete. Returns 0 or
// -1 with err set.
int codegen_shared_object(IrModule *m, const CodegenOptions *opt, const char *path, char *err,
                          size_t err_len);

// Whether this CPU runs bf16 products (avx512_bf16's vdpbf16ps), as LLVM sees the host.
bool codegen_host_has_bf16(void);

// The LLVM this compiler runs ("19.1.7"), for hgnnc --version: LLVMGetVersion, into buf.
const char *codegen_llvm_version(char *buf, size_t len);

#endif
