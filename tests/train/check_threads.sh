#!/bin/sh
# Results do not depend on --threads: one epoch of the tutorial's model with 1, 2 and 3 compute
# threads, each with and without the prefetch thread, must print the same loss and AUCs and save
# byte-identical checkpoints (the model's kernels and Adam split work only where every output
# element keeps its arithmetic, see runtime/pool.h and compiler/codegen.c call_par).
# Usage: check_threads.sh HGNNC HGNN_RUN MODEL DATA_DIR
set -u
hgnnc=$1 run=$2 model=$3 data=$4
tmp=$(mktemp -d /tmp/hgnn-threads.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "check_threads: FAIL: $*" >&2; fails=$((fails + 1)); }

"$hgnnc" "$model" -o "$tmp/model.so" || { echo "check_threads: FAIL: hgnnc" >&2; exit 1; }
for t in 1 2 3; do
    for pf in "" --no-prefetch; do
        name=t$t$pf
        "$run" "$tmp/model.so" --data "$data" --epochs 1 --threads "$t" $pf --progress never \
            --save "$tmp/$name.safetensors" > "$tmp/$name.log" 2>&1 ||
            { fail "--threads $t $pf: exit code $?: $(cat "$tmp/$name.log")"; continue; }
        grep -q "seed 0, $t thread(s)" "$tmp/$name.log" || fail "--threads $t: not in the header"
        # The numbers only: epoch loss, val and test AUC and loss (not the seconds).
        awk '/^epoch/ { print $1, $3, $4 } /AUC/ { print $1, $3, $5 }' "$tmp/$name.log" \
            > "$tmp/$name.numbers"
        [ "$(wc -l < "$tmp/$name.numbers")" -eq 3 ] ||
            fail "--threads $t $pf: expected an epoch line and two AUC lines: $(cat "$tmp/$name.log")"
        if [ "$name" != t1 ]; then
            cmp -s "$tmp/t1.numbers" "$tmp/$name.numbers" ||
                fail "--threads $t $pf: $(tr '\n' ' ' < "$tmp/$name.numbers"), 1 thread: $(tr '\n' ' ' < "$tmp/t1.numbers")"
            cmp -s "$tmp/t1.safetensors" "$tmp/$name.safetensors" ||
                fail "--threads $t $pf: checkpoint differs from --threads 1"
        fi
    done
done
[ $fails -eq 0 ] && echo "check_threads: ok ($(tr '\n' ' ' < "$tmp/t1.numbers"))"
[ $fails -eq 0 ]
