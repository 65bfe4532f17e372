#!/bin/sh
# hgnn-run's training mode from the outside: flags (help, unknown, missing, out of range), a short
# training run with --metrics/--save, --load for evaluation, bad checkpoints, unwritable outputs,
# reproducibility, and the OpenBLAS core restart. Every error must be one line, exit code 1, and
# leave no output file behind.
# Usage: check_cli.sh HGNN_RUN MODEL DATA_DIR
set -u
run=$1 model=$2 data=$3
NAME=check_cli
. "$(dirname "$0")/../lib.sh"

# expect_error DESCRIPTION PATTERN ARGS...: run ARGS exits 1 with one stderr line matching PATTERN.
expect_error() { expect_fail_of "$run" "$@"; }

"$run" --help >"$tmp/help" || fail "--help exit code"
for f in --data --inspect --seed --epochs --lr --batch-size --limit-batches --threads \
         --no-prefetch --eval-every --early-stop --plot --metrics --save --load --rank-eval \
         --recommend --top-k --json --export --quiet --verbose --progress --help; do
    grep -q -- "$f" "$tmp/help" || fail "--help does not list $f"
done

expect_error "unknown flag" "unknown flag '--epoch'" "$model" --data "$data" --epoch 3
expect_error "unknown flag with a value" "unknown flag '--epoch' (see hgnn-run --help)" "$model" \
    --data="$data" --epoch=3
expect_error "unknown short flag" "unknown flag '-x'" "$model" --data "$data" -x
expect_error "value for a flag without one" "--quiet takes no value" "$model" --data "$data" \
    --quiet=1
expect_error "joined bad value" "--epochs expects an integer from 0 to 10000, saw 'x'" "$model" \
    --data "$data" --epochs=x
expect_error "joined empty value" "--epochs expects an integer from 0 to 10000, saw ''" "$model" \
    --data "$data" --epochs=
expect_error "missing value" "--epochs expects a value" "$model" --data "$data" --epochs
expect_error "negative epochs" "--epochs expects an integer" "$model" --data "$data" --epochs -1
expect_error "zero threads" "--threads expects auto or an integer from 1 to 64, saw '0'" "$model" \
    --data "$data" --threads 0
expect_error "too many threads" "--threads expects auto or an integer from 1 to 64, saw '65'" \
    "$model" --data "$data" --threads 65
expect_error "bad threads word" "--threads expects auto or an integer from 1 to 64, saw 'autox'" \
    "$model" --data "$data" --threads autox
expect_error "empty threads" "--threads expects auto or an integer from 1 to 64, saw ''" \
    "$model" --data "$data" --threads=
expect_error "zero lr" "--lr expects a number above 0" "$model" --data "$data" --lr 0
expect_error "text lr" "--lr expects a number" "$model" --data "$data" --lr fast
expect_error "zero batch" "--batch-size expects an integer from 1 to 16777216, saw '0'" "$model" \
    --data "$data" --batch-size 0
expect_error "zero limit" "--limit-batches expects an integer from 1" "$model" --data "$data" \
    --limit-batches 0
expect_error "text limit" "--limit-batches expects an integer" "$model" --data "$data" \
    --limit-batches all
expect_error "limit too large" "--limit-batches expects an integer" "$model" --data "$data" \
    --limit-batches 2147483648
expect_error "bad progress" "--progress expects" "$model" --data "$data" --progress sometimes
expect_error "two models" "unexpected argument" "$model" "$model" --data "$data"
expect_error "missing model" "no-such-model.so" "$tmp/no-such-model.so" --data "$data"
# Ranking, recommendations and export (issue 16): bad K lists, -k 0, unknown user keys.
expect_error "zero top-k" "--top-k expects an integer from 1 to 100000, saw '0'" "$model" \
    --data "$data" --recommend 1 -k 0
expect_error "bad rank list" "--rank-eval expects up to 16 comma-separated integers" "$model" \
    --data "$data" --rank-eval 10,x
expect_error "rank-eval without a model" "need a MODEL" --data "$data" --inspect --rank-eval 10
expect_error "export into a file" "not a directory" "$model" --data "$data" --epochs 0 \
    --progress never --export "$model"
expect_error "unknown user key" "unknown user key '999999'" "$model" --data "$data" --epochs 0 \
    --progress never --recommend 1,999999

