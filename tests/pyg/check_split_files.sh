#!/bin/sh
# check_split_files.sh HGNNC HGNN_BATCH HGNN_RUN MODEL DATA — a split read from files trains as the
# split it was written from: hgnn_batch writes seed 1's split (OUT/split/, the layout of
# tools/pyg_batch.py export), hgnn_batch --split trains and evaluates on it, and its epoch losses
# and AUCs must be hgnn-run --seed 1's, bit for bit.
set -eu
hgnnc=$1 hgnn_batch=$2 hgnn_run=$3 model=$4 data=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$hgnnc" "$model" -o "$tmp/model.so"
"$hgnn_batch" "$tmp/model.so" --data "$data" --seed 1 --out "$tmp/own" >/dev/null
"$hgnn_batch" "$tmp/model.so" --data "$data" --seed 1 --split "$tmp/own" \
    --metrics "$tmp/files.json" >/dev/null
"$hgnn_run" "$tmp/model.so" --data "$data" --seed 1 --metrics "$tmp/drawn.json" >/dev/null
# Every figure but the timings: epoch losses, AUCs, eval losses, split counts.
figures() {
    grep -E '"(loss|val_auc|test_auc|auc|labels|message_passing|supervision)"' "$1"
}
figures "$tmp/files.json" >"$tmp/files.txt"
figures "$tmp/drawn.json" >"$tmp/drawn.txt"
if [ "$(wc -l <"$tmp/files.txt")" -lt 10 ] || ! diff "$tmp/drawn.txt" "$tmp/files.txt"; then
    echo "check_split_files: the split read from files did not train as the drawn one" >&2
    exit 1
fi
echo "check_split_files: ok"
