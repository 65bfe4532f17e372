// pass_hetero.h — to_hetero: expands the generic block of a lowered module per edge type and
// node type, as torch_geometric.nn.to_hetero(model, metadata, aggr="sum") does.
#ifndef HGNN_PASS_HETERO_H
#define HGNN_PASS_HETERO_H

#include "ir.h"

// Rewrites m in place and sets m->stage = IR_STAGE_HETERO. A layer applied to a node type that
// no edge type ends at is reported with error_at; after an error the module is unusable (the
// caller checks diag_error_count()).
void pass_hetero(IrModule *m);

#endif
