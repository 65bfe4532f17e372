#!/bin/sh
# Runs hgnn-run --inspect on every malformed MovieLens directory under BAD_DIR (each with an
# `expect` file holding the message after "hgnn-run: DIR/"), plus generated cases (a 3 MB field,
# a missing directory, a file given as the directory, a link to /dev/zero): each must print
# exactly that one line on stderr, nothing on stdout, and exit with status 1 (not a signal).
# Usage: check_bad.sh HGNN_RUN BAD_DIR
run=$1
root=$2
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {   # check DIR EXPECTED_STDERR
    "$run" --data "$1" --inspect >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ "$status" -ne 1 ]; then
        echo "FAIL $1: exit status $status, want 1"; fails=$((fails + 1)); return
    fi
    if [ -s "$tmp/out" ]; then
        echo "FAIL $1: wrote to stdout"; fails=$((fails + 1)); return
    fi
    printf 'hgnn-run: %s\n' "$2" >"$tmp/want"    # every message names the program
    if ! cmp -s "$tmp/want" "$tmp/err"; then
        echo "FAIL $1: stderr differs"; echo " want: $2"; echo " got:  $(cat "$tmp/err")"
        fails=$((fails + 1)); return
    fi
    echo "ok   $1"
}

n=0
for d in "$root"/*/; do
    d=${d%/}
    check "$d" "$d/$(cat "$d/expect")"
    n=$((n + 1))
done
[ "$n" -ge 20 ] || { echo "FAIL: only $n cases found under $root"; fails=$((fails + 1)); }

# A 3 MB title field: refused with its line, quickly.
mkdir "$tmp/big"
printf 'userId,movieId,rating,timestamp\n1,1,4.0,1\n' >"$tmp/big/ratings.csv"
{ printf 'movieId,title,genres\n1,"'; head -c 3145728 /dev/zero | tr '\0' x; printf '",Drama\n'; } \
    >"$tmp/big/movies.csv"
check "$tmp/big" "$tmp/big/movies.csv:2: error: field 2 is 3145728 bytes long (limit 1048576)"

check "$tmp/nonexistent" "$tmp/nonexistent/movies.csv: error: cannot open: No such file or directory"
printf 'x' >"$tmp/file"
check "$tmp/file" "$tmp/file/movies.csv: error: cannot open: Not a directory"
mkdir -p "$tmp/dirs/movies.csv"
check "$tmp/dirs" "$tmp/dirs/movies.csv: error: cannot read: is a directory"

# A 1 GiB sparse file of zeros: refused at its first chunk, not read whole.
mkdir "$tmp/sparse"
truncate -s 1G "$tmp/sparse/movies.csv"
check "$tmp/sparse" "$tmp/sparse/movies.csv:1: error: NUL byte at offset 0 (binary file?)"
mkdir "$tmp/dev"
ln -s /dev/zero "$tmp/dev/movies.csv"
check "$tmp/dev" "$tmp/dev/movies.csv: error: cannot read: not a regular file"

# Not an error: a last line ending in a lone carriage return (an old Mac editor's), which pandas
# reads; the counts are those of the same files with LF.
mkdir "$tmp/cr"
for f in movies ratings; do
    cr=$(printf '\r')
    text=$(cat "$root/../tiny/$f.csv")     # without its final line end: LF, or CRLF
    printf '%s\r' "${text%"$cr"}" >"$tmp/cr/$f.csv"
done
"$run" --data "$root/../tiny" --inspect >"$tmp/lf.json" 2>&1
if "$run" --data "$tmp/cr" --inspect >"$tmp/cr.json" 2>&1 && cmp -s "$tmp/lf.json" "$tmp/cr.json"
then
    echo "ok   $tmp/cr (last line ends in CR)"
else
    echo "FAIL $tmp/cr: a last line ending in CR: $(cat "$tmp/cr.json")"; fails=$((fails + 1))
fi

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all bad inputs rejected"
