#!/usr/bin/env bash
# Parse speed benchmark: `collector parse --no-plots --no-raw-copy` against the plainest awk
# pairing on the same generated logs (N pairs + N foreign kernel lines, format 2 unless FORMAT=1).
#
#   bench/parse/run.sh BUILD_DIR [N]     (N = 1,000,000; RUNS=5 runs of each side; FORMAT=2)
#
# The sides, run in turn (awk delta, awk CSV, collector; RUNS rounds) with the page cache warm:
#   awk delta   bench/parse/pair.awk | sort -n, median read from the sorted deltas: the peer of
#               the target ("FNR==NR array, index(), split, print the deltas, sort -n")
#   awk CSV     bench/parse/pair_csv.awk writing pairs.csv's 11 columns, then cut | sort -n
#   collector   collector parse, which also accounts for every line and writes summary.json
# For each: wall min and median, CPU (user+sys) min and median, peak RSS (/usr/bin/time -v),
# then the ratios against the collector. Targets: collector >= 10x the awk delta side in median
# wall time, peak RSS <= 200 MB (exit 1 when missed). The load average is printed before and
# after: figures taken on a loaded machine say little. Checks that the collector's pairs.csv
# equals the awk CSV side's and its median delta the awk delta side's.
# Then streams a multi-GB kernel log through a FIFO (never written to disk) and reports the
# collector's peak RSS on it (STREAM_GB, default 4; 0 skips).
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [N]}
n=${2:-1000000}
runs=${RUNS:-5}
format=${FORMAT:-2}
stream_gb=${STREAM_GB:-4}
here=$(cd "$(dirname "$0")" && pwd)
collector=$(cd "$build" && pwd)/bin/collector
[[ -x $collector ]] || { echo "run.sh: no collector at $collector (build first)" >&2; exit 2; }
# Inside the build folder: other jobs on a shared machine may clean /tmp/tmp.* under our feet.
work=$(mktemp -d "$(cd "$build" && pwd)/parse-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 "$here/gen.py" --format "$format" "$work/user.log" "$work/kernel.log" "$n"
# Warm the page cache so that every side reads from memory.
cat "$work/user.log" "$work/kernel.log" > /dev/null

# The sides run through `bash -c` under /usr/bin/time (shellcheck cannot see those calls).
# shellcheck disable=SC2317
# median FILE: the middle line of a sorted file (nearest rank, as the collector's p50).
median() { sed -n "$((($(wc -l < "$1") + 1) / 2))p" "$1"; }
# shellcheck disable=SC2317
awk_delta_side() {
  awk -f "$here/pair.awk" "$work/user.log" "$work/kernel.log" | sort -n > "$work/delta-sorted"
  median "$work/delta-sorted" > "$work/delta-median"
}
# shellcheck disable=SC2317
awk_csv_side() {
  awk -f "$here/pair_csv.awk" "$work/user.log" "$work/kernel.log" > "$work/awk-pairs.csv"
  tail -n +2 "$work/awk-pairs.csv" | cut -d, -f8 | sort -n > "$work/csv-sorted"
  median "$work/csv-sorted" > "$work/csv-median"
}
# shellcheck disable=SC2317
collector_side() {
  "$collector" parse --user-log "$work/user.log" --kernel-log "$work/kernel.log" \
    -o "$work/out" --no-raw-copy --no-plots > /dev/null
}
export -f median awk_delta_side awk_csv_side collector_side
export here work collector

sides=(awk_delta awk_csv collector)
# One timed run of a side: wall (s), CPU (user+sys, s) and peak RSS (KB) appended to its files.
time_side() {
  local name=$1
  /usr/bin/time -v -o "$work/$name.time" bash -c "${name}_side"
  awk -F': ' '/Elapsed \(wall clock\)/ { k = split($2, t, ":"); s = 0
                                         for (j = 1; j <= k; j++) s = s * 60 + t[j]; print s }' \
    "$work/$name.time" >> "$work/$name.wall"
  awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/$name.time" \
    >> "$work/$name.cpu"
  awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/$name.time" >> "$work/$name.rss"
}
# stats FILE: "min median" of the numbers in FILE.
stats() {
  sort -n "$1" | awk '{ t[NR] = $1 } END { printf "%.2f %.2f\n", t[1], t[int((NR + 1) / 2)] }'
}
max_rss_mb() { sort -n "$work/$1.rss" | tail -1 | awk '{ printf "%d", $1 / 1024 }'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((i = 0; i < runs; i++)); do
  for side in "${sides[@]}"; do time_side "$side"; done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) CPUs;" \
  "$(awk -W version 2>&1 | head -1 || true)"
