#!/bin/sh
# to_hetero(aggr=mean) and (aggr=max) on examples/movielens_tags.hgnn (movie and user each receive
# two edge types, genre one): one epoch each trains to val and test AUC above 0.8, and each
# differs from aggr=sum's run.
# Usage: check_hetero_aggr.sh HGNN_RUN examples/movielens_tags.hgnn DATA_DIR
set -u
run=$1 model=$2 data=$3
NAME=check_hetero_aggr
. "$(dirname "$0")/../lib.sh"

for aggr in sum mean max; do
    sed "s/^gnn = to_hetero(aggr=sum) {/gnn = to_hetero(aggr=$aggr) {/" "$model" >"$tmp/$aggr.hgnn"
    grep -q "to_hetero(aggr=$aggr)" "$tmp/$aggr.hgnn" || fail "the example's block line moved"
    "$run" "$tmp/$aggr.hgnn" --data "$data" --epochs 1 --seed 0 --progress never \
        >"$tmp/$aggr.out" 2>&1 || fail "aggr=$aggr: $(cat "$tmp/$aggr.out")"
    grep 'loss\|AUC' "$tmp/$aggr.out" | sed 's/ [0-9.]* s .*//; s/, [0-9.]* s)/)/' >"$tmp/$aggr.fig"
done
for aggr in mean max; do
    for part in val test; do
        auc=$(sed -n "s/^$part AUC \([0-9.]*\) .*/\1/p" "$tmp/$aggr.out")
        awk -v a="${auc:-0}" 'BEGIN { exit !(a > 0.8) }' ||
            fail "aggr=$aggr: $part AUC '$auc', want above 0.8"
    done
    cmp -s "$tmp/$aggr.fig" "$tmp/sum.fig" && fail "aggr=$aggr trains as aggr=sum does"
done
[ $fails -eq 0 ] && echo "$NAME: ok"
exit $((fails != 0))
