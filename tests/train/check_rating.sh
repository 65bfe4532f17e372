#!/bin/sh
# loss mse from the outside (examples/rating_regression.hgnn on ml-latest-small): one epoch of
# training brings val RMSE below the mean-rating baseline; the epoch line, the final lines, the
# --metrics JSON ("metric": "rmse", val_rmse, test_rmse, baseline, val.rmse, no AUC, no
# negatives in the split counts nor in the training batches) and --plot (val_rmse.svg, no ROC
# chart) follow the loss; with --early-stop, lower RMSE is better and nothing speaks of AUC.
# Usage: check_rating.sh HGNN_RUN MODEL DATA_DIR
set -u
run=$1 model=$2 data=$3
NAME=check_rating
. "$(dirname "$0")/../lib.sh"

# A number of the --metrics file: the first line with "KEY": VALUE.
metric() { grep -m1 "\"$2\":" "$1" | sed 's/.*: *\([^,]*\),*$/\1/'; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0 && a + 0 > 0) }'; }

"$run" "$model" --data "$data" --epochs 1 --seed 0 --eval-every 1 --progress never \
    --metrics "$tmp/m.json" --plot "$tmp/p" --rank-eval 10 --recommend 1 -k 3 \
    >"$tmp/out" 2>"$tmp/err" || fail "training run: $(cat "$tmp/err")"
# Ranking and recommending work on a regression model too: they rank by the predicted value.
grep -q '^rank test model  *@10: recall ' "$tmp/out" || fail "no --rank-eval lines"
grep -q '^user 1: top 3 of ' "$tmp/out" || fail "no --recommend table"
grep -q '^epoch 1/1 .*  val RMSE [0-9.]*$' "$tmp/out" || fail "no val RMSE on the epoch line"
grep -q 'AUC' "$tmp/out" && fail "AUC printed for a loss mse model: $(grep AUC "$tmp/out")"
line=$(grep '^val RMSE ' "$tmp/out")
rmse=$(echo "$line" | sed 's/^val RMSE \([0-9.]*\) .*/\1/')
base=$(echo "$line" | sed 's/.*baseline RMSE \([0-9.]*\))$/\1/')
below "$rmse" "$base" || fail "val RMSE $rmse not below the mean-rating baseline $base: $line"
grep -q '^test RMSE [0-9.]* .*baseline RMSE [0-9.]*)$' "$tmp/out" || fail "no test RMSE line"

# --metrics: the figures by name, the baseline beside them, the split without negatives.
j=$tmp/m.json
[ "$(metric "$j" metric)" = '"rmse"' ] || fail "metric is $(metric "$j" metric), want \"rmse\""
grep -q '"val_auc"\|"test_auc"\|"auc"' "$j" && fail "AUC keys in a loss mse metrics file"
vr=$(metric "$j" val_rmse)
[ "$(printf '%.4f' "$vr")" = "$rmse" ] || fail "val_rmse $vr, the line says $rmse"
tm=$(metric "$j" train_mean)
awk -v m="$tm" 'BEGIN { exit !(m > 3.0 && m < 4.0) }' || fail "baseline train_mean $tm"
bv=$(grep -A5 '"baseline"' "$j" | grep -m1 '"val_rmse"' | sed 's/.*: *\([^,]*\),*$/\1/')
[ "$(printf '%.4f' "$bv")" = "$base" ] || fail "baseline val_rmse $bv, the line says $base"
[ "$(grep -c '"rmse":' "$j")" -eq 2 ] || fail "want val.rmse and test.rmse"
[ "$(grep -c '"val_rmse":' "$j")" -eq 3 ] || fail "want val_rmse: top, baseline, epoch 1"
grep -A3 '"val": {' "$j" | grep -q '"labels": 10083' ||
    fail "val labels are not the 10083 positives"
grep -A2 '"train": {' "$j" | grep -q '"supervision": 80670' || fail "train supervision != 80670"
# Training batches draw no negatives either: epoch 1 saw exactly the 80670 supervision edges.
grep -A20 '"epoch": 1,' "$j" | grep -m1 '"labels":' | grep -q '"labels": 80670' || fail "epoch 1 did not see 80670 labels"

# --plot: the loss and the val RMSE curve (and --rank-eval's charts); no ROC chart, no AUC chart.
for f in loss val_rmse; do
    [ -s "$tmp/p/$f.svg" ] || fail "no $f.svg"
done
grep -q 'mean squared error' "$tmp/p/loss.svg" || fail "loss.svg is not labelled MSE"
grep -q 'data-series="val RMSE"' "$tmp/p/val_rmse.svg" || fail "val_rmse.svg has no val RMSE"
ls -A "$tmp/p" | grep -v -x -e loss.svg -e val_rmse.svg -e recall_at_k.svg -e ndcg_at_k.svg &&
    fail "stray files in --plot"

# --early-stop: RMSE, lower is better. At lr 0.01 val RMSE rises after the first epoch here, so
# the run stops and keeps the weights of the epoch with the lowest val RMSE, which the final
# evaluation then measures again.
"$run" "$model" --data "$data" --epochs 5 --early-stop 1 --batch-size 512 --limit-batches 8 \
    --seed 1 --lr 0.01 --progress never >"$tmp/es" 2>"$tmp/err" ||
    fail "early-stop run: $(cat "$tmp/err")"
grep -q 'AUC' "$tmp/es" && fail "AUC printed with --early-stop"
grep -q '^early stop after epoch [0-9]: val RMSE not below ' "$tmp/es" ||
    fail "no early stop on a rising val RMSE: $(cat "$tmp/es")"
awk '/^epoch/ { v[++n] = $NF }
     /^keeping the weights of epoch/ { k = $6; kept = $NF; sub(/\)/, "", kept) }
     /^val RMSE/ { final = $3 }
     END { best = 1; for (i = 2; i <= n; i++) if (v[i] + 0 < v[best] + 0) best = i
           if (k == "" || k != best || kept != v[best] || final != kept) {
               print "kept epoch " k " (" kept "), lowest " best " (" v[best] "), final " final
               exit 1 } }' "$tmp/es" >"$tmp/why" ||
    fail "early stop did not keep the lowest val RMSE: $(cat "$tmp/why")"

[ "$fails" -eq 0 ] && echo "check_rating: ok"
exit $((fails > 0))
