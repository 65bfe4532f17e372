#!/bin/sh
# A graph_conv model's checkpoint from the outside: hgnn-run --save writes PyG's GraphConv names
# (lin_rel.weight, lin_rel.bias, lin_root.weight per edge type and layer) with PyG's shapes, and
# nothing of sage's (lin_l / lin_r), in the safetensors header.
# Usage: check_graph_conv.sh HGNN_RUN examples/graph_conv.hgnn DATA_DIR
set -u
run=$1 model=$2 data=$3
NAME=check_graph_conv
. "$(dirname "$0")/../lib.sh"

"$run" "$model" --data "$data" --batch-size 1024 --epochs 1 --limit-batches 2 --progress never \
    --save "$tmp/c.safetensors" >"$tmp/out" 2>"$tmp/err" || fail "run failed: $(cat "$tmp/err")"
# The header: an 8-byte little-endian length, then that many bytes of JSON.
n=$(od -An -t u8 -N8 "$tmp/c.safetensors" | tr -d ' ')
dd if="$tmp/c.safetensors" bs=1 skip=8 count="$n" 2>/dev/null | tr '}' '\n' >"$tmp/header"
for l in conv1 conv2; do
    for e in user__rates__movie movie__rev_rates__user; do
        p="gnn.$l.$e"
        for want in "\"$p.lin_rel.weight\":{\"dtype\":\"F32\",\"shape\":\[64,64\]" \
                    "\"$p.lin_rel.bias\":{\"dtype\":\"F32\",\"shape\":\[64\]" \
                    "\"$p.lin_root.weight\":{\"dtype\":\"F32\",\"shape\":\[64,64\]"; do
            grep -q "$want" "$tmp/header" || fail "no $want in the header: $(cat "$tmp/header")"
        done
    done
done
grep -q 'lin_l\|lin_r\.\|lin_root\.bias' "$tmp/header" && fail "sage's or extra names in the header"
count=$(grep -c '"data_offsets"' "$tmp/header")
[ "$count" -eq 16 ] || fail "$count tensors, want 16 (4 inputs + 2 layers x 2 edge types x 3)"
[ $fails -eq 0 ] && echo "$NAME: ok"
exit $((fails != 0))
