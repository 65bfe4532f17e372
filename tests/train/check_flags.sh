#!/bin/sh
# check_flags.sh — hgnnc's -fno-NAME flags switch an optimisation off and change no result: the
# model compiled with each flag alone, and with all of them, trains one epoch and must report
# the default build's training loss, validation and test loss and AUC. Where the arithmetic is
# the same operation for operation (-fno-extents: the rows skipped are never read; -fno-reuse:
# only addresses change; -fno-sparse-grad: the embeddings' gradients are zero-filled whole
# instead of kept zero by hgnn-run) the figures must be equal to the last digit; where the summation order
# changes (-fprune, which turns the prune pass on: the last layer's gradient is gathered before
# the product instead of after; -fno-fuse: a sum adds its terms after the product instead of inside it; -fno-gemm and
# -fno-gemm-tn: OpenBLAS's order of summation) to float noise: losses to 5e-4 relative, AUC to
# 2e-4 (measured: at most 1.1e-4 and 2.1e-5). Each flag must also change the compiled code.
# Every build is fp32 (--precision fp32): -fno-gemm would otherwise turn the default's bf16
# products on a CPU with avx512_bf16 into fp32 ones.
# Usage: check_flags.sh HGNNC HGNN_RUN MODEL.hgnn DATA_DIR
set -u
[ $# -eq 4 ] || { echo "usage: check_flags.sh HGNNC HGNN_RUN MODEL.hgnn DATA_DIR" >&2; exit 2; }
hgnnc=$1 run=$2 model=$3 data=$4
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "check_flags: FAIL: $*" >&2; fails=$((fails + 1)); }

# The figures a run reports, one a line: epoch 1's loss, val AUC, val loss, test AUC, test loss.
figures() {
    awk '/"val_auc"/ { va = $2 } /"test_auc"/ { ta = $2 }
         /"loss"/ { l[++n] = $2 }
         END { gsub(/,/, "", va); gsub(/,/, "", ta); for (i = 1; i <= n; i++) gsub(/,/, "", l[i])
               print l[1]; print va; print l[2]; print ta; print l[3] }' "$1"
}

# train NAME FLAGS...: compiles with FLAGS into NAME.so, trains one epoch, writes NAME.fig.
train() {
    name=$1
    shift
    "$hgnnc" "$model" --precision fp32 "$@" -o "$tmp/$name.so" || { fail "hgnnc $* failed"; return 1; }
    "$run" "$tmp/$name.so" --data "$data" --epochs 1 --seed 0 --quiet --progress never \
        --metrics "$tmp/$name.json" > "$tmp/$name.log" 2>&1 ||
        { cat "$tmp/$name.log"; fail "hgnn-run on the $* build failed"; return 1; }
    figures "$tmp/$name.json" > "$tmp/$name.fig"
    [ "$(wc -l < "$tmp/$name.fig")" -eq 5 ] || { fail "$* build: no figures in metrics"; return 1; }
}

train default || exit 1
"$hgnnc" "$model" --precision fp32 -o "$tmp/again.so" && cmp -s "$tmp/again.so" "$tmp/default.so" ||
    fail "two default builds differ: cannot tell whether a flag changes the code"

# exact|noise FLAGS...
check() {
    how=$1
    shift
    name=$(echo "$*" | tr ' ' '_')
    train "$name" "$@" || return
    cmp -s "$tmp/$name.so" "$tmp/default.so" && fail "$* compiles the same code as the default"
    if [ "$how" = exact ]; then
        cmp -s "$tmp/$name.fig" "$tmp/default.fig" || {
            paste "$tmp/default.fig" "$tmp/$name.fig" >&2
            fail "$*: figures differ from the default build's (want equal)"
        }
    else
        paste "$tmp/default.fig" "$tmp/$name.fig" | awk -v flags="$*" '
            { d = $2 - $1; if (d < 0) d = -d
              tol = NR == 2 || NR == 4 ? 2e-4 : 5e-4 * ($1 < 0 ? -$1 : $1)
              if (!(d <= tol)) { printf "%s: figure %d: %s, default %s (tolerance %g)\n", flags, NR, $2, $1, tol; bad = 1 } }
            END { exit bad }' >&2 || fail "$*: figures differ from the default build's"
    fi
    echo "$*: $(tr '\n' ' ' < "$tmp/$name.fig")"
}

echo "default: $(tr '\n' ' ' < "$tmp/default.fig")"
check exact -fno-extents
check exact -fno-reuse
check exact -fno-extents -fno-reuse
check exact -fno-sparse-grad
check noise -fprune
check noise -fno-fuse
check noise -fno-gemm
check noise -fno-gemm-tn
check noise -fno-extents -fno-fuse -fno-gemm -fno-reuse -fno-sparse-grad
check noise -fprune -fno-extents -fno-fuse -fno-gemm -fno-reuse -fno-sparse-grad
# -fNAME after -fno-NAME turns it back on: the default code.
"$hgnnc" "$model" --precision fp32 -fno-fuse -fno-gemm -ffuse -fgemm -o "$tmp/back.so" &&
    cmp -s "$tmp/back.so" "$tmp/default.so" || fail "-fno-fuse -fno-gemm -ffuse -fgemm is not the default"

[ "$fails" -eq 0 ] || { echo "check_flags: $fails failure(s)" >&2; exit 1; }
echo "check_flags: ok"
