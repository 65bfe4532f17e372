#!/bin/sh
# layer_norm in the to_hetero block (the tutorial with x = relu(ln(conv1(x)))): --save holds one
# LayerNorm per node type under PyG's to_hetero names, gnn.ln.user.weight [64], .bias [64],
# gnn.ln.movie.*, weight and bias 1-D as torch's LayerNorm(64) state_dict; two batches train
# to a finite loss.
# Usage: check_layer_norm.sh HGNN_RUN models/movielens.hgnn DATA_DIR
set -u
run=$1 model=$2 data=$3
NAME=check_layer_norm
. "$(dirname "$0")/../lib.sh"

sed 's/^    x = relu(conv1(x))$/    ln = layer_norm(hidden)\n    x = relu(ln(conv1(x)))/' "$model" \
    >"$tmp/ln.hgnn"
grep -q 'relu(ln(conv1' "$tmp/ln.hgnn" || fail "the tutorial's conv1 line moved"
"$run" "$tmp/ln.hgnn" --data "$data" --batch-size 1024 --epochs 1 --limit-batches 2 \
    --progress never --save "$tmp/c.safetensors" >"$tmp/out" 2>"$tmp/err" ||
    fail "run failed: $(cat "$tmp/err")"
grep -q '^epoch 1/1  loss [0-9]' "$tmp/out" || fail "no finite loss: $(cat "$tmp/out")"
n=$(od -An -t u8 -N8 "$tmp/c.safetensors" | tr -d ' ')
dd if="$tmp/c.safetensors" bs=1 skip=8 count="$n" 2>/dev/null | tr '}' '\n' >"$tmp/header"
for t in user movie; do
    for p in weight bias; do
        want="\"gnn.ln.$t.$p\":{\"dtype\":\"F32\",\"shape\":\[64\]"
        grep -q "$want" "$tmp/header" || fail "no $want in the header: $(cat "$tmp/header")"
    done
done
count=$(grep -c '"data_offsets"' "$tmp/header")
[ "$count" -eq 20 ] || fail "$count tensors, want 20 (16 of the tutorial + 2 node types x 2)"
[ $fails -eq 0 ] && echo "$NAME: ok"
exit $((fails != 0))
