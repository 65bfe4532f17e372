// jit.h — in-process compilation with ORC LLJIT. The object code is exactly what
// `hgnnc -o model.so` links (codegen_object), so both paths compute the same numbers.
// hgnn_jit_compile itself (parse, check, lower, to_hetero, grad, compile) is declared in
// include/hgnn/abi.h, the header the runtime sees.
#ifndef HGNN_JIT_H
#define HGNN_JIT_H

#include <stddef.h>

#include "codegen.h"
#include "hgnn/abi.h"
#include "ir.h"

// Compiles m (after to_hetero, and grad for training) and returns its model. The code stays
// loaded for the rest of the process. Returns NULL with a one-line message in err on failure.
const HgnnModel *jit_module(IrModule *m, int opt_level, char *err, size_t err_len);
// The same with every codegen option (the precision, -fno-NAME).
const HgnnModel *jit_module_opt(IrModule *m, const CodegenOptions *opt, char *err,
                                size_t err_len);

#endif
