#!/bin/sh
# Runs every hgnnc and hgnn-run command line shown in the code blocks of README.md, docs/*.md and
# examples/*.md, so that the documentation's invocations keep working. Commands run in document
# order in a scratch directory that mirrors the repository (data/, models/, examples/ linked;
# build/hgnnc and build/hgnn-run the binaries under test); a bare `hgnnc` or `hgnn-run` is
# build/'s. Training is kept cheap: `--epochs 1 --limit-batches 2` is added unless the line
# evaluates only (--epochs 0) or runs --inspect, and `--tune-trials 2` to a --tune. Each must exit 0. What is not run is printed and
# counted, with the reason:
#   - other programs on the same line (scripts/bootstrap installs packages; dot needs graphviz):
#     the hgnnc/hgnn-run parts of the line still run, their output to a file;
#   - synopses (a line with [OPTIONAL] parts) are not command lines;
#   - the ml18/ example shows the error for a dataset that is not shipped;
#   - --precision bf16 on a CPU without avx512_bf16, which both tools refuse.
# Usage: check_invocations.sh SOURCE_DIR BUILD_DIR
set -u
src=$1 build=$2
tmp=$(mktemp -d /tmp/hgnn-doc.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
work=$tmp/work
mkdir -p "$work/build"
for d in data models examples; do ln -s "$src/$d" "$work/$d"; done
ln -s "$build/hgnnc" "$work/build/hgnnc"
ln -s "$build/hgnn-run" "$work/build/hgnn-run"

# Code-block lines of the docs, continuation lines joined, prompts ("$ ") and comments removed:
# FILE:LINE<tab>COMMAND for each line that calls hgnnc or hgnn-run.
cd "$src" || exit 2
for f in README.md docs/*.md examples/*.md; do
    awk -v file="$f" '
        /^```/ { inb = !inb; next }
        !inb { next }
        {
            line = $0
            if (cont != "") { cmd = cmd " " line } else { cmd = line; at = FNR }
            if (cmd ~ /\\$/) { sub(/\\$/, "", cmd); cont = 1; next }
            cont = ""
            sub(/^\$ /, "", cmd)
            sub(/[ \t]+#.*$/, "", cmd)
            if (cmd ~ /(^|[ \/&|])(hgnnc|hgnn-run)( |$)/)
                printf "%s:%d\t%s\n", file, at, cmd
        }' "$f"
done >"$tmp/lines"

ran=0 skipped=0 fails=0
skip() { echo "SKIP $1: $2"; skipped=$((skipped + 1)); }
cd "$work" || exit 2
while IFS="$(printf '\t')" read -r where cmd; do
    case $cmd in
        *"["*"]"*) skip "$where" "a synopsis, not a command line: $cmd"; continue ;;
        *" ml18/"*) skip "$where" "needs a dataset with 18 genres (ml18/), not shipped: $cmd"
                    continue ;;
        *"--precision bf16"*)
            if ! grep -qw avx512_bf16 /proc/cpuinfo; then
                skip "$where" "bf16 needs a CPU with avx512_bf16, which this one lacks: $cmd"
                continue
            fi ;;
    esac
    # One line may chain commands with && or pipe into another program: run our parts.
    printf '%s\n' "$cmd" | sed 's/ && /\n/g; s/ | /\n|/g' >"$tmp/parts"
    while read -r part; do
        case $part in
            "|"*) skip "$where" "'${part#|}' needs $(echo "${part#|}" | cut -d' ' -f1), not in CI (the output before it was still produced)"
                  continue ;;
        esac
        set -f
        set -- $part
        set +f
        case $1 in
            hgnnc|hgnn-run) tool=$1 ;;
            build/hgnnc|build/hgnn-run) tool=${1#build/} ;;
            scripts/bootstrap) skip "$where" "scripts/bootstrap installs packages and builds; the test runs on that build"
                               continue ;;
            *) skip "$where" "'$part' is not hgnnc or hgnn-run"; continue ;;
        esac
        shift
        extra=
        if [ "$tool" = hgnn-run ]; then
            case " $* " in
                *" --inspect "*|*" --epochs 0 "*) ;;
                *" --tune "*) extra="--tune-trials 2" ;;    # the tuner decides the epochs
                *) extra="--epochs 1 --limit-batches 2" ;;
            esac
        fi
        ran=$((ran + 1))
        # The command's own redirections (> file) stay; its stdout goes to a file.
        if eval "build/$tool $* $extra" >"$tmp/out" 2>"$tmp/err" </dev/null; then
            echo "ok   $where: $tool $* $extra"
        else
            echo "FAIL $where: $tool $* $extra"
            sed 's/^/  /' "$tmp/err" | head -5
            fails=$((fails + 1))
        fi
    done <"$tmp/parts"
done <"$tmp/lines"

echo "check_invocations: $ran run, $fails failed, $skipped not run (reasons above)"
[ "$ran" -ge 10 ] || { echo "check_invocations: FAIL: only $ran command lines found"; exit 1; }
[ "$fails" -eq 0 ]
