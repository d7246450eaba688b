#!/usr/bin/env bash
# Agreement check: on this machine, in one invocation, the round-trip benchmark's `raw`
# variant and an independent reference loop (reference_roundtrip_loop.c, written apart from
# userspace-loop/, like `perf bench syscall`) must agree on cycles per ioctl within 5%.
#
# usage: bench/agreement/run.sh BUILD_DIR [--cpu K] [--iterations N] [--runs R] [--tolerance PCT]
#   BUILD_DIR   the CMake build folder holding bin/collector and bin/roundtrip-loop-raw
# Both sides: the `syscall` instruction inline in the timed loop, the same pinned CPU, ioctl(/dev/null, IOPROBE_PATCH_STAMP = 0xb810) (-ENOTTY on a
# kernel without the probe patch), 1000 warm-up calls, N measured calls per process, R processes,
# median of the per-process cycles per call. Half of the reference runs go before
# the collector, half after, so drift over the invocation hits both sides alike.
# Exit: 0 agree, 1 differ by more than the tolerance, 2 usage or setup error.
set -euo pipefail

usage() {
  sed -n '5,6p' "$0" | sed 's/^# //' >&2
  exit 2
}

[ $# -ge 1 ] || usage
build=$1
shift
iterations=100000
runs=10
tolerance=5
cpu=""
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage
  case $1 in
    --cpu) cpu=$2 ;;
    --iterations) iterations=$2 ;;
    --runs) runs=$2 ;;
    --tolerance) tolerance=$2 ;;
    *) usage ;;
  esac
  shift 2
done
for v in "$iterations" "$runs" "$tolerance" ${cpu:+"$cpu"}; do
  [[ $v =~ ^[0-9]+$ ]] || { echo "agreement: not a number: $v" >&2; exit 2; }
done
[ "$runs" -ge 1 ] && [ "$iterations" -ge 1 ] || usage

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
collector=$build/bin/collector
[ -x "$collector" ] || { echo "agreement: $collector missing: build first (cmake --build $build)" >&2; exit 2; }
command -v gcc >/dev/null || { echo "agreement: gcc not found (apt-get install build-essential)" >&2; exit 2; }

# Same CPU for both sides: the last CPU this process may run on, unless given.
if [ -z "$cpu" ]; then
  cpu=$(awk '/^Cpus_allowed_list/ { n = split($2, a, /[,-]/); print a[n] }' /proc/self/status)
fi
cmd=0xb810     # IOPROBE_PATCH_STAMP = _IO(0xB8, 0x10), the loops' default
device=/dev/null
warmup=1000    # the collector's default --warmup

tmp=$(mktemp -d /tmp/agreement.XXXXXX)
if [ "${KEEP:-0}" = 1 ]; then
  echo "agreement: keeping $tmp"
else
  trap 'rm -rf "$tmp"' EXIT
fi

# The reference, static and -O0 like the loop variants.
gcc -O0 -static -Wall -Wextra -I "$repo/include" "$here/reference_roundtrip_loop.c" -o "$tmp/reference"

# Median as the collector's p50 (run_stats.hpp): the middle value, or the mean of the two middle
# values for an even count.
median() {
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) exit 1
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
  }'
}

run_reference() {
  local out
  out=$("$tmp/reference" --via raw --iterations "$iterations" --warmup "$warmup" --cpu "$cpu" --cmd "$cmd" \
    --device "$device") || { echo "agreement: reference loop failed: $out" >&2; exit 2; }
  echo "$out" >>"$tmp/reference.log"
  echo "$out" | sed -n 's/.*cycles_per_call=\([0-9.]*\).*/\1/p' >>"$tmp/reference.values"
}

before=$((runs / 2))
for _ in $(seq 1 "$before"); do run_reference; done

if ! "$collector" --benchmark roundtrip --scenario linux --variant raw --iterations "$iterations" \
  --runs "$runs" --warmup "$warmup" --cpu "$cpu" --output-dir "$tmp/roundtrip" \
  >"$tmp/collector.log" 2>&1; then
  echo "agreement: collector --benchmark roundtrip failed:" >&2
  tail -n 20 "$tmp/collector.log" >&2
  exit 2
fi
for _ in $(seq $((before + 1)) "$runs"); do run_reference; done

csv=$tmp/roundtrip/runs.csv
[ -f "$csv" ] || { echo "agreement: the collector wrote no $csv" >&2; exit 2; }
# The raw variant must have run with the same command and device as the reference.
run_lines=$(cat "$tmp"/roundtrip/raw/raw-*.log 2>/dev/null | grep "^ioprobe run .*variant=raw" || true)
if [ -z "$run_lines" ]; then
  echo "agreement: warning: no run lines in $tmp/roundtrip/raw/raw-*.log; cannot confirm cmd=$cmd" >&2
elif echo "$run_lines" | grep -qv "cmd=$cmd\$"; then
  echo "agreement: the raw variant used another ioctl command than $cmd:" >&2
  echo "$run_lines" | grep -v "cmd=$cmd\$" | head -n 3 >&2
  exit 2
fi
head -n 1 "$csv" | grep -qx 'variant,run,iterations,total_cycles,cycles_per_call,cpu_start,cpu_end,migrations,errors' ||
  { echo "agreement: $csv has an unexpected header" >&2; exit 2; }
raw_n=$(awk -F, 'NR > 1 && $1 == "raw"' "$csv" | wc -l)
raw=$(awk -F, 'NR > 1 && $1 == "raw" { print $5 }' "$csv" | median) ||
  { echo "agreement: no raw runs in $csv" >&2; exit 2; }
ref_n=$(wc -l <"$tmp/reference.values")
ref=$(median <"$tmp/reference.values")

awk -v raw="$raw" -v ref="$ref" -v tol="$tolerance" -v cpu="$cpu" -v n="$iterations" \
  -v raw_n="$raw_n" -v ref_n="$ref_n" 'BEGIN {
  diff = (raw - ref) / ref * 100
  printf "agreement: CPU %s, ioctl(/dev/null, 0xb810), %d calls per run\n", cpu, n
  printf "  raw variant (collector)   median %10.1f cycles/call over %d runs\n", raw, raw_n
  printf "  reference loop (bench/)   median %10.1f cycles/call over %d runs\n", ref, ref_n
  printf "  relative difference       %+.2f%% (tolerance %s%%)\n", diff, tol
  if (diff > tol || diff < -tol) { print "agreement: FAIL"; exit 1 }
  print "agreement: OK"
}'
