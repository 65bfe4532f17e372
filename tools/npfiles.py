"""npfiles.py — safetensors read with numpy alone: what tools/pyg_batch.py (which wraps the arrays
as torch tensors) and the CI test tests/pyg/check_step.py (no torch there) share."""
import json
import struct
import sys

import numpy as np


def read_safetensors(path):
    """{name: float32 array of the stored shape}; only F32 tensors, as hgnn writes them."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        blob = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        if meta["dtype"] != "F32":
            sys.exit(f"{path}: {name}: dtype {meta['dtype']}, expected F32")
        a, b = meta["data_offsets"]
        out[name] = np.frombuffer(blob[a:b], dtype="<f4").copy().reshape(meta["shape"])
    return out
