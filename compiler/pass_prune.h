// pass_prune.h — computes row-wise values only for the rows a gather reads: the last layer only
// for the nodes the classifier reads (PyG computes it for every sampled node).
#ifndef HGNN_PASS_PRUNE_H
#define HGNN_PASS_PRUNE_H

#include "ir.h"

// Rewrites m in place: every GATHER(x, idx) whose table x is a row-wise op (add, sub, mul, scale,
// bias_add, mul_col, rowdot, relu, matmul with untransposed a) needed only through gathers by
// that same idx becomes the op applied to the gathered operands, recursively, down to a value
// that is needed whole anyway or an op that mixes rows (aggregations, gather, leaves). Results
// are the same up to float rounding. Needs a module in hetero stage, before pass_grad.
void pass_prune(IrModule *m);

#endif
