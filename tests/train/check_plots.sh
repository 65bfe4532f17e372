#!/bin/sh
# --plot, --eval-every and --early-stop from the outside: the SVGs are well-formed XML (xmllint)
# and hold the run's series (a point per epoch; ROC curves monotone from (0,0) to (1,1) whose
# area is the reported AUC); val AUC is measured every N epochs and the last; early stopping stops
# after PATIENCE evaluations without improvement and keeps the best epoch's weights (the same
# bytes as a run of exactly that many epochs); bad values and an unwritable --plot directory are
# one-line errors that leave no file behind.
# Usage: check_plots.sh HGNN_RUN MODEL DATA_DIR
set -u
run=$1 model=$2 data=$3
NAME=check_plots
. "$(dirname "$0")/../lib.sh"

command -v xmllint >/dev/null ||
    { echo "check_plots: xmllint missing (libxml2-utils)" >&2; exit 1; }
quick="--batch-size 1024 --limit-batches 6 --progress never"

# The points of the polyline of series NAME in SVG FILE, one "x,y" per line.
points() {
    tr '\n' ' ' <"$1" | sed 's/<polyline/\n<polyline/g' | grep "data-series=\"$2\"" |
        sed 's/.*points="\([^"]*\)".*/\1/' | tr ' ' '\n' | grep .
}
# A number of the --metrics file: the first line with "KEY": VALUE.
metric() { grep -m1 "\"$2\":" "$1" | sed 's/.*: *\([^,]*\),*$/\1/'; }

# --eval-every 2 over 5 epochs: val AUC after epochs 2, 4 and 5 (the last).
"$run" "$model" --data "$data" $quick --epochs 5 --eval-every 2 --seed 2 --plot "$tmp/p" \
    --metrics "$tmp/c.json" >"$tmp/c.out" 2>"$tmp/c.err" || fail "plot run: $(cat "$tmp/c.err")"
[ "$(grep -c '^epoch [245]/5 .*  val AUC 0\.[0-9]*$' "$tmp/c.out")" -eq 3 ] ||
    fail "val AUC not on the lines of epochs 2, 4, 5: $(cat "$tmp/c.out")"
grep -q '^epoch [13]/5 .*val AUC' "$tmp/c.out" && fail "val AUC on epoch 1 or 3"
[ "$(grep -c '"val_auc":' "$tmp/c.json")" -eq 4 ] || fail "want 3 per-epoch val_auc + the final"
for f in loss val_auc roc; do
    [ -s "$tmp/p/$f.svg" ] || { fail "no $f.svg"; continue; }
    xmllint --noout "$tmp/p/$f.svg" 2>"$tmp/xml" || fail "$f.svg is not XML: $(head -3 "$tmp/xml")"
done
[ "$(points "$tmp/p/loss.svg" "train loss" | wc -l)" -eq 5 ] || fail "loss.svg: want 5 points"
[ "$(points "$tmp/p/val_auc.svg" "val AUC" | wc -l)" -eq 3 ] || fail "val_auc.svg: want 3 points"
ls -A "$tmp/p" | grep -v -x -e loss.svg -e val_auc.svg -e roc.svg && fail "stray files in --plot"

# The ROC curves: back from pixels to rates through the frame's rectangle, (0,0) first, (1,1)
# last, never decreasing, and the trapezoids under them the AUC of --metrics within 1e-3.
frame=$(grep -o '<rect id="plot-area"[^>]*>' "$tmp/p/roc.svg" | sed 's/[^0-9. ]//g')
for part in val test; do
    auc=$(metric "$tmp/c.json" ${part}_auc)
    name=$(printf '%s (AUC %.4f)' $part "$auc")
    points "$tmp/p/roc.svg" "$name" >"$tmp/roc.$part"
    [ "$(wc -l <"$tmp/roc.$part")" -ge 100 ] || fail "$part ROC: few points (series '$name'?)"
    echo "$frame" | awk -v auc="$auc" -v part=$part '
        NR == 1 { x0 = $1; y0 = $2; w = $3; h = $4; next }
        { split($0, p, ","); x = (p[1] - x0) / w; y = (y0 + h - p[2]) / h
          if (n == 0 && (x * x + y * y > 1e-8)) { print part ": starts at " x "," y; bad = 1 }
          if (n > 0) { if (x < px - 1e-6 || y < py - 1e-6) { print part ": goes back"; bad = 1 }
                       a += (x - px) * (y + py) / 2 }
          px = x; py = y; n++ }
        END { if ((px - 1) ^ 2 + (py - 1) ^ 2 > 1e-8) { print part ": ends at " px "," py; bad = 1 }
              d = a - auc; if (d * d > 1e-6) { print part ": area " a ", AUC " auc; bad = 1 }
              exit bad }' - "$tmp/roc.$part" >"$tmp/roc.why" ||
        fail "ROC: $(cat "$tmp/roc.why")"
