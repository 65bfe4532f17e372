#!/bin/sh
# check_step.sh HGNNC HGNN_BATCH MODEL DATA GOLDEN — PyG parity in CI, without PyG: compiles the
# tutorial model, lets hgnn_batch take 20 training steps from seed 0's initial weights and
# batches, and compares the losses, gradients and weights after the first step with the numbers
# PyG 2.4 computed on the same inputs (GOLDEN, from tools/pyg_batch.py golden).
set -eu
hgnnc=$1 hgnn_batch=$2 model=$3 data=$4 golden=$5
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# fp32: PyG computed the golden figures in fp32 (the default, auto, is bf16 on CPUs with avx512_bf16).
"$hgnnc" "$model" --precision fp32 -o "$tmp/model.so"
"$hgnn_batch" "$tmp/model.so" --data "$data" --seed 0 --batches 20 --steps 20 --out "$tmp/run" \
    >/dev/null
# Debian's python3-numpy (scripts/bootstrap installs it) belongs to /usr/bin/python3, which a
# python3 earlier on PATH (pyenv, a venv) may not see.
/usr/bin/python3 "$here/check_step.py" "$golden" "$tmp/run"
