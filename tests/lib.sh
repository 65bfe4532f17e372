# tests/lib.sh — what the shell tests share. Set NAME (the prefix of their lines) and source it:
# it makes $tmp, a private directory removed at exit, and defines fail MESSAGE (counted in
# $fails) and expect_fail_of CMD DESCRIPTION PATTERN ARGS... (CMD ARGS exits 1 with exactly one
# line on stderr, matching PATTERN).
tmp=$(mktemp -d "/tmp/hgnn-$NAME.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "$NAME: FAIL: $*" >&2; fails=$((fails + 1)); }

expect_fail_of() {
    cmd=$1 what=$2 pat=$3
    shift 3
    "$cmd" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 1 ] || fail "$what: exit code $rc, want 1"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] ||
        fail "$what: want one line on stderr, got: $(cat "$tmp/err")"
    grep -q -- "$pat" "$tmp/err" || fail "$what: stderr lacks '$pat': $(cat "$tmp/err")"
}
