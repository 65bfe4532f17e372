// pass_grad.h — reverse-mode automatic differentiation of a hetero-stage IR module.
#ifndef HGNN_PASS_GRAD_H
#define HGNN_PASS_GRAD_H

#include "ir.h"

// Appends to m the nodes computing d loss / d param for every parameter and sets
// m->params[i].grad (a ZEROS node when the loss does not depend on the parameter), then sets
// m->stage = IR_STAGE_GRAD and removes what neither scores, loss nor a gradient needs. A parameter
// reached only through an op without a derivative is left with grad NULL, which ir_verify
// rejects. Needs m->loss and a module in hetero stage.
void pass_grad(IrModule *m);

#endif
