#!/bin/sh
# A .so that declares its data (tests/data/declared_model.c: the tutorial's model with a data
# declaration) trains on MovieLens written in another layout — tab-separated ratings and
# '::'-separated movies without headers, string keys — to the very numbers the built-in layout
# gives on the CSVs; and a layout with other feature widths is refused after loading, naming the
# model.
# usage: check_declared.sh HGNNC HGNN_RUN DECLARED_SO MODEL.hgnn ML_SMALL_DIR
set -eu
hgnnc=$1 run=$2 declared=$3 model=$4 data=$5
tmp=$(mktemp -d "${TMPDIR:-/tmp}/declared.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
"$hgnnc" "$model" -o "$tmp/model.so"
mkdir "$tmp/d"
python3 - "$data" "$tmp/d" <<'PY'
import csv, sys
src, out = sys.argv[1], sys.argv[2]
with open(f"{src}/movies.csv", newline="", encoding="utf-8") as f, \
     open(f"{out}/movies.dat", "w", encoding="utf-8") as o:
    for r in list(csv.reader(f))[1:]:
        o.write(f"m{r[0]}::{r[1]}::{r[2]}\n")
with open(f"{src}/ratings.csv", newline="") as f, open(f"{out}/ratings.tsv", "w") as o:
    for r in list(csv.reader(f))[1:]:
        o.write(f"u{r[0]}\tm{r[1]}\t{r[2]}\t{r[3]}\n")
PY
common="--epochs 1 --batch-size 1024 --seed 3 --progress never --quiet"
"$run" "$tmp/model.so" --data "$data" $common --metrics "$tmp/csv.json" >/dev/null
HGNN_DECLARED_INNER=$tmp/model.so "$run" "$declared" --data "$tmp/d" $common \
    --metrics "$tmp/decl.json" >/dev/null
pick() { grep -E '"(val_auc|test_auc|auc|loss|labels|batches)"' "$1"; }
pick "$tmp/csv.json" >"$tmp/csv.cmp"
pick "$tmp/decl.json" >"$tmp/decl.cmp"
[ -s "$tmp/csv.cmp" ] || { echo "FAIL: no metrics to compare"; exit 1; }
if ! cmp -s "$tmp/csv.cmp" "$tmp/decl.cmp"; then
    echo "FAIL: the declared layout trains to other numbers"
    diff "$tmp/csv.cmp" "$tmp/decl.cmp" | head -n 20
    exit 1
fi
# One genre fewer: the data loads, then the .so's widths are checked against it.
sed -i 's/|IMAX//; s/::IMAX$/::Drama/' "$tmp/d/movies.dat"
if HGNN_DECLARED_INNER=$tmp/model.so "$run" "$declared" --data "$tmp/d" $common \
    >/dev/null 2>"$tmp/err"; then
    echo "FAIL: a layout with 19 genres was accepted"; exit 1
fi
want="hgnn-run: $declared: error: model expects 20 features for node type 'movie', the data has 19; recompile the .hgnn for this data (or run the .hgnn directly)"
[ "$(cat "$tmp/err")" = "$want" ] || { echo "FAIL: got '$(cat "$tmp/err")'"; exit 1; }
echo "PASS: the declared layout gives the built-in layout's $(wc -l <"$tmp/csv.cmp") metrics"
