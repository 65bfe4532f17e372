#!/bin/sh
# Data-parallel training over MPI (runtime/dist.c), two ranks on this machine:
#  - sparse-adam over N = 2 (embedding rows exchanged): equal on both ranks, AUC within 0.005;
#  - N = 2 twice: the same weights byte for byte and the same figures (reductions in rank order);
#    the parameters equal on both ranks after every step (--check-ranks hashes them);
#  - N = 2 against N = 1 at the same global batch: per-epoch losses within 0.01 and val / test
#    AUC within 0.005 (they differ because each rank samples its share's neighbourhood from its
#    own stream);
#  - --checkpoint under N = 2, mpirun killed with SIGKILL at a random point, --resume with N = 2:
#    the weights and figures of the uninterrupted N = 2 run; resuming with N = 1 is refused;
#  - a rank killed with SIGKILL ends the whole job within 60 s with one line naming the rank
#    (hgnn-run's, under mpirun -q), not a hang, and the last checkpoint stays whole;
#  - more ranks than a batch has labels: one line, exit 1.
# Usage: check_mpi.sh HGNN_RUN MODEL DATA_DIR PYTHON3 MPIRUN
set -u
run=$1 model=$2 data=$3 py=$4 mpirun=$5
NAME=check_mpi
. "$(dirname "$0")/../lib.sh"
mpi() { "$mpirun" --allow-run-as-root --oversubscribe -np "$@"; }

# figures NAME METRICS: "val test [epoch losses]" of a --metrics file
figures() {
    "$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(repr((d["val"]["auc"], d["test"]["auc"], [e["loss"] for e in d["epochs"]], d["ranks"])))' "$1"
}

short="--epochs 2 --limit-batches 60"
mpi 2 "$run" "$model" --data "$data" $short --check-ranks --save "$tmp/a.st" \
    --metrics "$tmp/a.json" >"$tmp/a.out" 2>&1 || fail "N=2 run a failed: $(cat "$tmp/a.out")"
mpi 2 "$run" "$model" --data "$data" $short --save "$tmp/b.st" --metrics "$tmp/b.json" \
    >"$tmp/b.out" 2>&1 || fail "N=2 run b failed: $(cat "$tmp/b.out")"
cmp -s "$tmp/a.st" "$tmp/b.st" || fail "two N=2 runs gave other weights"
[ "$(figures "$tmp/a.json")" = "$(figures "$tmp/b.json")" ] || fail "two N=2 runs gave other figures"
grep -q "2 ranks (" "$tmp/a.out" || fail "the header does not name 2 ranks: $(head -1 "$tmp/a.out")"
[ "$(grep -c '^val AUC' "$tmp/a.out")" -eq 1 ] || fail "not exactly one rank printed"

# N = 2 against N = 1, three epochs of the tutorial.
"$run" "$model" --data "$data" --epochs 3 --metrics "$tmp/one.json" --quiet >/dev/null 2>&1 ||
    fail "N=1 run failed"
mpi 2 "$run" "$model" --data "$data" --epochs 3 --metrics "$tmp/two.json" --quiet >/dev/null 2>&1 ||
    fail "N=2 run failed"
"$py" - "$tmp/one.json" "$tmp/two.json" <<'PY' || fail "N=2 is not within tolerance of N=1"
import json, sys
one, two = (json.load(open(p)) for p in sys.argv[1:3])
assert one["ranks"] == 1 and two["ranks"] == 2, (one["ranks"], two["ranks"])
for p in ("val", "test"):
    d = abs(one[p]["auc"] - two[p]["auc"])
    print("%s AUC N=1 %.4f N=2 %.4f" % (p, one[p]["auc"], two[p]["auc"]))
    assert d < 0.005, (p, d)
for a, b in zip(one["epochs"], two["epochs"]):
    assert abs(a["loss"] - b["loss"]) < 0.01, (a["loss"], b["loss"])
PY

# sparse-adam: the ranks exchange their embedding rows; equal on both ranks, close to N = 1.
"$run" "$model" --data "$data" --epochs 1 --optimizer sparse-adam --metrics "$tmp/s1.json" \
    --quiet >/dev/null 2>&1 || fail "N=1 sparse-adam run failed"
mpi 2 "$run" "$model" --data "$data" --epochs 1 --optimizer sparse-adam --check-ranks \
    --metrics "$tmp/s2.json" --quiet >"$tmp/s2.out" 2>&1 ||
    fail "N=2 sparse-adam run failed: $(cat "$tmp/s2.out")"
