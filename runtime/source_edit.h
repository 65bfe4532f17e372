// source_edit.h — settings written into a model's .hgnn text, as `--set NAME=VALUE` applies
// them: the tuner's best configuration becomes a ready .hgnn that reads like the original, with
// only the values changed (comments, layout and everything else kept).
#ifndef HGNN_SOURCE_EDIT_H
#define HGNN_SOURCE_EDIT_H

#include <stddef.h>

#include "error.h"

// Returns a malloc'd copy of text[0..len) with NAME set to VALUE: the value of a top-level
// constant `NAME = ...`, else of the `train {}` block's setting `NAME = ...`, else the setting
// added at the end of the train block (a train block is added when there is none). `path` names
// the source in errors. NULL with err set when NAME names something else (a block, a layer) or
// when out of memory. *out_len receives the new length.
char *rt_source_set(const char *path, const char *text, size_t len, const char *name,
                    const char *value, size_t *out_len, RtError *err);

#endif
