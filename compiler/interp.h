// interp.h — reference interpreter of the IR: naive loops in double precision, the oracle that
// generated code (codegen tests) and autodiff (finite-difference tests) are compared against.
#ifndef HGNN_INTERP_H
#define HGNN_INTERP_H

#include "hgnn/abi.h"
#include "ir.h"

// Same contract as HgnnModel.run (hgnn/abi.h) without workspace and host: mode HGNN_RUN_FORWARD
// writes scores (dims[L] logits, when scores is not NULL) and *loss (when loss is not NULL);
// HGNN_RUN_TRAIN also overwrites grads[i] with d loss / d param i, dense (needs a module after
// pass_grad). params[i] / grads[i] follow m->params; dims come from b->dims. The module must be
// in hetero or grad stage (every row count resolvable from b->dims).
void interp_run(const IrModule *m, int mode, const HgnnBatch *b, float *const *params,
                float *const *grads, float *scores, float *loss);

// The loss in double, for finite differences that would drown in float rounding; in training
// mode (dropout drops, with b->seed's mask), the function HGNN_RUN_TRAIN's gradients are of.
double interp_loss(const IrModule *m, const HgnnBatch *b, float *const *params);

// Evaluates what node n depends on in `mode` (HGNN_RUN_FORWARD: what `run` computes in forward
// mode, dropout the identity; HGNN_RUN_TRAIN: dropout and attention dropout drop, with b->seed's
// masks) and returns its value, row-major, as a malloc'ed array of rows x cols doubles (ids as
// exact integers); *rows receives the row count. For op-level tests.
double *interp_value(const IrModule *m, int mode, const HgnnBatch *b, float *const *params,
                     const IrNode *n, int64_t *rows);

// The precision the interpreter models (HGNN_PRECISION_*, fp32 until set): with bf16, the
// operands of every product that codegen's generated gemms run (plan_gemm) are rounded to float
// and then to bf16 (nearest even) before the double sum: the oracle of hgnnc --precision bf16.
void interp_set_precision(int precision);

#endif
