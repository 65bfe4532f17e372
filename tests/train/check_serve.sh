#!/bin/sh
# After training, through the model's whole-graph inference (ABI 6 embed): --rank-eval prints the
# model and the popularity baseline for val and test and writes them to --metrics; --recommend
# prints K unseen movies per user with titles; --export writes embeddings numpy reads back with
# one key per row; --plot adds Recall@K and NDCG@K charts (model and popularity, well-formed
# XML); the same seed gives the same figures. A short run (one epoch, 20 batches).
# Usage: check_serve.sh HGNN_RUN MODEL DATA_DIR PYTHON3
set -u
run=$1 model=$2 data=$3 py=$4
NAME=check_serve
. "$(dirname "$0")/../lib.sh"

go() {
    "$run" "$model" --data "$data" --epochs 1 --limit-batches 20 --rank-eval 5,10 \
        --recommend 1,42 -k 3 --export "$tmp/$1" --metrics "$tmp/$1.json" --plot "$tmp/$1.plots" \
        >"$tmp/$1.out" 2>&1 ||
        fail "run $1 exited $?: $(cat "$tmp/$1.out")"
}
go a
go b
for who in "val model" "val popularity" "test model" "test popularity"; do
    for k in 5 10; do
        grep -q "^rank $who *@$k: recall 0\.[0-9]* ndcg 0\.[0-9]*" "$tmp/a.out" ||
            fail "no '$who @$k' line: $(cat "$tmp/a.out")"
    done
done
for f in recall_at_k ndcg_at_k; do
    xmllint --noout "$tmp/a.plots/$f.svg" 2>/dev/null || fail "$f.svg missing or not XML"
    grep -q '>model<' "$tmp/a.plots/$f.svg" && grep -q '>popularity (training degree)<' \
        "$tmp/a.plots/$f.svg" || fail "$f.svg lacks the model or the baseline"
done
[ "$(grep -c '^user ' "$tmp/a.out")" -eq 2 ] || fail "not two users: $(cat "$tmp/a.out")"
grep -q '^   3  [0-9]* .*([0-9][0-9][0-9][0-9])' "$tmp/a.out" || fail "no third movie with a title"
[ "$(grep '^rank \|^user \|^ ' "$tmp/a.out")" = "$(grep '^rank \|^user \|^ ' "$tmp/b.out")" ] ||
    fail "the same seed gave other figures"
"$py" - "$tmp/a" "$tmp/a.json" <<'PY' || fail "export or metrics do not read back"
import json, sys
import numpy as np
d, metrics = sys.argv[1], json.load(open(sys.argv[2]))
for t, rows in (("user", 610), ("movie", 9742)):
    x = np.load(f"{d}/{t}.npy")
    keys = open(f"{d}/{t}.keys.csv").read().split("\n")
    assert x.shape == (rows, 64) and x.dtype == np.float32 and np.isfinite(x).all(), (t, x.shape)
    assert keys[0] == "key" and len([k for k in keys[1:] if k]) == rows, (t, len(keys))
r = metrics["ranking"]
for part in ("val", "test"):
    for who in ("model", "popularity"):
        for k in (5, 10):
            v = r[part][who][f"ndcg@{k}"]
            assert 0 <= v <= 1, (part, who, k, v)
PY
[ $fails -eq 0 ] && echo "check_serve: ok"
[ $fails -eq 0 ]
