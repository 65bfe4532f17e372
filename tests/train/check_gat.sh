#!/bin/sh
# examples/gat.hgnn end to end: one epoch of training reaches val AUC > 0.8, --save writes PyG's
# GATConv state_dict (att_src / att_dst as [1, 2, 32], bias [64], lin_src.weight and its alias
# lin_dst.weight [64, 64] per edge type and layer), --load of that file evaluates to the same
# AUCs by name, and with attention dropout the checkpoint does not depend on --threads; with
# gat((64, 64), 32, ...) lin_src.weight and lin_dst.weight are separate tensors.
# Usage: check_gat.sh HGNN_RUN examples/gat.hgnn DATA_DIR
set -u
run=$1 model=$2 data=$3
NAME=check_gat
. "$(dirname "$0")/../lib.sh"

"$run" "$model" --data "$data" --seed 0 --epochs 1 --progress never --save "$tmp/c.safetensors" \
    --metrics "$tmp/train.json" >"$tmp/out" 2>"$tmp/err" || fail "run failed: $(cat "$tmp/err")"
auc() { sed -n "s/.*\"$1\": *\([0-9.]*\).*/\1/p" "$2" | head -1; }
val=$(auc val_auc "$tmp/train.json") test=$(auc test_auc "$tmp/train.json")
awk -v v="$val" 'BEGIN { exit !(v > 0.8) }' || fail "val AUC after one epoch is '$val', want > 0.8"

# The header: an 8-byte little-endian length, then that many bytes of JSON.
n=$(od -An -t u8 -N8 "$tmp/c.safetensors" | tr -d ' ')
dd if="$tmp/c.safetensors" bs=1 skip=8 count="$n" 2>/dev/null | tr '}' '\n' >"$tmp/header"
for l in conv1 conv2; do
    for e in user__rates__movie movie__rev_rates__user; do
        p="gnn.$l.$e"
        for want in "\"$p.att_src\":{\"dtype\":\"F32\",\"shape\":\[1,2,32\]" \
                    "\"$p.att_dst\":{\"dtype\":\"F32\",\"shape\":\[1,2,32\]" \
                    "\"$p.bias\":{\"dtype\":\"F32\",\"shape\":\[64\]" \
                    "\"$p.lin_src.weight\":{\"dtype\":\"F32\",\"shape\":\[64,64\]" \
                    "\"$p.lin_dst.weight\":{\"dtype\":\"F32\",\"shape\":\[64,64\]"; do
            grep -q "$want" "$tmp/header" || fail "no $want in the header: $(cat "$tmp/header")"
        done
    done
done
count=$(grep -c '"data_offsets"' "$tmp/header")
[ "$count" -eq 24 ] || fail "$count tensors, want 24 (4 inputs + 2 layers x 2 edge types x 5)"

# Loaded by name, evaluated without training: the same AUCs.
"$run" "$model" --data "$data" --seed 0 --epochs 0 --progress never --load "$tmp/c.safetensors" \
    --metrics "$tmp/load.json" >"$tmp/out" 2>"$tmp/err" || fail "--load failed: $(cat "$tmp/err")"
lval=$(auc val_auc "$tmp/load.json") ltest=$(auc test_auc "$tmp/load.json")
[ "$lval" = "$val" ] && [ "$ltest" = "$test" ] ||
    fail "after --load: val $lval, test $ltest; trained: val $val, test $test"
# With attention dropout, the same checkpoint bytes for any --threads (the mask is a hash of
# the batch seed, edge and head; the kernels split destination rows).
sed 's/heads=2)$/heads=2, dropout=0.3)/' "$model" >"$tmp/drop.hgnn"
grep -q 'dropout=0.3' "$tmp/drop.hgnn" || fail "no dropout in the copy of $model"
for th in 1 2; do
    "$run" "$tmp/drop.hgnn" --data "$data" --seed 1 --epochs 1 --limit-batches 12 --threads $th \
        --progress never --save "$tmp/t$th.safetensors" >"$tmp/out" 2>"$tmp/err" ||
        fail "dropout run, --threads $th: $(cat "$tmp/err")"
done
cmp -s "$tmp/t1.safetensors" "$tmp/t2.safetensors" || fail "--threads 1 and 2 differ with dropout"

# gat((IN_src, IN_dst), OUT), GATConv with a tuple in_channels: lin_src.weight and lin_dst.weight
# are two tensors [64, 64] of their own (different bytes after training), as PyG lists them.
sed -e 's/gat(hidden, 32, heads=2)$/gat((hidden, hidden), 32, heads=2)/' \
    -e 's/gat(64, 32, heads=2)$/gat((64, 64), 32, heads=2)/' "$model" >"$tmp/tuple.hgnn"
[ "$(grep -c 'gat((' "$tmp/tuple.hgnn")" -eq 2 ] || fail "no tuples in the copy of $model"
"$run" "$tmp/tuple.hgnn" --data "$data" --seed 0 --epochs 1 --limit-batches 12 --progress never \
    --save "$tmp/tuple.safetensors" >"$tmp/out" 2>"$tmp/err" ||
    fail "tuple run failed: $(cat "$tmp/err")"
n=$(od -An -t u8 -N8 "$tmp/tuple.safetensors" | tr -d ' ')
dd if="$tmp/tuple.safetensors" bs=1 skip=8 count="$n" 2>/dev/null | tr '}' '\n' >"$tmp/theader"
# The bytes of a tensor by name, from its data_offsets (after the 8 + n header bytes).
tensor() {
    off=$(sed -n "s/.*\"$1\":{.*\"data_offsets\":\[\([0-9]*\),\([0-9]*\)\].*/\1 \2/p" \
          "$tmp/theader")
    set -- $off
    [ $# -eq 2 ] && tail -c +$((8 + n + $1 + 1)) "$tmp/tuple.safetensors" | head -c $(($2 - $1))
}
for l in conv1 conv2; do
    for e in user__rates__movie movie__rev_rates__user; do
        p="gnn.$l.$e"
        for w in lin_src lin_dst; do
            want="\"$p.$w.weight\":{\"dtype\":\"F32\",\"shape\":\[64,64\]"
            grep -q "$want" "$tmp/theader" || fail "tuple: no $want in the header"
        done
        tensor "$p.lin_src.weight" >"$tmp/src.bin"
        tensor "$p.lin_dst.weight" >"$tmp/dst.bin"
        [ "$(wc -c <"$tmp/src.bin")" -eq 16384 ] && [ "$(wc -c <"$tmp/dst.bin")" -eq 16384 ] ||
            fail "tuple: $p's lin_src / lin_dst are not 64 x 64 floats"
        cmp -s "$tmp/src.bin" "$tmp/dst.bin" && fail "tuple: $p.lin_dst.weight is lin_src's copy"
    done
done
count=$(grep -c '"data_offsets"' "$tmp/theader")
[ "$count" -eq 24 ] || fail "tuple: $count tensors, want 24"
[ $fails -eq 0 ] && echo "$NAME: ok (val AUC $val after one epoch)"
exit $((fails != 0))
