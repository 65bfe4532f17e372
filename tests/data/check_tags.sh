#!/bin/sh
# examples/movielens_tags.hgnn, the bundled files as three node types and six edge types: the
# counts `hgnn-run MODEL --inspect` prints by name (genre nodes from movies.csv's genres list,
# tag edges from tags.csv, every reverse type), and a short run of it through the JIT.
# Usage: check_tags.sh HGNN_RUN MODEL.hgnn DATA_DIR
set -u
run=$1 model=$2 data=$3
NAME=check_tags
. "$(dirname "$0")/../lib.sh"

out=$("$run" "$model" --data "$data" --inspect --seed 0) || fail "--inspect exited $?"
want() { printf '%s' "$out" | grep -qF -- "$1" || fail "missing $1 in $out"; }
want '"nodes":{"user":610,"movie":9742,"genre":20}'
want '"features":{"movie":20}'
want '"edges":{"user__rates__movie":100836,"user__tagged__movie":3683,"movie__has_genre__genre":22084,"movie__rev_rates__user":100836,"movie__rev_tagged__user":3683,"genre__rev_has_genre__movie":22084}'
want '"target":"user__rates__movie"'
# Only the target and its reverse are split: the tutorial's counts.
want '"train":{"message_passing":56469,"supervision":24201}'
want '"test":{"message_passing":90753,"labels":30249}'
# Every other type passes messages in the first batch too.
batch=$(printf '%s' "$out" | sed 's/.*"first_batch"://')
for e in user__tagged__movie movie__has_genre__genre genre__rev_has_genre__movie; do
    n=$(printf '%s' "$batch" | grep -o "\"$e\":[0-9]*" | cut -d: -f2)
    [ -n "$n" ] && [ "$n" -gt 0 ] || fail "first batch has no $e edges: $batch"
done

"$run" "$model" --data "$data" --epochs 1 --limit-batches 10 >"$tmp/out" 2>&1 ||
    fail "training exited $?: $(cat "$tmp/out")"
grep -q '^model movielens_tags: ' "$tmp/out" || fail "no header: $(cat "$tmp/out")"
grep -q '^test AUC 0\.[0-9]' "$tmp/out" || fail "no test AUC: $(cat "$tmp/out")"
[ $fails -eq 0 ] && echo "check_tags: ok"
[ $fails -eq 0 ]
