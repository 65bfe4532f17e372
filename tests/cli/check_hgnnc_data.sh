#!/bin/sh
# hgnnc --data DIR with a stand-in reader (tests/cli/fake_data_widths.c, linked into
# hgnnc_fake_data): the widths it computes reach --emit=data and the compiled model, a width left
# to the data without --data is a diagnostic at the feature, and a reader's error is one line.
# Then the real hgnnc (linked with runtime/dataset.c) reads the tutorial's declared tables.
# Usage: check_hgnnc_data.sh HGNNC_FAKE_DATA DATA_FULL.hgnn ERR_DATA_WIDTH.hgnn MOVIELENS.hgnn \
#            HGNNC DATA_DIR
set -u
cc=$1 full=$2 width=$3 movielens=$4 hgnnc=$5 data=$6
NAME=check_hgnnc_data
. "$(dirname "$0")/../lib.sh"

mkdir -p "$tmp/d" "$tmp/bad"
"$cc" "$full" --emit=data --data "$tmp/d" >"$tmp/out" 2>&1 ||
    fail "--emit=data --data: $(cat "$tmp/out")"
grep -q '^node_type movie features 5$' "$tmp/out" ||
    fail "movie's width from the data: $(cat "$tmp/out")"
grep -q '^node_type occupation features 8$' "$tmp/out" || fail "the data decides a declared width"
"$cc" "$full" --emit=data >"$tmp/out" 2>&1 || fail "--emit=data without --data"
grep -q '^node_type movie features from the data$' "$tmp/out" ||
    fail "unknown width: $(cat "$tmp/out")"
"$cc" "$full" --emit=ir --data="$tmp/d" >"$tmp/ir" 2>&1 || fail "--emit=ir --data: $(cat "$tmp/ir")"
grep -q '^node_type movie features 5$' "$tmp/ir" || fail "IR width: $(head -8 "$tmp/ir")"
"$cc" "$full" --data "$tmp/d" -o "$tmp/model.so" >"$tmp/out" 2>&1 ||
    fail "-o with --data: $(cat "$tmp/out")"
[ -s "$tmp/model.so" ] || fail "no model.so"
"$hgnnc" "$movielens" --emit=ir --data "$data" >"$tmp/ir" 2>&1 || fail "movielens --data"
grep -q '^node_type movie features 20$' "$tmp/ir" || fail "movielens width: $(head -8 "$tmp/ir")"
sed 's/x: 20 = multi_hot/x = multi_hot/' "$movielens" >"$tmp/lazy.hgnn"
"$hgnnc" "$tmp/lazy.hgnn" --emit=ir --data "$data" >"$tmp/ir" 2>&1 || fail "lazy width --data"
grep -q '^node_type movie features 20$' "$tmp/ir" || fail "lazy width: $(head -8 "$tmp/ir")"
"$hgnnc" "$tmp/lazy.hgnn" -o "$tmp/x.so" --data "$tmp/nowhere" >/dev/null 2>"$tmp/err" &&
    fail "--data of a missing directory passed"
[ ! -e "$tmp/x.so" ] || fail "a failed --data left an output"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "nowhere/movies.csv" "$tmp/err" ||
    fail "missing table: $(cat "$tmp/err")"

"$cc" "$width" >/dev/null 2>"$tmp/err" && fail "a width left to the data compiled without --data"
grep -q "error: the width of 'movie.x' is known only from the data: pass --data DIR" "$tmp/err" ||
    fail "no diagnostic: $(cat "$tmp/err")"
"$cc" "$width" --data "$tmp/d" >/dev/null 2>"$tmp/err" || fail "--data did not give the width"
"$cc" "$width" --data "$tmp/bad" >/dev/null 2>"$tmp/err" && fail "a reader's error passed"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "reader's error is not one line: $(cat "$tmp/err")"
grep -q "bad/movies.csv:3: error: field 'genres' is missing" "$tmp/err" || fail "$(cat "$tmp/err")"
[ $fails -eq 0 ] && echo "check_hgnnc_data: ok"
[ $fails -eq 0 ]