"$py" - "$tmp/s1.json" "$tmp/s2.json" <<'PY' || fail "N=2 sparse-adam is not within 0.005 of N=1"
import json, sys
one, two = (json.load(open(p)) for p in sys.argv[1:3])
for p in ("val", "test"):
    print("sparse-adam %s AUC N=1 %.4f N=2 %.4f" % (p, one[p]["auc"], two[p]["auc"]))
    assert abs(one[p]["auc"] - two[p]["auc"]) < 0.005
PY

# Resume under N = 2 after a SIGKILL of the whole job at a random point.
ck=$tmp/mpi.ck
mpi 2 "$run" "$model" --data "$data" $short --checkpoint "$ck" --checkpoint-every 7 --quiet \
    >/dev/null 2>&1 &
pid=$!
i=0
while [ ! -s "$ck" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
sleep "$(awk -v s="$$" 'BEGIN { srand(s); printf "%.2f", rand() * 1.5 }')"
pkill -9 -P $pid 2>/dev/null
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
[ -s "$ck" ] || fail "no checkpoint under N=2"
expect_fail_of "$run" "resume with another rank count" "rank count of 2, this run has 1" \
    "$model" --data "$data" $short --resume "$ck" --checkpoint "$ck"
mpi 2 "$run" "$model" --data "$data" $short --resume "$ck" --checkpoint "$ck" --save "$tmp/r.st" \
    --metrics "$tmp/r.json" >"$tmp/r.out" 2>&1 || fail "N=2 resume failed: $(cat "$tmp/r.out")"
cmp -s "$tmp/b.st" "$tmp/r.st" || fail "the resumed N=2 run ended with other weights"
[ "$(figures "$tmp/b.json")" = "$(figures "$tmp/r.json")" ] ||
    fail "the resumed N=2 run gave other figures"

# A rank that dies ends the job within seconds, never a hang: hgnn-run's one line names it
# (mpirun -q keeps mpirun's own report out), and the last checkpoint stays whole.
CK=$tmp/die.ck
export CK
start=$(date +%s)
"$mpirun" -q --allow-run-as-root --oversubscribe -x CK -np 2 sh -c '
    if [ "$OMPI_COMM_WORLD_RANK" = 1 ]; then
        ( while [ ! -s "$CK" ]; do sleep 0.1; done; sleep 1; kill -9 $$ ) & exec "$0" "$@"
    else exec "$0" "$@"; fi' "$run" "$model" --data "$data" --epochs 50 --quiet \
    --checkpoint "$tmp/die.ck" --checkpoint-every 5 >"$tmp/die.out" 2>"$tmp/die.err"
rc=$?
took=$(($(date +%s) - start))
[ $rc -ne 0 ] || fail "the job with a killed rank exited 0"
[ $took -lt 60 ] || fail "the job with a killed rank took $took s to end"
# Open MPI's shared-memory transport may report the broken copy itself, in a line of its own
# ("[host:pid] Read -1, expected N, errno = 3"); hgnn-run's lines are counted apart from those.
grep -v '^\[[^]]*\] ' "$tmp/die.err" >"$tmp/die.ours"
[ "$(wc -l <"$tmp/die.ours")" -eq 1 ] || fail "a killed rank: not one line: $(cat "$tmp/die.err")"
grep -q "^hgnn-run: error: rank 1 of 2 (pid [0-9]* on .*) ended before the run did; stopping every rank; the last checkpoint, $tmp/die.ck, is intact$" \
    "$tmp/die.ours" || fail "a killed rank: $(cat "$tmp/die.err")"
ls "$tmp"/die.ck?* >/dev/null 2>&1 && fail "a killed rank left a temporary file: $(ls "$tmp")"
"$py" - "$tmp/die.ck" <<'PY' || fail "the last checkpoint is damaged"
import json, struct, sys
b = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", b[:8])[0]
h = json.loads(b[8:8 + n])
end = max(v["data_offsets"][1] for k, v in h.items() if k != "__metadata__")
assert 8 + n + end == len(b), (8 + n + end, len(b))
PY

# More ranks than labels in a batch.
mpi 3 "$run" "$model" --data "$data" --batch-size 2 --epochs 1 >"$tmp/np.out" 2>"$tmp/np.err"
[ $? -ne 0 ] || fail "-np 3 with batches of 2 did not fail"
grep -q "3 ranks for batches of 2" "$tmp/np.err" || fail "-np 3, batch 2: $(cat "$tmp/np.err")"

[ $fails -eq 0 ] || exit 1
echo "$NAME: ok"