done

# Without --eval-every: no val_auc.svg and no per-epoch val_auc.
"$run" "$model" --data "$data" $quick --epochs 2 --plot "$tmp/q" --metrics "$tmp/q.json" \
    >/dev/null 2>&1 || fail "plain plot run"
[ -e "$tmp/q/val_auc.svg" ] && fail "val_auc.svg without --eval-every"
[ "$(grep -c '"val_auc":' "$tmp/q.json")" -eq 1 ] || fail "per-epoch val_auc without --eval-every"
[ -s "$tmp/q/loss.svg" ] && [ -s "$tmp/q/roc.svg" ] || fail "plain plot run: missing charts"

# Early stopping: a learning rate high enough that val AUC soon stops improving.
es="--batch-size 1024 --progress never --lr 0.05 --seed 1"
"$run" "$model" --data "$data" $es --epochs 10 --early-stop 2 --save "$tmp/es.st" \
    --metrics "$tmp/es.json" --plot "$tmp/es" >"$tmp/es.out" 2>&1 ||
    fail "early-stop run: $(cat "$tmp/es.out")"
n=$(grep -c '"epoch":' "$tmp/es.json")
best=$(metric "$tmp/es.json" best_epoch)
[ -n "$best" ] && [ "$n" -lt 10 ] && [ "$n" -eq $((best + 2)) ] ||
    fail "want a stop 2 evaluations after the best: $n epochs, best '$best': $(cat "$tmp/es.out")"
grep -q "^early stop after epoch $n:" "$tmp/es.out" || fail "no early-stop line"
# val_auc.svg: a point per evaluated epoch and the guide at the kept one.
[ "$(points "$tmp/es/val_auc.svg" "val AUC" | wc -l)" -eq "$n" ] || fail "es val_auc.svg points"
[ "$(points "$tmp/es/val_auc.svg" "kept: epoch $best" | wc -l)" -eq 2 ] ||
    fail "val_auc.svg lacks the guide at the kept epoch $best"
# The best epoch's weights were restored: val AUC at the end is that epoch's.
best_auc=$(grep '"val_auc":' "$tmp/es.json" | sed -n "$((best + 1))p" |
    sed 's/.*: *\([^,]*\),*$/\1/')
[ "$(metric "$tmp/es.json" val_auc)" = "$best_auc" ] ||
    fail "final val AUC $(metric "$tmp/es.json" val_auc), best epoch's $best_auc"
# The same weights as a run of exactly that many epochs: the tensors' bytes after the header.
"$run" "$model" --data "$data" $es --epochs "${best:-1}" --save "$tmp/ref.st" \
    --metrics "$tmp/ref.json" >/dev/null 2>&1 || fail "reference run"
tensors() { tail -c +$((9 + $(od -An -t u8 -N8 "$1"))) "$1"; }
tensors "$tmp/es.st" >"$tmp/es.bin"
tensors "$tmp/ref.st" >"$tmp/ref.bin"
[ -s "$tmp/es.bin" ] && cmp -s "$tmp/es.bin" "$tmp/ref.bin" ||
    fail "--save after early stopping differs from a $best-epoch run's"
[ "$(metric "$tmp/es.json" test_auc)" = "$(metric "$tmp/ref.json" test_auc)" ] ||
    fail "test AUC not measured on the best weights"

# Bad values, and a --plot directory that cannot be made or written: one line, exit 1, no files.
expect_error() { expect_fail_of "$run" "$@"; }
expect_error "eval-every 0" "--eval-every expects an integer from 1 to" "$model" --data "$data" \
    --eval-every 0
expect_error "eval-every negative" "--eval-every expects an integer from 1 to" "$model" \
    --data "$data" --eval-every -2
expect_error "early-stop 0" "--early-stop expects an integer from 1 to" "$model" --data "$data" \
    --early-stop 0
: >"$tmp/file"
mkdir "$tmp/outdir"
expect_error "plot under a file" "$tmp/file/plots" "$model" --data "$data" $quick --epochs 1 \
    --plot "$tmp/file/plots" --metrics "$tmp/outdir/m.json"
expect_error "plot is a file" "$tmp/file: error: cannot write plots" "$model" --data "$data" \
    $quick --epochs 1 --plot "$tmp/file" --metrics "$tmp/outdir/m.json"
[ -z "$(ls -A "$tmp/outdir")" ] || fail "files left after a --plot error: $(ls -A "$tmp/outdir")"

[ $fails -eq 0 ] || exit 1
echo "check_plots: ok"
