#!/bin/sh
# hgnn-run --set NAME=VALUE (runtime/overrides.c, compiler/override.c): a constant of a .hgnn
# (hidden=128 recompiles: more parameters), train settings on a .hgnn and on a .so, the training
# ratio kept apart from the split's (neg_ratio=4 leaves the 30,249 val and test labels alone;
# split_neg_ratio changes them), the overrides in --metrics, a resume refused under another
# ratio, and bad input: one line, exit 1.
# Usage: check_set.sh HGNN_RUN HGNNC MODEL LIGHTGCN RATING DATA_DIR PYTHON
set -u
run=$1 hgnnc=$2 model=$3 lightgcn=$4 rating=$5 data=$6 py=$7
NAME=check_set
. "$(dirname "$0")/../lib.sh"

expect_error() { expect_fail_of "$run" "$@"; }
# field FILE EXPR: a value of the metrics JSON in FILE (EXPR in Python over d).
field() { "$py" -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
# short NAME ARGS...: one quick training run of MODEL (a few batches) into $tmp/NAME.json.
short() {
    out=$1
    shift
    "$run" "$@" --data "$data" --limit-batches 3 --quiet --metrics "$tmp/$out.json" \
        >"$tmp/$out.log" 2>&1 || fail "$out: exit code $? ($(cat "$tmp/$out.log"))"
}

"$run" --help | grep -q -- "--set NAME=VALUE" || fail "--help does not list --set"

short base "$model" --set epochs=1
short same "$model" --set epochs=1 --set neg_ratio=2
[ "$(field "$tmp/base.json" "d['val_auc']")" = "$(field "$tmp/same.json" "d['val_auc']")" ] ||
    fail "--set neg_ratio=2 (the model's own) changed the val AUC"

# The training ratio: the evaluation sets stay those of the model's split ratio.
short neg4 "$model" --set epochs=1 --set neg_ratio=4
for p in val test; do
    n=$(field "$tmp/neg4.json" "d['split']['$p']['labels']")
    [ "$n" = 30249 ] || fail "--set neg_ratio=4: $p has $n labels, want 30249"
done
ratios=$(field "$tmp/neg4.json" "(d['neg_ratio'], d['split_neg_ratio'])")
[ "$ratios" = "(4, 2)" ] || fail "--set neg_ratio=4: metrics say (neg, split) = $ratios"
base_labels=$(field "$tmp/base.json" "d['epochs'][0]['labels']")
[ "$(field "$tmp/neg4.json" "d['epochs'][0]['labels'] > 1.3 * $base_labels")" = True ] ||
    fail "--set neg_ratio=4 did not draw more training negatives"
[ "$(field "$tmp/neg4.json" "d['overrides']")" = "{'epochs': '1', 'neg_ratio': '4'}" ] ||
    fail "overrides in --metrics: $(field "$tmp/neg4.json" "d['overrides']")"
[ "$(field "$tmp/base.json" "d['overrides']")" = "{'epochs': '1'}" ] ||
    fail "overrides of the base run: $(field "$tmp/base.json" "d['overrides']")"

# The split's ratio: 10,083 positives and one negative each.
short split1 "$model" --set epochs=1 --set split_neg_ratio=1
n=$(field "$tmp/split1.json" "d['split']['val']['labels']")
[ "$n" = 20166 ] || fail "--set split_neg_ratio=1: val has $n labels, want 20166"

# A width: the model is recompiled from source, with more parameters.
short h128 "$model" --set epochs=1 --set hidden=128
p0=$(field "$tmp/base.json" "d['parameters']") p1=$(field "$tmp/h128.json" "d['parameters']")
[ "$p0" = 696896 ] && [ "$p1" = 1459328 ] ||
    fail "--set hidden=128: $p1 parameters (hidden=64: $p0), want 1459328 and 696896"
[ "$(field "$tmp/h128.json" "d['overrides']")" = "{'epochs': '1', 'hidden': '128'}" ] ||
    fail "overrides of hidden=128: $(field "$tmp/h128.json" "d['overrides']")"
[ "$(field "$tmp/h128.json" "d['split']['val']['labels']")" = 30249 ] ||
    fail "--set hidden=128 changed the val labels"

# A .so: train settings are runtime defaults; its constants are compiled in.
"$hgnnc" "$model" -o "$tmp/m.so" || fail "hgnnc $model"
short so "$tmp/m.so" --set epochs=1 --set neg_ratio=4
[ "$(field "$tmp/so.json" "d['val_auc']")" = "$(field "$tmp/neg4.json" "d['val_auc']")" ] ||
    fail "--set neg_ratio=4: the .so and the .hgnn differ"
expect_error "a constant of a .so" "^hgnn-run: error: --set hidden=128: .*pass the .hgnn source" \
    "$tmp/m.so" --data "$data" --set hidden=128

# A training state remembers both ratios: a resume with another is refused.
"$run" "$model" --data "$data" --set epochs=1 --limit-batches 2 --quiet \
    --checkpoint "$tmp/state.safetensors" >/dev/null 2>&1 || fail "--checkpoint run"
expect_error "resume with another neg_ratio" \
    "checkpoint was written with a neg_ratio of 2, this run has 4" "$model" --data "$data" \
    --set epochs=2 --limit-batches 2 --resume "$tmp/state.safetensors" --set neg_ratio=4
expect_error "resume with another split_neg_ratio" \
    "checkpoint was written with a split_neg_ratio of 2, this run has 1" "$model" \
    --data "$data" --set epochs=2 --limit-batches 2 --resume "$tmp/state.safetensors" \
    --set split_neg_ratio=1

# Bad input: one line naming the setting, exit 1.
unknown="the model has no constant or train setting 'foo' (constants: hidden; train: epochs, lr,"
expect_error "unknown name" "^hgnn-run: error: --set foo=1: $unknown batch_size, fanout" \
    "$model" --data "$data" --set foo=1
expect_error "no '='" "--set hidden: expected NAME=VALUE" "$model" --data "$data" --set hidden
expect_error "empty value" "--set lr=: expected NAME=VALUE" "$model" --data "$data" --set lr=
expect_error "set twice" "--set lr=0.1: 'lr' is set twice" "$model" --data "$data" \
    --set lr=0.01 --set lr=0.1
expect_error "lr 0" "--set lr=0: lr takes a number above 0" "$model" --data "$data" --set lr=0
expect_error "lr text" "--set lr=fast: lr takes a number" "$model" --data "$data" --set lr=fast
expect_error "negative ratio" "--set neg_ratio=-1: neg_ratio takes a number from 0 to 1000" \
    "$model" --data "$data" --set neg_ratio=-1
expect_error "negative split ratio" "--set split_neg_ratio=-0.5: split_neg_ratio takes" \
    "$model" --data "$data" --set split_neg_ratio=-0.5
expect_error "float batch" "--set batch_size=1.5: batch_size takes an integer from 1" "$model" \
    --data "$data" --set batch_size=1.5
expect_error "fanout not a list" "--set fanout=x: fanout takes 1 to 8 fan-outs such as \[20,10\]" \
    "$model" --data "$data" --set fanout=x
expect_error "fanout of 0" "--set fanout=\[20,0\]: fanout takes" "$model" --data "$data" \
    --set "fanout=[20,0]"
expect_error "one beta" "--set betas=0.9: betas takes two numbers" "$model" --data "$data" \
    --set betas=0.9
expect_error "val + test" "--set val=0.5: val + test must be below 1, saw 1" "$model" \
    --data "$data" --set val=0.5 --set test=0.5
expect_error "val 1" "--set val=1: val takes a fraction from 0 to below 1" "$model" \
    --data "$data" --set val=1
expect_error "constant not a number" "--set hidden=wide: constant 'hidden' takes a number" \
    "$model" --data "$data" --set hidden=wide
expect_error "integer constant" "--set hidden=1.5: constant 'hidden' is an integer in the model" \
    "$model" --data "$data" --set hidden=1.5
expect_error "--epochs and --set epochs" "--epochs and --set epochs=3 both set the epochs" \
    "$model" --data "$data" --set epochs=3 --epochs 2
expect_error "--lr and --set lr" "--lr and --set lr=0.1 both set the learning rate" \
    "$model" --data "$data" --lr 0.01 --set lr=0.1
expect_error "--set without a model" "--set needs a MODEL" --data "$data" --inspect \
    --set neg_ratio=1
expect_error "mse and negatives" \
    "--set neg_ratio=1: model 'rating_regression' trains with loss mse" \
    "$rating" --data "$data" --set neg_ratio=1
expect_error "bpr without negatives" "--set neg_ratio=0: model 'lightgcn' trains with loss bpr" \
    "$lightgcn" --data "$data" --set neg_ratio=0

[ "$fails" -eq 0 ] && echo "$NAME: ok"
exit $((fails > 0))
