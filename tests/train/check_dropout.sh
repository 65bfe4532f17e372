#!/bin/sh
# dropout in training: one epoch of the tutorial with dropout(relu(conv1(x)), p=0.2) gives the
# same figures with 1 and 2 threads (the mask is a hash of the batch's seed, the op, row and
# column), an AUC above 0.8 and a training loss other than the tutorial's; with p=0.0 the model
# is the tutorial, bit for bit.
# Usage: check_dropout.sh HGNN_RUN models/movielens.hgnn DATA_DIR
set -u
run=$1 model=$2 data=$3
NAME=check_dropout
. "$(dirname "$0")/../lib.sh"

sed 's/^    x = relu(conv1(x))$/    x = dropout(relu(conv1(x)), p=0.2)/' "$model" >"$tmp/drop.hgnn"
sed 's/^    x = relu(conv1(x))$/    x = dropout(relu(conv1(x)), 0.0)/' "$model" >"$tmp/zero.hgnn"
grep -q 'dropout(relu' "$tmp/drop.hgnn" || fail "the tutorial's conv1 line moved"
go() {  # MODEL NAME THREADS
    "$run" "$1" --data "$data" --epochs 1 --seed 0 --threads "$3" --progress never \
        --metrics "$tmp/$2.json" >"$tmp/$2.out" 2>&1 || fail "$2: $(cat "$tmp/$2.out")"
    grep 'loss\|AUC' "$tmp/$2.out" | sed 's/ [0-9.]* s .*//; s/, [0-9.]* s)/)/' >"$tmp/$2.fig"
}
go "$tmp/drop.hgnn" drop1 1
go "$tmp/drop.hgnn" drop2 2
go "$tmp/zero.hgnn" zero 1
go "$model" tut 1
cmp -s "$tmp/drop1.fig" "$tmp/drop2.fig" ||
    fail "1 and 2 threads differ: $(cat "$tmp/drop1.fig" "$tmp/drop2.fig")"
cmp -s "$tmp/zero.fig" "$tmp/tut.fig" ||
    fail "p=0.0 is not the tutorial: $(cat "$tmp/zero.fig" "$tmp/tut.fig")"
cmp -s "$tmp/drop1.fig" "$tmp/tut.fig" && fail "p=0.2 trains as the tutorial does"
for part in val test; do
    auc=$(sed -n "s/^$part AUC \([0-9.]*\) .*/\1/p" "$tmp/drop1.out")
    awk -v a="${auc:-0}" 'BEGIN { exit !(a > 0.8) }' || fail "$part AUC '$auc', want above 0.8"
done
[ $fails -eq 0 ] && echo "$NAME: ok"
exit $((fails != 0))
