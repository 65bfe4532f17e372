// fake_model.c — shared objects that export hgnn_model_entry but are not models this runtime
// can use: built twice by CMake, with FAKE_ABI_VERSION set to a version we do not speak, and with
// FAKE_BAD_MAGIC for a wrong magic number. rt_model_open must refuse both by name.
#include "hgnn/abi.h"

#ifndef FAKE_ABI_VERSION
#define FAKE_ABI_VERSION HGNN_ABI_VERSION
#endif

static const HgnnModel model = {
#ifdef FAKE_BAD_MAGIC
    .magic = 0x12345678u,
#else
    .magic = HGNN_MAGIC,
#endif
    .abi_version = FAKE_ABI_VERSION,
    .name = "fake",
};

const HgnnModel *hgnn_model_entry(void);
const HgnnModel *hgnn_model_entry(void) { return &model; }