# --version: ours, OpenBLAS's and LLVM's.
"$run" --version >"$tmp/version" 2>&1 || fail "--version exit code"
grep -q '^hgnn-run [0-9][0-9.]* (OpenBLAS [0-9].*, built with LLVM 19\.' "$tmp/version" ||
    fail "--version: $(cat "$tmp/version")"
# --flag=value is --flag value; MODEL may come anywhere, or after '--' even when it looks like a
# flag (a file named -x.hgnn).
"$run" --data="$data" --inspect --seed=5 >"$tmp/eq.json" 2>&1 || fail "--data=DIR: $(cat "$tmp/eq.json")"
"$run" --inspect --seed 5 --data "$data" >"$tmp/sp.json" 2>&1 || fail "--data DIR failed"
cmp -s "$tmp/eq.json" "$tmp/sp.json" || fail "--flag=value and --flag value differ"
cp "$model" "$tmp/-x.hgnn"
(cd "$tmp" && "$run" --data "$data" --epochs=0 --batch-size=3072 --progress never --quiet -- \
    -x.hgnn) >"$tmp/dd.out" 2>&1 || fail "MODEL after --: $(cat "$tmp/dd.out")"
grep -q "test AUC" "$tmp/dd.out" || fail "MODEL after --: no AUC: $(cat "$tmp/dd.out")"

# A short run: 24 batches of 1024.
short="--batch-size 1024 --epochs 1 --progress never"
"$run" "$model" --data "$data" $short --seed 3 --metrics "$tmp/m.json" --save "$tmp/c.safetensors" \
    >"$tmp/train.out" 2>"$tmp/train.err" || fail "short run failed: $(cat "$tmp/train.err")"
grep -q "^epoch 1/1  loss " "$tmp/train.out" || fail "no epoch line: $(cat "$tmp/train.out")"
grep -q '"batches": 24' "$tmp/m.json" || fail "metrics lack 24 batches"
for k in val_auc test_auc epochs split seed threads; do
    grep -q "\"$k\"" "$tmp/m.json" || fail "metrics lack \"$k\""
done
[ -s "$tmp/c.safetensors" ] || fail "no checkpoint written"
ls "$tmp" | grep -q '\.tmp\.' && fail "temporary files left behind"

# The same seed again gives the same numbers.
"$run" "$model" --data "$data" $short --seed 3 --metrics "$tmp/m2.json" >/dev/null 2>&1
grep -v -e seconds -e second\" -e peak_rss -e '"threads' "$tmp/m.json" >"$tmp/a"
grep -v -e seconds -e second\" -e peak_rss -e '"threads' "$tmp/m2.json" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || fail "same seed, different metrics: $(diff "$tmp/a" "$tmp/b" | head -5)"

# --limit-batches: each epoch trains the first N batches of its order (3 x 1024 labels each);
# evaluation stays whole; a limit above the epoch's 24 batches changes nothing.
"$run" "$model" --data "$data" --batch-size 1024 --epochs 2 --limit-batches 5 --seed 3 \
    --progress never --metrics "$tmp/lim.json" >"$tmp/lim.out" 2>&1 ||
    fail "--limit-batches run failed: $(cat "$tmp/lim.out")"
[ "$(grep -c '"batches": 5,' "$tmp/lim.json")" -eq 2 ] ||
    fail "epochs of --limit-batches 5 lack 5 batches"
[ "$(grep -c '"labels": 15360' "$tmp/lim.json")" -eq 2 ] ||
    fail "epochs of --limit-batches 5 lack 15360 labels"
grep AUC "$tmp/train.out" | sed 's/ AUC.*, \([0-9]* labels\).*/ \1/' >"$tmp/a"
grep AUC "$tmp/lim.out" | sed 's/ AUC.*, \([0-9]* labels\).*/ \1/' >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || fail "--limit-batches changed evaluation: $(cat "$tmp/a" "$tmp/b")"
"$run" "$model" --data "$data" $short --limit-batches 1000 --seed 3 --metrics "$tmp/m4.json" \
    >/dev/null 2>&1 || fail "--limit-batches 1000 run failed"
grep -v -e seconds -e second\" -e peak_rss -e '"threads' "$tmp/m4.json" >"$tmp/b"
grep -v -e seconds -e second\" -e peak_rss -e '"threads' "$tmp/m.json" >"$tmp/a"
cmp -s "$tmp/a" "$tmp/b" ||
    fail "a limit above the batches changed the run: $(diff "$tmp/a" "$tmp/b" | head -5)"

