#!/bin/sh
# hgnnc's command line from the outside: --emit STAGE is --emit=STAGE, '--' ends the flags (a file
# named -x.hgnn), -O and -fno-NAME keep their clang form, --version names LLVM, and every error is
# one line naming the flag, exit code 1.
# Usage: check_hgnnc.sh HGNNC MODEL
set -u
cc=$1 model=$2
NAME=check_hgnnc
. "$(dirname "$0")/../lib.sh"

# expect_error DESCRIPTION PATTERN ARGS...: cc ARGS exits 1 with one stderr line matching PATTERN.
expect_error() { expect_fail_of "$cc" "$@"; }

"$cc" --version >"$tmp/v" 2>&1 || fail "--version exit code"
grep -q '^hgnnc [0-9][0-9.]* (LLVM 19\.[0-9]*\.[0-9]*)$' "$tmp/v" || fail "--version: $(cat "$tmp/v")"
"$cc" --help >"$tmp/help" || fail "--help exit code"
"$cc" -h | cmp -s - "$tmp/help" || fail "-h differs from --help"

for stage in tokens ast ir hetero-ir grad-ir plan-ir; do
    "$cc" "$model" --emit="$stage" >"$tmp/eq" 2>&1 || fail "--emit=$stage failed"
    "$cc" --emit "$stage" "$model" >"$tmp/sp" 2>&1 || fail "--emit $stage failed"
    cmp -s "$tmp/eq" "$tmp/sp" || fail "--emit=$stage and --emit $stage differ"
done
# The clang forms: -O0..-O3 and -fno-NAME change what they did.
"$cc" "$model" --emit=plan-ir -O3 -fno-fuse -o "$tmp/nofuse" || fail "-O3 -fno-fuse failed"
"$cc" "$model" --emit=plan-ir -fno-fuse -ffuse -o "$tmp/fuse" || fail "-fno-fuse -ffuse failed"
"$cc" "$model" --emit=plan-ir >"$tmp/default" || fail "plan-ir failed"
cmp -s "$tmp/fuse" "$tmp/default" || fail "-fno-fuse -ffuse is not the default"
cmp -s "$tmp/nofuse" "$tmp/default" && fail "-fno-fuse changed nothing"
# '--' ends the flags: a model named -x.hgnn.
cp "$model" "$tmp/-x.hgnn"
(cd "$tmp" && "$cc" --emit ir -- -x.hgnn) >"$tmp/dd" 2>&1 || fail "-- -x.hgnn: $(cat "$tmp/dd")"
"$cc" --emit ir "$model" | cmp -s - "$tmp/dd" || fail "-- -x.hgnn: another IR"

expect_error "unknown option" "unknown option '--frobnicate' (see hgnnc --help)" "$model" --frobnicate
expect_error "unknown option with a value" "unknown option '--frob' (see hgnnc --help)" "$model" \
    --frob=1
expect_error "abbreviation" "unknown option '--em'" "$model" --em=ir
expect_error "missing stage" "--emit expects a value" "$model" --emit
expect_error "bad stage, separate" "unknown stage 'nonsense' for --emit" "$model" --emit nonsense
expect_error "value for --version" "--version=1 takes no value" --version=1
expect_error "-O apart from its level" "-O expects its value in the same word" "$model" -O 2
expect_error "-O4" "unknown option '-O4'" "$model" -O4
expect_error "-f alone" "-f expects a value" "$model" -f
expect_error "-fno-prune=1" "unknown flag '-fno-prune=1'" "$model" -fno-prune=1
expect_error "-o alone" "-o needs a file name" "$model" -o
expect_error "two inputs after --" "more than one input file" "$model" -- "$model"
expect_error "bad precision" "unknown precision 'fp64' for --precision (expected fp32, bf16 or auto)" \
    "$model" --precision fp64
# --precision auto is the default: the same module as no flag, and fp32's where the CPU lacks bf16.
"$cc" "$model" --emit=llvm > "$tmp/default.ll" && "$cc" "$model" --precision=auto --emit=llvm \
    > "$tmp/auto.ll" && cmp -s "$tmp/default.ll" "$tmp/auto.ll" ||
    fail "--precision auto is not the default"
if ! grep -qw avx512_bf16 /proc/cpuinfo; then
    "$cc" "$model" --precision=fp32 --emit=llvm > "$tmp/fp32.ll" &&
        cmp -s "$tmp/fp32.ll" "$tmp/auto.ll" || fail "auto is not fp32 on a CPU without bf16"
else
    grep -q 'dpbf16ps' "$tmp/auto.ll" || fail "auto makes no bf16 products on a CPU with avx512_bf16"
fi

[ $fails -eq 0 ] && echo "check_hgnnc: ok"
[ $fails -eq 0 ]
