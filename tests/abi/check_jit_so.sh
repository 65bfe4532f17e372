#!/bin/sh
# The two ways to run a model agree: hgnn-run on models/movielens.hgnn (compiled in process by the
# JIT) and on the .so hgnnc makes of it print the same metrics, for the same seed, to the last
# digit (the JIT links the very object code hgnnc links into the .so).
# usage: check_jit_so.sh HGNNC HGNN_RUN MODEL.hgnn DATA_DIR
set -eu
hgnnc=$1 run=$2 model=$3 data=$4
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jit_so.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
"$hgnnc" "$model" -o "$tmp/model.so"
common="--data $data --epochs 1 --batch-size 1024 --seed 3 --progress never --quiet"
"$run" "$tmp/model.so" $common --metrics "$tmp/so.json" >"$tmp/so.out"
"$run" "$model" $common --metrics "$tmp/jit.json" >"$tmp/jit.out"
# The numbers that depend on the model must match (AUCs, losses, label counts); timings and
# memory need not.
pick() { grep -E '"(val_auc|test_auc|auc|loss|labels|batches)"' "$1"; }
pick "$tmp/so.json" >"$tmp/so.cmp"
pick "$tmp/jit.json" >"$tmp/jit.cmp"
[ -s "$tmp/so.cmp" ] || { echo "FAIL: no metrics to compare"; exit 1; }
if ! cmp -s "$tmp/so.cmp" "$tmp/jit.cmp"; then
    echo "FAIL: .so and JIT metrics differ"
    diff "$tmp/so.cmp" "$tmp/jit.cmp" | head -n 20
    exit 1
fi
grep -q '"val_auc"' "$tmp/so.json" || { echo "FAIL: no val_auc in metrics"; exit 1; }
auc=$(grep -m 1 val_auc "$tmp/so.json" | tr -d " ,")
echo "PASS: .so and JIT agree on $(wc -l <"$tmp/so.cmp") metrics: $auc"
