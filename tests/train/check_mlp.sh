#!/bin/sh
# The tutorial with the mlp classifier (examples/movielens_mlp.hgnn): one epoch reaches val and
# test AUC above 0.8; --rank-eval 10 ranks through HgnnModel.score (the mlp on whole-graph
# embeddings), well above chance; --save writes the classifier as PyG's MLP state_dict names it
# (classifier.lins.0.weight [64,128], .lins.0.bias [64], .lins.1.weight [1,64], .lins.1.bias [1]).
# Usage: check_mlp.sh HGNN_RUN examples/movielens_mlp.hgnn DATA_DIR
set -u
run=$1 model=$2 data=$3
NAME=check_mlp
. "$(dirname "$0")/../lib.sh"

"$run" "$model" --data "$data" --epochs 1 --seed 0 --progress never --rank-eval 10 \
    --save "$tmp/c.safetensors" >"$tmp/out" 2>"$tmp/err" || fail "run failed: $(cat "$tmp/err")"
for part in val test; do
    auc=$(sed -n "s/^$part AUC \([0-9.]*\) .*/\1/p" "$tmp/out")
    [ -n "$auc" ] || fail "no $part AUC: $(cat "$tmp/out")"
    awk -v a="${auc:-0}" 'BEGIN { exit !(a > 0.8) }' || fail "$part AUC $auc, want above 0.8"
    # Recall@10 of 601 users among ~9,500 unseen movies: chance is about 0.001.
    rec=$(sed -n "s/^rank $part model *@10: recall \([0-9.]*\) .*/\1/p" "$tmp/out")
    [ -n "$rec" ] || fail "no $part ranking line: $(cat "$tmp/out")"
    awk -v r="${rec:-0}" 'BEGIN { exit !(r > 0.02) }' || fail "$part recall@10 $rec, want above 0.02"
done
n=$(od -An -t u8 -N8 "$tmp/c.safetensors" | tr -d ' ')
dd if="$tmp/c.safetensors" bs=1 skip=8 count="$n" 2>/dev/null | tr '}' '\n' >"$tmp/header"
for want in '"classifier.lins.0.weight":{"dtype":"F32","shape":\[64,128\]' \
            '"classifier.lins.0.bias":{"dtype":"F32","shape":\[64\]' \
            '"classifier.lins.1.weight":{"dtype":"F32","shape":\[1,64\]' \
            '"classifier.lins.1.bias":{"dtype":"F32","shape":\[1\]'; do
    grep -q "$want" "$tmp/header" || fail "no $want in the header: $(cat "$tmp/header")"
done
count=$(grep -c '"data_offsets"' "$tmp/header")
[ "$count" -eq 20 ] || fail "$count tensors, want 20 (4 inputs + 2 layers x 2 edge types x 3 + 4)"
[ $fails -eq 0 ] && echo "$NAME: ok"
exit $((fails != 0))
