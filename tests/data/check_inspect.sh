#!/bin/sh
# Checks the counts hgnn-run --inspect prints for ml-latest-small (spec §2.6, §3.1) and that the
# first training batch is plausible: 384 labels, node and edge counts within PyG's range.
# Usage: check_inspect.sh HGNN_RUN DATA_DIR
out=$("$1" --data "$2" --inspect --seed 0) || { echo "FAIL: hgnn-run exited $?"; exit 1; }
echo "$out"
fails=0
want() {
    if printf '%s' "$out" | grep -qF -- "$1"; then echo "ok   $1"; else echo "FAIL $1"; fails=$((fails + 1)); fi
}
want '"nodes":{"user":610,"movie":9742}'
want '"features":{"movie":20}'
want '"edges":{"user__rates__movie":100836,"movie__rev_rates__user":100836}'
want '"train":{"message_passing":56469,"supervision":24201}'
want '"val":{"message_passing":80670,"labels":30249}'
want '"test":{"message_passing":90753,"labels":30249}'
want '"batches":{"train":190,"val":79,"test":79}'
want '"target":"user__rates__movie"'
want '"labels":384}}'
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || { echo "FAIL: not one line"; fails=$((fails + 1)); }

# First batch: PyG reports ~606 users, ~2700 movies, ~17000 + ~7700 edges.
batch=$(printf '%s' "$out" | sed 's/.*"first_batch"://')
num() { printf '%s' "$batch" | grep -o "\"$1\":[0-9]*" | head -n 1 | cut -d: -f2; }
range() {   # range NAME LO HI
    v=$(num "$1")
    if [ -n "$v" ] && [ "$v" -ge "$2" ] && [ "$v" -le "$3" ]; then echo "ok   first batch $1 = $v"
    else echo "FAIL first batch $1 = '$v' not in [$2, $3]"; fails=$((fails + 1)); fi
}
range user 550 610
range movie 2300 3100
range user__rates__movie 14000 20000
range movie__rev_rates__user 6500 9000

# Another seed gives another first batch; the same seed the same output.
[ "$("$1" --data "$2" --inspect --seed 0)" = "$out" ] || { echo "FAIL: seed 0 not reproducible"; fails=$((fails + 1)); }
[ "$("$1" --data "$2" --inspect --seed 1)" != "$out" ] || { echo "FAIL: seed 1 = seed 0"; fails=$((fails + 1)); }

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
