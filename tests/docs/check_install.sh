#!/bin/sh
# Installs the build into a temporary prefix (cmake --install) and checks what a user gets: the
# two tools (which run and print --version), the public headers, the man pages (rendered by man
# without a warning, naming the version, and listing in OPTIONS every flag the tool's --help
# lists) and the bash completions (which complete every flag of --help, and values).
# Usage: check_install.sh CMAKE BUILD_DIR VERSION
set -u
cmake=$1 build=$2 version=$3
NAME=check_install
. "$(dirname "$0")/../lib.sh"

"$cmake" --install "$build" --prefix "$tmp/p" >"$tmp/log" 2>&1 ||
    { cat "$tmp/log"; fail "cmake --install failed"; exit 1; }
p=$tmp/p
for f in bin/hgnnc bin/hgnn-run include/hgnn/abi.h include/hgnn/limits.h include/hgnn/data.h \
         include/hgnn/settings.h \
         share/man/man1/hgnnc.1 share/man/man1/hgnn-run.1 \
         share/bash-completion/completions/hgnnc share/bash-completion/completions/hgnn-run; do
    [ -s "$p/$f" ] || fail "$f not installed"
done

# Flags in a tool's --help: the left column of its option lines (-h, --help; -ON: -O).
help_flags() {
    "$1" --help | sed -n 's/^  \(-[^ ,]*\(, -[^ ]*\)\{0,1\}\).*/\1/p' | tr ',' '\n' |
        sed 's/^ *//; s/=.*//; s/^\(-[A-Za-z]\).*/\1/' | sort -u
}

if ! command -v man >/dev/null; then
    fail "man is not installed (scripts/bootstrap installs man-db)"
fi
for tool in hgnnc hgnn-run; do
    bin=$p/bin/$tool page=$p/share/man/man1/$tool.1
    "$bin" --version >"$tmp/v" 2>&1 || fail "installed $tool --version: $(cat "$tmp/v")"
    grep -q "^$tool $version " "$tmp/v" || fail "$tool --version: $(cat "$tmp/v")"
    grep -q "^\.TH .* \"hgnn $version\"" "$page" || fail "$tool.1 does not name version $version"
    if command -v man >/dev/null; then
        MANWIDTH=80 man --warnings -l "$page" >"$tmp/man" 2>"$tmp/warn" || fail "man -l $tool.1"
        [ -s "$tmp/warn" ] && fail "man -l $tool.1 warns: $(head -3 "$tmp/warn")"
        for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES "SEE ALSO"; do
            grep -q "^$s" "$tmp/man" || fail "$tool.1 has no $s section"
        done
    fi
    # OPTIONS, with roff's \- as -, names every flag of --help.
    sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$page" | sed 's/\\-/-/g' >"$tmp/options"
    help_flags "$bin" >"$tmp/flags"
    [ "$(wc -l <"$tmp/flags")" -ge 5 ] || fail "$tool --help: too few flags found: $(cat "$tmp/flags")"
    while read -r f; do
        grep -Eq -- "(^|[^A-Za-z-])$f([^A-Za-z-]|\$)" "$tmp/options" ||
            fail "$tool.1 OPTIONS lacks $f (in --help)"
    done <"$tmp/flags"
    # The completion offers every long flag of --help for '--'.
    bash -c '. "$1"; COMP_WORDS=("$2" --); COMP_CWORD=1; "$3"; printf "%s\n" "${COMPREPLY[@]}"' \
        sh "$p/share/bash-completion/completions/$tool" "$tool" \
        "_$(echo "$tool" | tr - _)" >"$tmp/comp" 2>&1
    grep -- '^--' "$tmp/flags" | while read -r f; do
        grep -qx -- "$f=\{0,1\}" "$tmp/comp" || echo "$f"
    done >"$tmp/missing"
    [ -s "$tmp/missing" ] && fail "completions/$tool lacks $(tr '\n' ' ' <"$tmp/missing")"
done

# Completing as a user would: 'hgnn-run --opt' gives --optimizer, values and files after flags.
comp() {    # comp SCRIPT FUNCTION WORDS...: the completions of the last word
    script=$1 fn=$2
    shift 2
    (cd "$tmp" && bash -c '. "$1"; f=$2; shift 2; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        "$f"; printf "%s\n" "${COMPREPLY[@]}"' sh "$script" "$fn" "$@" | tr '\n' ' ')
}
run_c=$p/share/bash-completion/completions/hgnn-run
cc_c=$p/share/bash-completion/completions/hgnnc
mkdir -p "$tmp/data/ml" && : >"$tmp/model.hgnn" && : >"$tmp/model.so" && : >"$tmp/notes.txt"
want() {    # want WHAT GOT EXPECTED
    [ "$2" = "$3" ] || fail "completing $1: got '$2', want '$3'"
}
want "hgnn-run --opt" "$(comp "$run_c" _hgnn_run hgnn-run --opt)" "--optimizer "
want "--optimizer s" "$(comp "$run_c" _hgnn_run hgnn-run m.so --optimizer s)" "sparse-adam "
want "--progress = a" "$(comp "$run_c" _hgnn_run hgnn-run --progress = a)" "auto always "
want "--data d" "$(comp "$run_c" _hgnn_run hgnn-run --data d)" "data "
want "MODEL m" "$(comp "$run_c" _hgnn_run hgnn-run m)" "model.hgnn model.so "
want "hgnnc --emit = grad" "$(comp "$cc_c" _hgnnc hgnnc --emit = grad)" "grad-ir "
want "hgnnc -fno-sp" "$(comp "$cc_c" _hgnnc hgnnc -fno-sp)" "-fno-sparse-grad "
want "hgnnc m" "$(comp "$cc_c" _hgnnc hgnnc m)" "model.hgnn "

[ $fails -eq 0 ] && echo "check_install: ok"
[ $fails -eq 0 ]
