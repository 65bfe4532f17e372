#!/usr/bin/python3
"""check_step.py GOLDEN.json DIR — hgnn's training steps against PyG's numbers, without PyG.

GOLDEN.json (tools/pyg_batch.py golden) holds what PyG 2.4 computed on hgnn's seed-0 initial
weights and first 20 training batches: the loss of each step, and summaries (L1 and L2 norms, the
eight largest entries) of every gradient and of the weights after the first Adam step. DIR is
what build/hgnn_batch wrote for the same seed. Passes when every figure agrees to 1e-5
relative (the harness measured ~1e-6; tools/README.md, docs/pyg-parity.md).
"""
import json
import os.path as osp
import sys

import numpy as np

sys.path.insert(0, osp.join(osp.dirname(osp.abspath(__file__)), "..", "..", "tools"))
from npfiles import read_safetensors  # noqa: E402  (tools/, numpy only)

TOL = 1e-5


def compare(what, got, want, failures):
    """got: a flat array; want: {"l1", "l2", "top": [[index, value]...]}."""
    scale = max(abs(v) for _, v in want["top"]) or 1.0
    checks = [("l1", float(np.abs(got).sum()), want["l1"], want["l1"]),
              ("l2", float(np.sqrt((got * got).sum())), want["l2"], want["l2"])]
    checks += [(f"[{i}]", float(got[i]), v, scale) for i, v in want["top"]]
    worst = 0.0
    for name, g, w, s in checks:
        err = abs(g - w) / (abs(s) if s else 1.0)
        worst = max(worst, err)
        if err > TOL:
            failures.append(f"{what}{name}: hgnn {g:.9g}, PyG {w:.9g} (relative error {err:.2e})")
    return worst


def main():
    golden, d = json.load(open(sys.argv[1])), sys.argv[2]
    step = json.load(open(osp.join(d, "step.json")))
    failures, worst = [], 0.0
    if len(step["losses"]) != len(golden["losses"]):
        failures.append(f"hgnn ran {len(step['losses'])} steps, the golden file has "
                        f"{len(golden['losses'])}")
    for i, (g, w) in enumerate(zip(step["losses"], golden["losses"])):
        err = abs(g - w) / abs(w)
        worst = max(worst, err)
        if err > TOL:
            failures.append(f"loss of step {i + 1}: hgnn {g:.9g}, PyG {w:.9g} ({err:.2e})")
    for kind, file in (("grads", "grads.safetensors"), ("params1", "params1.safetensors")):
        got = {k: v.reshape(-1).astype(np.float64)
               for k, v in read_safetensors(osp.join(d, file)).items()}
        for name, want in golden[kind].items():
            if name not in got:
                failures.append(f"{file}: no tensor {name}")
                continue
            worst = max(worst, compare(f"{kind} {name}", got[name], want, failures))
    for f in failures:
        print(f"check_step: {f}", file=sys.stderr)
    print(f"check_step: {len(golden['losses'])} steps, {len(golden['grads'])} gradients, "
          f"worst relative error {worst:.2e} (tolerance {TOL:g}): "
          f"{'FAIL' if failures else 'ok'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
