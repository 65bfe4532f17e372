// lower.h — lowering: a checked model (sema.h) in, the generic typed IR (ir.h) out.
#ifndef HGNN_LOWER_H
#define HGNN_LOWER_H

#include "ir.h"
#include "sema.h"

// Builds the module: schema, parameters in declaration order, the input encoders per node
// type, the to_hetero block once in generic form (node type -1, layer nodes with scope = layer
// number, its input a ZEROS placeholder named "x"), the classifier and the loss.
IrModule *lower_model(Arena *a, const SemModel *sm);
// The schema alone (node and edge types, data declarations, the classifier's edge type), for a
// model checked with schema_only: no values, no parameters.
IrModule *lower_schema(Arena *a, const SemModel *sm);

#endif
