#!/bin/sh
# Checks gen_movielens: what it writes loads with `hgnn-run --inspect` and has the counts asked
# for; the layout is ml-latest-small's; pairs are distinct and sorted by user; the same seed gives
# the same bytes; bad flags fail with one line and leave no file behind.
# Usage: check_gen_movielens.sh GEN_MOVIELENS HGNN_RUN
gen=$1
run=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
has() {     # has TEXT WHAT
    if printf '%s' "$out" | grep -qF -- "$1"; then ok "$2: $1"; else bad "$2: $1 missing"; fi
}

# A small dataset with every size given.
"$gen" --ratings 30000 --users 300 --movies 1500 --genres 20 --seed 7 --out "$tmp/a" --quiet \
    || bad "generator exited $?"
out=$("$run" --data "$tmp/a" --inspect) || bad "hgnn-run --inspect exited $?"
has '"nodes":{"user":300,"movie":1500}' "inspect"
has '"features":{"movie":20}' "inspect"
has '"edges":{"user__rates__movie":30000,"movie__rev_rates__user":30000}' "inspect"
has '"labels":384}' "inspect"

[ "$(head -n 1 "$tmp/a/ratings.csv")" = "userId,movieId,rating,timestamp" ] \
    && ok "ratings.csv header" || bad "ratings.csv header"
[ "$(head -n 1 "$tmp/a/movies.csv")" = "movieId,title,genres" ] \
    && ok "movies.csv header" || bad "movies.csv header"
[ "$(wc -l < "$tmp/a/ratings.csv")" -eq 30001 ] && ok "30000 rating rows" || bad "rating rows"
[ "$(wc -l < "$tmp/a/movies.csv")" -eq 1501 ] && ok "1500 movie rows" || bad "movie rows"
dups=$(tail -n +2 "$tmp/a/ratings.csv" | cut -d, -f1,2 | sort | uniq -d | wc -l)
[ "$dups" -eq 0 ] && ok "(user, movie) pairs distinct" || bad "$dups duplicate pairs"
tail -n +2 "$tmp/a/ratings.csv" | cut -d, -f1 | sort -n -c 2>/dev/null \
    && ok "sorted by user" || bad "not sorted by user"
[ "$(tail -n +2 "$tmp/a/ratings.csv" | cut -d, -f1 | uniq | wc -l)" -eq 300 ] \
    && ok "every user rates" || bad "some user has no rating"
bad_rows=$(tail -n +2 "$tmp/a/ratings.csv" \
    | grep -cvE '^[0-9]+,[0-9]+,(0\.5|[1-4]\.[05]|5\.0),[0-9]{9,10}$')
[ "$bad_rows" -eq 0 ] && ok "rating rows well formed" || bad "$bad_rows malformed rating rows"
grep -q '^[0-9]*,".*, .*",' "$tmp/a/movies.csv" && ok "quoted titles with commas" \
    || bad "no quoted title with a comma"
grep -q '^[0-9]*,.*,(no genres listed)$' "$tmp/a/movies.csv" && ok "(no genres listed) rows" \
    || bad "no (no genres listed) row"
grep -q '|' "$tmp/a/movies.csv" && ok "genres joined by |" || bad "no multi-genre movie"

# Reproducible by seed; another seed gives other data.
"$gen" --ratings 30000 --users 300 --movies 1500 --genres 20 --seed 7 --out "$tmp/b" --quiet
cmp -s "$tmp/a/ratings.csv" "$tmp/b/ratings.csv" && cmp -s "$tmp/a/movies.csv" "$tmp/b/movies.csv" \
    && ok "same seed, same bytes" || bad "same seed gave different files"
"$gen" --ratings 30000 --users 300 --movies 1500 --genres 20 --seed 8 --out "$tmp/c" --quiet
cmp -s "$tmp/a/ratings.csv" "$tmp/c/ratings.csv" && bad "seed 8 = seed 7" || ok "seed 8 differs"

# Derived shapes (ml-25m's ratios) and another genre count.
"$gen" --ratings 50000 --genres 5 --out "$tmp/d" --quiet || bad "generator exited $?"
out=$("$run" --data "$tmp/d" --inspect) || bad "hgnn-run --inspect exited $?"
has '"features":{"movie":5}' "5 genres"
has '"user__rates__movie":50000' "5 genres"
has '"user":325' "derived users (50000 * 162541 / 25000095)"

# Bad flags: one line on stderr naming the problem, exit 1, nothing written.
for args in "--ratings 0" "--ratings x" "--ratings 10 --users 20" \
            "--users 2 --movies 3 --ratings 7 --genres 1" \
            "--movies 4 --genres 5" "--frobnicate 1" "--ratings"; do
    # shellcheck disable=SC2086
    err=$("$gen" $args --out "$tmp/e" 2>&1 >/dev/null)
    rc=$?
    if [ "$rc" -eq 1 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] \
        && printf '%s' "$err" | grep -q '^gen_movielens: error: '; then
        ok "rejects $args: $err"
    else
        bad "$args: exit $rc, stderr '$err'"
    fi
done
[ -z "$(ls -A "$tmp/e" 2>/dev/null)" ] && ok "no files left by bad flags" || bad "files left behind"
err=$("$gen" --ratings 10 --out "$tmp/no/such/dir" 2>&1 >/dev/null)
[ $? -eq 1 ] && ok "missing parent: $err" || bad "missing parent directory accepted"
ls -a "$tmp/a" | grep -q '\.tmp\.' && bad "temporary file left in output" || ok "no temporary files"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all gen_movielens checks passed"
