#!/usr/bin/env bash
# Interposition benchmark, checked against an independent implementation:
# interpose-loop (userspace-loop/interpose/) and reference_interpose.c (written apart, sharing
# no code) measure every mechanism, both calls, on the same CPU, run by run interleaved.
#
# usage: bench/interpose/run.sh BUILD_DIR [--cpu K] [--iterations N] [--runs R] [--out DIR]
#                               [--mechanisms "M1 M2 ..."] [--calls "ioctl nosys"]
#   --mechanisms also takes tramp-only (the reference alone: a trampoline that issues the
#   syscall itself, no hook: what leaving the site costs by itself, without the hook call)
#   BUILD_DIR   the CMake build folder holding bin/interpose-loop and its rewritten siblings
# Per run and side: one process, 1000 warm-up calls, N calls between two ordered TSC reads
# (cycles/call = total / N), then N calls each between two ordered reads (p50, floor included).
# The table gives, per mechanism and call, the min and median over R runs of cycles/call and
# the median of the per-run p50, for both sides, and each mechanism's overhead over raw
# (medians of p50, same side; the floor cancels). The per-call p50 is the steady figure on a
# loaded machine: the totals include whatever else ran on the CPU meanwhile.
# Exit: 0 measured, 2 usage or setup error. A mechanism the kernel refuses is listed as skipped.
set -euo pipefail

usage() {
  sed -n '6,9p' "$0" | sed 's/^# //' >&2
  exit 2
}

[ $# -ge 1 ] || usage
build=$1
shift
iterations=100000
runs=5
cpu=""
out=""
mechanisms="raw tramp-only rewrite rewrite-emulate int3 sud seccomp-trap seccomp-notify seccomp-notify-sync seccomp-trace ptrace ptrace-sysemu"
calls="ioctl nosys"
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage
  case $1 in
    --cpu) cpu=$2 ;;
    --iterations) iterations=$2 ;;
    --runs) runs=$2 ;;
    --out) out=$2 ;;
    --mechanisms) mechanisms=$2 ;;
    --calls) calls=$2 ;;
    *) usage ;;
  esac
  shift 2
done
for v in "$iterations" "$runs" ${cpu:+"$cpu"}; do
  [[ $v =~ ^[0-9]+$ ]] || { echo "interpose bench: not a number: $v" >&2; exit 2; }
done
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$build/bin" 2>/dev/null && pwd) || { echo "interpose bench: no $build/bin" >&2; exit 2; }
for p in interpose-loop interpose-loop-rewrite interpose-loop-rewrite-emulate interpose-loop-int3; do
  [ -x "$bin/$p" ] || { echo "interpose bench: $bin/$p missing (cmake --build $build)" >&2; exit 2; }
done
[ -n "$cpu" ] || cpu=$(($(nproc) - 1))
keep=${out:+1}
[ -n "$out" ] || out=$(mktemp -d)
[ -n "$keep" ] || trap 'rm -rf "$out"' EXIT
mkdir -p "$out"
gcc -O2 -static -Wall -Wextra -o "$out/reference-interpose" "$here/reference_interpose.c"

# One run of one side: "cycles_per_call p50", or "skip REASON".
ours() {
  local o rc=0
  o=$("$bin/interpose-loop" --mechanism "$1" --call "$2" --iterations "$iterations" \
    --cpu "$cpu" --floor-samples 10000 2>&1) || rc=$?
  if [ "$rc" -eq 3 ]; then echo "skip $(sed -n 's/^ioprobe skip .* reason=//p' <<<"$o")"; return; fi
  if [ "$rc" -eq 2 ] && grep -q "unknown --mechanism" <<<"$o"; then echo "skip (reference only)"; return; fi
  [ "$rc" -eq 0 ] || { echo "interpose bench: interpose-loop $1 $2 failed: $o" >&2; exit 2; }
  awk '/^ioprobe total /  { split($5, c, "="); split($4, n, "="); t = c[2] / n[2] }
       /^ioprobe percall / { split($6, p, "="); v = p[2] }
       END { printf "%.3f %d\n", t, v }' <<<"$o"
}
theirs() {
  local o rc=0
  o=$("$out/reference-interpose" --mechanism "$1" --call "$2" --iterations "$iterations" \
    --cpu "$cpu" 2>&1) || rc=$?
  if [ "$rc" -eq 3 ]; then echo "skip refused"; return; fi
  [ "$rc" -eq 0 ] || { echo "interpose bench: reference $1 $2 failed: $o" >&2; exit 2; }
  sed -E 's/.*cycles_per_call=([0-9.]+) p50=(-?[0-9]+).*/\1 \2/' <<<"$o"
}

echo "side,mechanism,call,run,cycles_per_call,p50" >"$out/runs.csv"
: >"$out/skipped.txt"
for ((r = 1; r <= runs; r++)); do
  for m in $mechanisms; do
    for c in $calls; do
      for side in ours theirs; do
        v=$($side "$m" "$c")
        if [[ $v == skip* ]]; then
          echo "$side $m $c: ${v#skip }" >>"$out/skipped.txt"
          continue
        fi
        echo "$side,$m,$c,$r,${v/ /,}" >>"$out/runs.csv"
      done
    done
  done
done

echo "CPU $cpu ($(lscpu | sed -n 's/^Model name: *//p')), kernel $(uname -r), $runs runs x $iterations calls"
python3 - "$out/runs.csv" <<'EOF'
import csv, statistics as st, sys
rows = list(csv.DictReader(open(sys.argv[1])))
keys = []
for r in rows:
    k = (r["mechanism"], r["call"])
    if k not in keys:
        keys.append(k)
def pick(side, k, f):
    return [float(r[f]) for r in rows if r["side"] == side and (r["mechanism"], r["call"]) == k]
print(f"{'mechanism':20} {'call':5} | {'ours: min':>10} {'median':>9} {'p50':>7} {'+raw':>7} |"
      f" {'ref: min':>10} {'median':>9} {'p50':>7} {'+raw':>7} | p50 ours/ref")
for k in keys:
    line = f"{k[0]:20} {k[1]:5} |"
    p50 = {}
    for side in ("ours", "theirs"):
        t, p = pick(side, k, "cycles_per_call"), pick(side, k, "p50")
        if not t:
            line += f" {'skipped':>37} |"
            continue
        raw = pick(side, ("raw", k[1]), "p50")
        over = st.median(p) - st.median(raw) if raw else float("nan")
        p50[side] = st.median(p)
        line += f" {min(t):10.1f} {st.median(t):9.1f} {st.median(p):7.0f} {over:7.0f} |"
    if len(p50) == 2:
        line += f" {p50['ours'] / p50['theirs']:.3f}"
    print(line)
EOF
[ -s "$out/skipped.txt" ] && { echo "skipped:"; sort -u "$out/skipped.txt" | sed 's/^/  /'; }
if [ -n "$keep" ]; then echo "per-run values: $out/runs.csv"; fi