echo "load average (1/5/15 min): before $load_before, after $load_after"
printf 'format %d, %d pairs + %d foreign kernel lines (%d MB), %d alternating runs of each side\n' \
  "$format" "$n" "$n" "$(($(cat "$work/user.log" "$work/kernel.log" | wc -c) / 1000000))" "$runs"
printf '%-10s %8s %8s %8s %8s %7s   %s\n' side wall_min wall_med cpu_min cpu_med RSS_MB \
  'wall of each run (s)'
declare -A wall_min wall_med cpu_min cpu_med
for side in "${sides[@]}"; do
  read -r "wall_min[$side]" "wall_med[$side]" < <(stats "$work/$side.wall")
  read -r "cpu_min[$side]" "cpu_med[$side]" < <(stats "$work/$side.cpu")
  printf '%-10s %8s %8s %8s %8s %7s   %s\n' "${side/_/ }" "${wall_min[$side]}" \
    "${wall_med[$side]}" "${cpu_min[$side]}" "${cpu_med[$side]}" "$(max_rss_mb "$side")" \
    "$(tr '\n' ' ' < "$work/$side.wall")"
done
ratio() { echo "$1 / $2" | bc -l; }
for peer in awk_delta awk_csv; do
  printf 'collector vs %-9s wall median %.1fx, wall min %.1fx, CPU median %.1fx\n' "${peer/_/ }" \
    "$(ratio "${wall_med[$peer]}" "${wall_med[collector]}")" \
    "$(ratio "${wall_min[$peer]}" "${wall_min[collector]}")" \
    "$(ratio "${cpu_med[$peer]}" "${cpu_med[collector]}")"
done
col_rss=$(max_rss_mb collector)
printf 'target: >= 10x the awk delta side in median wall time; collector peak RSS %d MB (<= 200)\n' \
  "$col_rss"
col_median=$(grep -m1 -o '"p50": *-\?[0-9]*' "$work/out/summary.json" | grep -o -- '-\?[0-9]*$' ||
  echo '?')
echo "median delta: awk delta $(cat "$work/delta-median"), awk CSV $(cat "$work/csv-median")," \
  "collector $col_median"

status=0
if ! cmp -s "$work/awk-pairs.csv" "$work/out/pairs.csv"; then
  echo "FAIL: the awk CSV side's pairs and the collector's differ" >&2
  status=1
fi
if [[ $(cat "$work/delta-median") != "$col_median" ]]; then
  echo "FAIL: the awk delta side's median and the collector's differ" >&2
  status=1
fi
if (($(echo "$(ratio "${wall_med[awk_delta]}" "${wall_med[collector]}") < 10" | bc -l))); then
  echo "FAIL: below 10x the awk delta side" >&2
  status=1
fi
if ((col_rss > 200)); then echo "FAIL: peak RSS above 200 MB" >&2; status=1; fi

if ((stream_gb > 0)); then
  # A kernel log of STREAM_GB GiB through a FIFO: the run's stamps, then foreign lines repeated.
  mkfifo "$work/stream"
  bytes=$((stream_gb * 1024 * 1024 * 1024))
  { cat "$work/kernel.log"; yes "[    1.000000] virtio_net virtio1 eth0: rx queue refilled" ; } \
    2>/dev/null | head -c "$bytes" > "$work/stream" &
  /usr/bin/time -v -o "$work/stream.time" "$collector" parse --user-log "$work/user.log" \
    --kernel-log "$work/stream" -o "$work/out-stream" --no-raw-copy --no-plots > /dev/null
  wait
  stream_rss=$(awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$work/stream.time")
  printf 'stream: %d GiB through a FIFO in %s (m:ss), peak RSS %d MB\n' "$stream_gb" \
    "$(awk -F': ' '/Elapsed/ { print $2 }' "$work/stream.time")" "$stream_rss"
  if ((stream_rss > 200)); then
    echo "FAIL: streaming peak RSS above 200 MB" >&2
    status=1
  fi
fi
exit $status
