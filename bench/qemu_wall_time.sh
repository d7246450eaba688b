#!/usr/bin/env bash
# Benchmark (not a test): wall time of `collector --scenario linux-qemu` at N=1,000 and
# N=100,000 calls in the same invocation, for each mode. Target: N=100,000 costs at
# most 2x N=1,000, i.e. the transport out of the guest must not scale with the stamp count
# the way a text line per stamp over the emulated serial port does.
#
# usage: bench/qemu_wall_time.sh [BUILD_DIR] [REPEATS]
set -euo pipefail
build=${1:-build}
repeats=${2:-3}
collector="$build/bin/collector"
[ -x "$collector" ] || { echo "build the project first ($collector missing)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# wall N MODE: median wall seconds of $repeats runs
wall() {
  local n=$1 mode=$2 times=()
  for r in $(seq "$repeats"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$collector" --scenario linux-qemu --probe patch --mode "$mode" --iterations "$n" \
      --accel tcg --quiet --output-dir "$out/$mode-$n-$r" >/dev/null
    t1=$(date +%s.%N)
    jq -e '.paired == .expected' "$out/$mode-$n-$r/summary.json" >/dev/null ||
      { echo "run $mode N=$n lost stamps" >&2; exit 1; }
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((repeats + 1) / 2))p"
}

printf '%-8s %12s %12s %8s\n' mode "N=1000 s" "N=100000 s" ratio
for mode in buffer printk; do
  small=$(wall 1000 "$mode")
  large=$(wall 100000 "$mode")
  printf '%-8s %12.2f %12.2f %8.2f\n' "$mode" "$small" "$large" "$(echo "$large / $small" | bc -l)"
done
echo "(median of $repeats runs each; QEMU TCG on $(nproc) cores; target ratio <= 2.00)"
