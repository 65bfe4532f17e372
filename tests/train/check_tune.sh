#!/bin/sh
# hgnn-run --tune (runtime/tune_app.c): a small search on the bundled data —
#  - the table has a line per trial, trials.json every trial, and best.hgnn the winner's
#    settings; `hgnn-run best.hgnn` reproduces the winning trial's val AUC exactly, on the
#    tutorial's 30,249 val labels although neg_ratio varied (the split stays the run's);
#  - a constant (hidden) varies: the model is recompiled for each width;
#  - the same seed and --tune-trials give the same trials; another seed other configurations;
#  - a val_ndcg@10 objective, for a ranking model;
#  - bad input: a malformed space (its file and line), a split setting, an unknown setting, a
#    budget too small for one trial, a bad --budget, --epochs with --tune, --tune under other
#    flags that would write their own files — one line each, exit 1.
# Usage: check_tune.sh HGNN_RUN MODEL LIGHTGCN DATA PYTHON3
set -u
run=$1 model=$2 lgc=$3 data=$4 py=$5
NAME=check_tune
. "$(dirname "$0")/../lib.sh"

cat >"$tmp/space.json" <<'JSON'
{
  "objective": "val_auc",
  "eta": 3, "min_epochs": 1, "max_epochs": 3,
  "params": {
    "lr": {"log_uniform": [0.001, 0.01]},
    "neg_ratio": {"uniform": [1, 5]},
    "hidden": {"int": [16, 32]}
  }
}
JSON
tune() {    # tune OUT_DIR SEED [flags]
    out=$1 seed=$2
    shift 2
    "$run" "$model" --data "$data" --tune "$tmp/space.json" --budget 10m --tune-trials 6 \
        --seed "$seed" --tune-out "$out" --progress never "$@"
}
tune "$tmp/a" 0 >"$tmp/a.out" 2>&1 || fail "tune a failed: $(cat "$tmp/a.out")"
[ "$(grep -c "^ *[0-9]* *[0-9]* *[0-9]* *[0-9]* *0\.[0-9]" "$tmp/a.out")" -eq 6 ] ||
    fail "want 6 trial lines: $(cat "$tmp/a.out")"
grep -q "^best: trial [0-9]*, [0-9]* epochs: val_auc 0\.[0-9]*" "$tmp/a.out" ||
    fail "no best line: $(cat "$tmp/a.out")"
[ -s "$tmp/a/best.hgnn" ] && [ -s "$tmp/a/trials.json" ] || fail "missing best.hgnn or trials.json"
"$run" "$tmp/a/best.hgnn" --data "$data" --quiet --progress never --metrics "$tmp/best.json" \
    >/dev/null 2>"$tmp/best.err" || fail "best.hgnn does not train: $(cat "$tmp/best.err")"
"$py" - "$tmp/a/trials.json" "$tmp/best.json" <<'PY' || fail "best.hgnn does not reproduce the trial"
import json, sys
t, m = (json.load(open(p)) for p in sys.argv[1:3])
assert len(t["trials"]) == 6, len(t["trials"])
b = t["best"]
assert m["val_auc"] == b["val_auc"], (m["val_auc"], b["val_auc"])
assert m["val"]["labels"] == 30249 and m["test"]["labels"] == 30249, m["val"]["labels"]
assert m["epochs"] and len(m["epochs"]) == b["epochs"], (len(m["epochs"]), b["epochs"])
hs = {x["set"]["hidden"] for x in t["trials"]}
assert len(hs) >= 2, hs        # several widths compiled and trained
for x in t["trials"]:
    assert ("test_auc" in x) == (x["rung"] == 1), x
PY
# Reproducible: the same seed, the same trials and figures; another seed, other configurations.
tune "$tmp/b" 0 --quiet >/dev/null 2>&1 || fail "tune b failed"
tune "$tmp/c" 1 --quiet >/dev/null 2>&1 || fail "tune c failed"
"$py" - "$tmp/a/trials.json" "$tmp/b/trials.json" "$tmp/c/trials.json" <<'PY' ||
import json, sys
a, b, c = (json.load(open(p))["trials"] for p in sys.argv[1:4])
key = lambda ts: [(x["set"], x["epochs"], x["val_auc"]) for x in ts]
assert key(a) == key(b), "the same seed gave other trials"
assert [x["set"] for x in a] != [x["set"] for x in c], "another seed gave the same trials"
PY
    fail "the search is not reproducible under --seed"
cmp -s "$tmp/a/best.hgnn" "$tmp/b/best.hgnn" || fail "two searches wrote other best.hgnn"

# A ranking objective on a ranking model.
cat >"$tmp/rank.json" <<'JSON'
{"objective": "val_ndcg@10", "min_epochs": 1, "max_epochs": 1,
 "params": {"lr": {"choice": [0.005, 0.01]}}}
JSON
"$run" "$lgc" --data "$data" --tune "$tmp/rank.json" --budget 10m --tune-out "$tmp/r" \
    --tune-trials 2 \
    --progress never >"$tmp/r.out" 2>&1 || fail "val_ndcg@10 tune failed: $(cat "$tmp/r.out")"
grep -q "^best: trial [0-9]*, 1 epochs: val_ndcg@10 0\.[0-9]" "$tmp/r.out" ||
    fail "val_ndcg@10: $(cat "$tmp/r.out")"

# Bad input.
printf '{\n  "params": {"lr": {"uniform": [0.1, 0.01]}}\n}\n' >"$tmp/bad_range.json"
expect_fail_of "$run" "a reversed range" "bad_range.json:2: .*lo <= hi" "$model" --data "$data" \
    --tune "$tmp/bad_range.json" --budget 1m
printf '{"params": {"lr": \n' >"$tmp/bad_json.json"
expect_fail_of "$run" "malformed JSON" "bad_json.json:[0-9]*: .*column" "$model" --data "$data" \
    --tune "$tmp/bad_json.json" --budget 1m
printf '{"params": {"val": {"uniform": [0.1, 0.2]}}}' >"$tmp/split.json"
expect_fail_of "$run" "a split setting" "changes the split" "$model" --data "$data" \
    --tune "$tmp/split.json" --budget 1m
printf '{"params": {"widthh": {"choice": [8, 16]}}}' >"$tmp/unknown.json"
expect_fail_of "$run" "an unknown setting" "widthh" "$model" --data "$data" \
    --tune "$tmp/unknown.json" --budget 1m
expect_fail_of "$run" "a budget too small" "too small for one trial" "$model" --data "$data" \
    --tune "$tmp/space.json" --budget 0.001s
expect_fail_of "$run" "a bad --budget" "expects a time" "$model" --data "$data" \
    --tune "$tmp/space.json" --budget soon
expect_fail_of "$run" "no budget" "no budget" "$model" --data "$data" --tune "$tmp/rank.json"
expect_fail_of "$run" "--epochs with --tune" "leave out --epochs" "$model" --data "$data" \
    --tune "$tmp/space.json" --budget 1m --epochs 3
expect_fail_of "$run" "--save with --tune" "runs its own trials" "$model" --data "$data" \
    --tune "$tmp/space.json" --budget 1m --save "$tmp/x.st"
expect_fail_of "$run" "--budget without --tune" "go with --tune" "$model" --data "$data" \
    --budget 1m
expect_fail_of "$run" "a missing space" "cannot open the search space" "$model" --data "$data" \
    --tune "$tmp/none.json" --budget 1m

[ $fails -eq 0 ] || exit 1
echo "$NAME: ok"
