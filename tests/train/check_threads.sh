#!/bin/sh
# Results do not depend on --threads: one epoch of the tutorial's model with 1, 2 and 3 compute
# threads and auto (the default), each with and without the prefetch thread, must print the same
# loss and AUCs and save byte-identical checkpoints (the model's kernels and Adam split work only
# where every output element keeps its arithmetic, see runtime/pool.h and compiler/codegen.c
# call_par; auto's calibration steps run no optimizer step), with Adam and with sparse-adam
# (whose rows auto spreads over every core). The header line names the count,
# and auto what it chose from; an affinity of one core (taskset) makes auto choose one thread
# without calibrating. No timing is checked.
# Usage: check_threads.sh HGNNC HGNN_RUN MODEL DATA_DIR
set -u
hgnnc=$1 run=$2 model=$3 data=$4
tmp=$(mktemp -d /tmp/hgnn-threads.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "check_threads: FAIL: $*" >&2; fails=$((fails + 1)); }

"$hgnnc" "$model" -o "$tmp/model.so" || { echo "check_threads: FAIL: hgnnc" >&2; exit 1; }
for t in 1 2 3 auto; do
    for pf in "" --no-prefetch; do
        name=t$t$pf
        "$run" "$tmp/model.so" --data "$data" --epochs 1 --threads "$t" $pf --progress never \
            --save "$tmp/$name.safetensors" --metrics "$tmp/$name.json" > "$tmp/$name.log" 2>&1 ||
            { fail "--threads $t $pf: exit code $?: $(cat "$tmp/$name.log")"; continue; }
        if [ "$t" = auto ]; then
            # "1 thread(s) (auto: 2 cores, 2.79 ms/step on 2 threads, 1.60 on 1)", or one core's
            grep -Eq "seed 0, [12] thread\(s\) \(auto: ([0-9]+ cores, [0-9.]+ ms/step on [0-9]+ threads, [0-9.]+ on 1|1 core)\)" \
                "$tmp/$name.log" || fail "--threads auto $pf: no choice in the header: $(head -1 "$tmp/$name.log")"
            grep -q '"threads_auto": true' "$tmp/$name.json" ||
                fail "--threads auto $pf: metrics lack \"threads_auto\": true"
        else
            grep -q "seed 0, $t thread(s), " "$tmp/$name.log" || fail "--threads $t: not in the header"
            grep -q "\"threads\": $t," "$tmp/$name.json" || fail "--threads $t: not in the metrics"
        fi
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

# Fewer batches than auto's calibration takes: it goes over them again, and changes nothing.
for t in 1 auto; do
    "$run" "$tmp/model.so" --data "$data" --epochs 2 --limit-batches 5 --threads $t \
        --progress never --save "$tmp/few$t.safetensors" > "$tmp/few$t.log" 2>&1 ||
        fail "--limit-batches 5 --threads $t: exit code $?: $(cat "$tmp/few$t.log")"
done
cmp -s "$tmp/few1.safetensors" "$tmp/fewauto.safetensors" ||
    fail "--limit-batches 5: --threads auto's checkpoint differs from --threads 1's"

# sparse-adam: auto updates the sparse rows on every core even when the model runs on one
# thread; 1, 2 and auto save the same bytes.
for t in 1 2 auto; do
    "$run" "$tmp/model.so" --data "$data" --epochs 1 --limit-batches 40 --threads $t \
        --optimizer sparse-adam --progress never --save "$tmp/sparse$t.safetensors" \
        > "$tmp/sparse$t.log" 2>&1 || fail "sparse-adam --threads $t: exit code $?: $(cat "$tmp/sparse$t.log")"
done
for t in 2 auto; do
    cmp -s "$tmp/sparse1.safetensors" "$tmp/sparse$t.safetensors" ||
        fail "sparse-adam --threads $t: checkpoint differs from --threads 1"
done

# The default is auto; on one core it chooses one thread and says so. A short run, compared with
# --threads 1 and 2 on the same batches by its checkpoint bytes.
if command -v taskset > /dev/null && taskset -c 0 true 2> /dev/null; then
    for t in 1 2 default; do
        th="--threads $t"
        [ "$t" = default ] && th=
        taskset -c 0 "$run" "$tmp/model.so" --data "$data" --epochs 1 --limit-batches 40 $th \
            --progress never --save "$tmp/one$t.safetensors" --metrics "$tmp/one$t.json" \
            > "$tmp/one$t.log" 2>&1 || fail "taskset -c 0 $th: exit code $?: $(cat "$tmp/one$t.log")"
    done
    grep -q "seed 0, 1 thread(s) (auto: 1 core), " "$tmp/onedefault.log" ||
        fail "taskset -c 0, default threads: not 'auto: 1 core': $(head -1 "$tmp/onedefault.log")"
    grep -q '"threads": 1,' "$tmp/onedefault.json" && grep -q '"threads_cores": 1' "$tmp/onedefault.json" ||
        fail "taskset -c 0, default threads: the metrics do not say 1 thread of 1 core"
    for t in 2 default; do
        cmp -s "$tmp/one1.safetensors" "$tmp/one$t.safetensors" ||
            fail "taskset -c 0 --threads $t: checkpoint differs from --threads 1"
    done
else
    echo "check_threads: taskset unavailable, one-core affinity not checked"
fi
[ $fails -eq 0 ] && echo "check_threads: ok ($(tr '\n' ' ' < "$tmp/t1.numbers"))"
[ $fails -eq 0 ]
