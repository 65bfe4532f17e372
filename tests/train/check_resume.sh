#!/bin/sh
# --checkpoint / --resume (runtime/train_state.c): a run killed with SIGKILL at a random point
# after its first checkpoint, then resumed, ends with the same weights (byte for byte) and the
# same losses and AUCs as the run never stopped — mid-epoch and at epoch ends, with and without
# --early-stop's best weights; SIGTERM writes a last checkpoint and stops with one line; a
# truncated, foreign or mismatched state, or an unwritable checkpoint path, is refused with one
# line and exit 1, and leaves the checkpoint file as it was.
# A model with every optimizer knob on (KNOBS_MODEL) resumes bit for bit as well, and a resume
# under another schedule (another run length, for its cosine) is refused.
# Usage: check_resume.sh HGNN_RUN MODEL OTHER_MODEL DATA_DIR PYTHON3 [KNOBS_MODEL]
set -u
run=$1 model=$2 other=$3 data=$4 py=$5 knobs=${6:-}
NAME=check_resume
. "$(dirname "$0")/../lib.sh"

# Same losses, AUCs and per-epoch figures (times aside) in two --metrics files.
same_metrics() {
    "$py" - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def key(d):
    ep = [(e["epoch"], e["loss"], e["batches"], e["labels"], e.get("val_auc")) for e in d["epochs"]]
    return (d["val"]["auc"], d["val"]["loss"], d["test"]["auc"], d["test"]["loss"], ep,
            d.get("best_epoch"))
if key(a) != key(b):
    sys.exit("metrics differ:\n%s\n%s" % (key(a), key(b)))
PY
}

# waits (up to 120 s) until file $1 exists
wait_for() {
    i=0
    while [ ! -s "$1" ] && [ $i -lt 1200 ]; do
        sleep 0.1
        i=$((i + 1))
    done
}

# case NAME ARGS...: the reference run, then three runs killed at random points and resumed.
case_of() {
    c=$1
    shift
    "$run" "$model" --data "$data" "$@" --save "$tmp/$c.ref.st" --metrics "$tmp/$c.ref.json" \
        --quiet >"$tmp/$c.ref.out" 2>&1 || fail "$c: reference run failed: $(cat "$tmp/$c.ref.out")"
    for trial in 1 2 3; do
        ck=$tmp/$c.$trial.ck
        "$run" "$model" --data "$data" "$@" --checkpoint "$ck" --checkpoint-every 23 --quiet \
            >/dev/null 2>&1 &
        pid=$!
        wait_for "$ck"
        # a random pause of 0 to 1.5 s after the first checkpoint
        sleep "$(awk -v s="$$$trial" 'BEGIN { srand(s); printf "%.2f", rand() * 1.5 }')"
        kill -9 $pid 2>/dev/null
        wait $pid 2>/dev/null
        [ -s "$ck" ] || { fail "$c.$trial: no checkpoint written"; continue; }
        "$run" "$model" --data "$data" "$@" --resume "$ck" --checkpoint "$ck" \
            --save "$tmp/$c.$trial.st" --metrics "$tmp/$c.$trial.json" >"$tmp/$c.$trial.out" 2>&1 ||
            { fail "$c.$trial: resume failed: $(cat "$tmp/$c.$trial.out")"; continue; }
        cmp -s "$tmp/$c.ref.st" "$tmp/$c.$trial.st" ||
            fail "$c.$trial: resumed weights differ from the uninterrupted run's"
        same_metrics "$tmp/$c.ref.json" "$tmp/$c.$trial.json" || fail "$c.$trial: metrics differ"
    done
}

case_of plain --epochs 2
case_of early --epochs 3 --eval-every 1 --early-stop 1 --lr 0.02

# AdamW, a cosine schedule with warm-up and clipping: a step's rate depends only on its index.
if [ -n "$knobs" ]; then
    plain=$model
    model=$knobs
    case_of knobs --epochs 2
    expect_fail_of "$run" "another schedule" "cannot resume.*learning-rate schedule of cosine" \
        "$model" --data "$data" --epochs 3 --resume "$tmp/knobs.1.ck" --checkpoint "$tmp/knobs.1.ck"
    model=$plain
fi

# SIGTERM: a last checkpoint, one line, exit 1; the resumed run matches.
ck=$tmp/term.ck
"$run" "$model" --data "$data" --epochs 2 --checkpoint "$ck" --checkpoint-every 23 --quiet \
    >/dev/null 2>"$tmp/term.err" &
pid=$!
wait_for "$ck"
kill -TERM $pid
wait $pid
rc=$?
if [ $rc -eq 0 ]; then
    fail "SIGTERM: the run ended normally before the signal (exit 0)"
else
    [ $rc -eq 1 ] || fail "SIGTERM: exit code $rc, want 1"
    [ "$(wc -l <"$tmp/term.err")" -eq 1 ] && grep -q "stopped by SIGTERM.*--resume" "$tmp/term.err" ||
        fail "SIGTERM: want one line 'stopped by SIGTERM ... --resume', got: $(cat "$tmp/term.err")"
    "$run" "$model" --data "$data" --epochs 2 --resume "$ck" --save "$tmp/term.st" \
        --metrics "$tmp/term.json" --quiet >/dev/null 2>&1 || fail "SIGTERM: resume failed"
    cmp -s "$tmp/plain.ref.st" "$tmp/term.st" || fail "SIGTERM: resumed weights differ"
    same_metrics "$tmp/plain.ref.json" "$tmp/term.json" || fail "SIGTERM: metrics differ"
fi

# Refusals: one line, exit 1, the checkpoint untouched.
ck=$tmp/plain.1.ck
cp "$ck" "$tmp/keep.ck"
head -c 100000 "$ck" >"$tmp/cut.ck"
expect_fail_of "$run" "truncated state" "truncated" "$model" --data "$data" --epochs 2 \
    --resume "$tmp/cut.ck"
expect_fail_of "$run" "weights, not a state" "not a training state.*--load" "$model" \
    --data "$data" --epochs 2 --resume "$tmp/plain.ref.st"
expect_fail_of "$run" "another seed" "cannot resume.*--seed 0, this run has 1" "$model" \
    --data "$data" --epochs 2 --seed 1 --resume "$ck" --checkpoint "$ck"
expect_fail_of "$run" "another batch size" "cannot resume.*batch size" "$model" --data "$data" \
    --epochs 2 --batch-size 64 --resume "$ck" --checkpoint "$ck"
expect_fail_of "$run" "another model" "cannot resume.*model" "$other" --data "$data" \
    --epochs 2 --resume "$ck" --checkpoint "$ck"
expect_fail_of "$run" "fewer epochs" "cannot resume.*2 epoch(s) done.*raise --epochs" "$model" \
    --data "$data" --epochs 1 --resume "$ck" --checkpoint "$ck"
expect_fail_of "$run" "unwritable checkpoint" "$tmp/no/such/dir/x.ck" "$model" --data "$data" \
    --epochs 1 --limit-batches 5 --checkpoint "$tmp/no/such/dir/x.ck"
expect_fail_of "$run" "--checkpoint-every alone" "needs --checkpoint" "$model" --data "$data" \
    --checkpoint-every 5
expect_fail_of "$run" "--resume with --load" "exclude each other" "$model" --data "$data" \
    --resume "$ck" --load "$tmp/plain.ref.st"
cmp -s "$ck" "$tmp/keep.ck" || fail "a refused resume changed the checkpoint"

[ $fails -eq 0 ] || exit 1
echo "$NAME: ok"
