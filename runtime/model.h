// model.h — opening a compiled model: a shared object from hgnnc (checked before and after
// dlopen), or a .hgnn source compiled in process by the JIT. Only hgnn/abi.h is shared with the
// compiler.
#ifndef HGNN_MODEL_H
#define HGNN_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "hgnn/abi.h"
#include "error.h"

// Opens path: `*.hgnn` goes through hgnn_jit_compile, loaded from the libhgnn_jit.so plugin
// ($HGNN_JIT_LIB, beside the executable, or ../lib); anything else must be an ELF shared object
// for this machine exporting HGNN_ENTRY_SYMBOL, whose model has our magic and ABI version.
// data_types (may be NULL) are the loaded data's node types: a .so must agree with their feature
// widths (NULL: checked later with rt_model_check_widths), a .hgnn adopts them. Returns NULL
// with a one-line message naming the file in err. Truncated files and foreign formats are refused from their ELF headers, before dlopen maps
// (and would run) anything. ov (n_ov, may be NULL) are --set's overrides: a .hgnn's constants
// take their values (hgnn_jit_compile); a .so ignores them (overrides.h refuses a constant).
// precision (HGNN_PRECISION_*, hgnn-run --precision) is what a .hgnn is compiled with and what
// a .so must have been compiled with; -1: a .so's own, fp32 for a .hgnn; RT_PRECISION_AUTO: a
// .so's own, for a .hgnn bf16 where this CPU has avx512_bf16 (hgnnc's default), else fp32. A
// bf16 model on a CPU without avx512_bf16 is refused.
const HgnnModel *rt_model_open(const char *path, const HgnnNodeType *data_types, int32_t n,
                               const HgnnOverride *ov, int32_t n_ov, int32_t precision,
                               RtError *err);
#define RT_PRECISION_AUTO (-2)
// "fp32" or "bf16": HgnnModel.precision's name.
const char *rt_precision_name(int32_t precision);
// Whether this CPU has avx512_bf16 (cpuid), which a bf16 model's products need.
int rt_cpu_has_bf16(void);
// A .so was compiled for fixed feature widths: fails (-1, err naming path) when a node type of
// the model has another width than the data type of the same name in data (n entries). For a .so
// opened with data_types NULL (its own data declaration is read after opening it).
int rt_model_check_widths(const char *path, const HgnnModel *m, const HgnnNodeType *data,
                          int32_t n, RtError *err);

// The schema and data declarations of a `.hgnn` file, before its data is loaded, through the JIT
// plugin's hgnn_jit_declare (see hgnn/abi.h: no code, feature widths -1 where the data decides).
// ov as for rt_model_open. Returns NULL with a one-line message naming the file (or the --set
// flag) in err.
const HgnnModel *rt_model_declare(const char *path, const HgnnOverride *ov, int32_t n_ov,
                                  RtError *err);

#endif