# --load with --epochs 0 evaluates the saved parameters: the same AUC lines.
"$run" "$model" --data "$data" --batch-size 1024 --epochs 0 --seed 3 --load "$tmp/c.safetensors" \
    >"$tmp/eval.out" 2>&1 || fail "--load failed: $(cat "$tmp/eval.out")"
grep AUC "$tmp/train.out" | sed 's/labels, .*/labels/' >"$tmp/a"
grep AUC "$tmp/eval.out" | sed 's/labels, .*/labels/' >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || fail "--load evaluation differs: $(cat "$tmp/a" "$tmp/b")"

# Bad checkpoints.
head -c 1000 "$tmp/c.safetensors" >"$tmp/trunc.safetensors"
expect_error "truncated checkpoint" "trunc.safetensors: error: truncated" "$model" --data "$data" \
    --epochs 0 --load "$tmp/trunc.safetensors"
hdr='{"foo.weight":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}'
n=$(printf %s "$hdr" | wc -c)
# 8-byte little-endian header length (n < 256 here), the header, 4 bytes of data.
{ printf "\\$(printf %03o "$n")\\000\\000\\000\\000\\000\\000\\000"; printf %s "$hdr"
  printf 'abcd'; } \
    >"$tmp/names.safetensors"
expect_error "unknown tensor name" "'foo.weight' is not a parameter" "$model" --data "$data" \
    --epochs 0 --load "$tmp/names.safetensors"
printf 'not a checkpoint at all' >"$tmp/junk.safetensors"
expect_error "junk checkpoint" "junk.safetensors" "$model" --data "$data" --epochs 0 \
    --load "$tmp/junk.safetensors"

# Unwritable outputs: an error, and nothing under the final name.
expect_error "save into a missing directory" "$tmp/none/c.safetensors" "$model" --data "$data" \
    $short --save "$tmp/none/c.safetensors"
mkdir "$tmp/adir"
expect_error "metrics onto a directory" "$tmp/adir" "$model" --data "$data" $short \
    --metrics "$tmp/adir"
ls "$tmp" "$tmp/adir" | grep -q '\.tmp\.' && fail "temporary files left behind after errors"

# OpenBLAS misdetection: restart once with a better core; never override the user's choice.
if grep -q avx512f /proc/cpuinfo; then want=SkylakeX; else want=Haswell; fi
if grep -q -w avx2 /proc/cpuinfo; then
    env -u OPENBLAS_CORETYPE HGNN_TEST_PRETEND_BLAS_CORE=Prescott "$run" "$model" --data "$data" \
        --epochs 0 --batch-size 1024 --verbose >"$tmp/out" 2>"$tmp/err" || fail "restart run failed"
    grep -q "restarting with OPENBLAS_CORETYPE=$want" "$tmp/err" ||
        fail "no restart: $(cat "$tmp/err")"
    grep -q "BLAS $want" "$tmp/out" || fail "restarted run does not use $want: $(cat "$tmp/out")"
    [ "$(grep -c restarting "$tmp/err")" -eq 1 ] || fail "restarted more than once"
    OPENBLAS_CORETYPE=Prescott HGNN_TEST_PRETEND_BLAS_CORE=Prescott "$run" "$model" \
        --data "$data" --epochs 0 --batch-size 1024 --verbose >"$tmp/out" 2>"$tmp/err"
    grep -q restarting "$tmp/err" && fail "overrode the user's OPENBLAS_CORETYPE"
    grep -q "BLAS Prescott" "$tmp/out" ||
        fail "user's OPENBLAS_CORETYPE not used: $(cat "$tmp/out")"
    env -u OPENBLAS_CORETYPE HGNN_TEST_PRETEND_BLAS_CORE=Prescott "$run" "$model" --data "$data" \
        --epochs 0 --batch-size 1024 >"$tmp/out" 2>"$tmp/err"
    [ -s "$tmp/err" ] && fail "the restart printed without --verbose: $(cat "$tmp/err")"
else
    echo "check_cli: no AVX2 on this CPU: the OpenBLAS restart check does not apply (not run)"
fi

[ $fails -eq 0 ] && echo "check_cli: ok"
[ $fails -eq 0 ]
