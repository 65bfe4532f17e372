#!/bin/sh
# bf16 mixed precision end to end (hgnnc --precision bf16, hgnn-run --precision): one epoch of
# the tutorial's model in bf16 gives the same numbers and checkpoint bytes for --threads 1 and 2
# and by both paths (a .so from hgnnc, the .hgnn through the JIT); the header line says
# "precision bf16" and --metrics "precision": "bf16"; its val and test AUC are within 0.003 of
# fp32's ("precision": "fp32", no note in the header), and its loss is not fp32's bits. The
# default, auto, is bf16 here: hgnn-run MODEL.hgnn without --precision gives the bf16 run's
# numbers and checkpoint bytes, and hgnnc's default .so is bf16. A .so is refused under the other
# --precision, a bf16 training state by an fp32 --resume. On a CPU without avx512_bf16 both tools
# refuse bf16 with one line and their default is fp32, and that is all that is checked. No timing
# is checked.
# Usage: check_bf16.sh HGNNC HGNN_RUN MODEL DATA_DIR
set -u
hgnnc=$1 run=$2 model=$3 data=$4
NAME=check_bf16
. "$(dirname "$0")/../lib.sh"

if ! grep -qw avx512_bf16 /proc/cpuinfo; then
    expect_fail_of "$hgnnc" "hgnnc --precision bf16 without avx512_bf16" avx512_bf16 \
        "$model" --precision bf16 -o "$tmp/bf16.so"
    expect_fail_of "$run" "hgnn-run --precision bf16 without avx512_bf16" avx512_bf16 \
        "$model" --data "$data" --precision bf16 --epochs 1
    [ -e "$tmp/bf16.so" ] && fail "hgnnc left $tmp/bf16.so behind"
    "$hgnnc" "$model" -o "$tmp/auto.so" || fail "hgnnc (auto)"
    for m in "$tmp/auto.so" "$model"; do
        "$run" "$m" --data "$data" --epochs 1 --limit-batches 3 --progress never \
            --metrics "$tmp/auto.json" > "$tmp/auto.log" 2>&1 || fail "auto: $(cat "$tmp/auto.log")"
        grep -q '"precision": "fp32"' "$tmp/auto.json" || fail "$m: the default is not fp32 here"
    done
    [ $fails -eq 0 ] && echo "check_bf16: ok (no avx512_bf16 here: the refusals and fp32 by default only)"
    [ $fails -eq 0 ]
    exit
fi

"$hgnnc" "$model" --precision bf16 -o "$tmp/bf16.so" || { fail "hgnnc --precision bf16"; exit 1; }
"$hgnnc" "$model" --precision fp32 -o "$tmp/fp32.so" || { fail "hgnnc --precision fp32"; exit 1; }
"$hgnnc" "$model" -o "$tmp/auto.so" || { fail "hgnnc"; exit 1; }
go() {  # go NAME MODEL ARGS...: one epoch, its numbers (epoch loss, AUCs and losses) in NAME.numbers
    name=$1 m=$2
    shift 2
    "$run" "$m" --data "$data" --epochs 1 --progress never --save "$tmp/$name.safetensors" \
        --metrics "$tmp/$name.json" "$@" > "$tmp/$name.log" 2>&1 ||
        { fail "$name: exit code $?: $(cat "$tmp/$name.log")"; return; }
    awk '/^epoch/ { print $1, $3, $4 } /AUC/ { print $1, $3, $5 }' "$tmp/$name.log" \
        > "$tmp/$name.numbers"
}
go t1 "$tmp/bf16.so" --threads 1
go t2 "$tmp/bf16.so" --threads 2
go jit "$model" --precision bf16 --threads 2
go auto "$model" --threads 1
go auto_so "$tmp/auto.so" --threads 1
go fp32 "$model" --precision fp32 --threads 1
for n in t2 jit auto auto_so; do
    cmp -s "$tmp/t1.numbers" "$tmp/$n.numbers" ||
        fail "$n: $(tr '\n' ' ' < "$tmp/$n.numbers"), bf16 .so on 1 thread: $(tr '\n' ' ' < "$tmp/t1.numbers")"
    cmp -s "$tmp/t1.safetensors" "$tmp/$n.safetensors" || fail "$n: checkpoint differs from t1's"
done
grep -q ", precision bf16" "$tmp/t1.log" || fail "bf16: not in the header: $(head -1 "$tmp/t1.log")"
grep -q '"precision": "bf16"' "$tmp/t1.json" || fail "bf16: not in the metrics"
grep -q "precision" "$tmp/fp32.log" && fail "fp32: the header names a precision: $(head -1 "$tmp/fp32.log")"
grep -q '"precision": "fp32"' "$tmp/fp32.json" || fail "fp32: not in the metrics"
grep -q '"precision": "bf16"' "$tmp/auto.json" || fail "auto (the default): not bf16 in the metrics"
# The epoch's loss as --metrics writes it (every digit): bf16 products are not fp32's.
[ "$(grep -o '"loss": [0-9.e-]*' "$tmp/t1.json" | head -n 1)" = \
  "$(grep -o '"loss": [0-9.e-]*' "$tmp/fp32.json" | head -n 1)" ] && fail "bf16's loss is fp32's bits"
# Val and test AUC within 0.003 of fp32's (the issue's bound, here after one epoch).
awk '/AUC/ { a[FILENAME, $1] = $3 }
     END { for (k in a) { split(k, p, SUBSEP); if (p[1] ~ /t1/) {
               d = a[k] - a[F, p[2]]; if (d < 0) d = -d
               if (d > 0.003) { printf "%s AUC %s against fp32 %s\n", p[2], a[k], a[F, p[2]]; bad = 1 } } }
           exit bad }' F="$tmp/fp32.numbers" "$tmp/t1.numbers" "$tmp/fp32.numbers" > "$tmp/auc" ||
    fail "bf16 AUC off fp32's by more than 0.003: $(cat "$tmp/auc")"
# A training state of a bf16 run is another run's for fp32 (the model's fingerprint differs).
"$run" "$model" --data "$data" --precision bf16 --epochs 1 --limit-batches 3 --progress never \
    --checkpoint "$tmp/state.safetensors" > "$tmp/ck.log" 2>&1 || fail "--checkpoint: $(cat "$tmp/ck.log")"
expect_fail_of "$run" "--resume of a bf16 state in fp32" "cannot resume" \
    "$model" --data "$data" --precision fp32 --epochs 2 --limit-batches 3 \
    --resume "$tmp/state.safetensors"
expect_fail_of "$run" "a bf16 .so under --precision fp32" "compiled with precision bf16, not fp32" \
    "$tmp/bf16.so" --data "$data" --precision fp32 --epochs 1
expect_fail_of "$run" "an fp32 .so under --precision bf16" "compiled with precision fp32, not bf16" \
    "$tmp/fp32.so" --data "$data" --precision bf16 --epochs 1
[ $fails -eq 0 ] && echo "check_bf16: ok (bf16: $(tr '\n' ' ' < "$tmp/t1.numbers"); fp32: $(tr '\n' ' ' < "$tmp/fp32.numbers"))"
[ $fails -eq 0 ]
