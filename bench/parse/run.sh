#!/usr/bin/env bash
# Parse speed benchmark: `collector parse` against the plainest awk pairing (bench/parse/pair.awk
# followed by `sort -n` for the median) on the same generated logs (1,000,000 pairs + 1,000,000
# foreign kernel lines).
#
#   bench/parse/run.sh BUILD_DIR [N]        (RUNS=5 timed runs of each by default)
#
# Prints the machine, then for each side the wall time of every run, min and median of wall and
# CPU (user+sys) time and the peak RSS (/usr/bin/time -v), and the ratio of the medians (target:
# collector >= 10x faster in wall time, peak RSS <= 200 MB; the CPU ratio is the steadier figure
# on a shared machine). Checks both produced the same pairs and exits 1 when a target is missed.
# Then streams a multi-GB kernel log through a FIFO (never written to disk) and reports the
# collector's peak RSS on it (STREAM_GB, default 4; 0 skips).
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [N]}
n=${2:-1000000}
runs=${RUNS:-5}
stream_gb=${STREAM_GB:-4}
here=$(cd "$(dirname "$0")" && pwd)
collector=$(cd "$build" && pwd)/bin/collector
[[ -x $collector ]] || { echo "run.sh: no collector at $collector (build first)" >&2; exit 2; }
# Inside the build folder: other jobs on a shared machine may clean /tmp/tmp.* under our feet.
work=$(mktemp -d "$(cd "$build" && pwd)/parse-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 "$here/gen.py" "$work/user.log" "$work/kernel.log" "$n"
# Warm the page cache so that both read from memory.
cat "$work/user.log" "$work/kernel.log" > /dev/null

# The user's whole job: pair, then the median delta with sort -n.
awk_side() {
  awk -f "$here/pair.awk" "$work/user.log" "$work/kernel.log" > "$work/awk-pairs.csv"
  tail -n +2 "$work/awk-pairs.csv" | cut -d, -f8 | sort -n > "$work/awk-sorted"
  sed -n "$((($(wc -l < "$work/awk-sorted") + 1) / 2))p" "$work/awk-sorted" > "$work/awk-median"
}
collector_side() {
  "$collector" parse --user-log "$work/user.log" --kernel-log "$work/kernel.log" \
    -o "$work/out" --no-raw-copy --no-plots > /dev/null
}
export -f awk_side collector_side
export here work collector

# time_runs NAME: RUNS timed runs; the wall times go to $work/NAME.times, the largest peak RSS
# (KB) of all processes of a run to $work/NAME.rss.
time_runs() {
  local name=$1 i
  : > "$work/$name.times"
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -v -o "$work/$name.time" bash -c "${name}_side"
    awk -F': ' '/Elapsed \(wall clock\)/ { k = split($2, t, ":"); s = 0
                                           for (j = 1; j <= k; j++) s = s * 60 + t[j]; print s }' \
      "$work/$name.time" >> "$work/$name.times"
    awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/$name.time" >> "$work/$name.rss"
    awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/$name.time" \
      >> "$work/$name.cpu"
  done
}
# stats FILE: "min median" of the numbers in FILE.
stats() {
  sort -n "$1" | awk '{ t[NR] = $1 } END { printf "%.2f %.2f\n", t[1], t[int((NR + 1) / 2)] }'
}
max_rss_mb() { sort -n "$work/$1.rss" | tail -1 | awk '{ printf "%d", $1 / 1024 }'; }

time_runs awk
time_runs collector
read -r awk_min awk_med < <(stats "$work/awk.times")
read -r col_min col_med < <(stats "$work/collector.times")
read -r awk_cpu_min awk_cpu_med < <(stats "$work/awk.cpu")
read -r col_cpu_min col_cpu_med < <(stats "$work/collector.cpu")
col_rss=$(max_rss_mb collector)
ratio=$(echo "$awk_med / $col_med" | bc -l)
cpu_ratio=$(echo "$awk_cpu_med / $col_cpu_med" | bc -l)

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) CPUs," \
  "load $(cut -d' ' -f1-3 /proc/loadavg), $(awk -W version 2>&1 | head -1 || true)"
printf 'pairs=%d foreign_lines=%d runs=%d\n' "$n" "$n" "$runs"
printf '%-10s %7s %8s %8s %8s %8s   %s\n' side wall_min wall_med cpu_min cpu_med RSS_MB \
  'wall of each run (s)'
printf '%-10s %7s %8s %8s %8s %8s   %s\n' awk+sort "$awk_min" "$awk_med" "$awk_cpu_min" \
  "$awk_cpu_med" "$(max_rss_mb awk)" "$(tr '\n' ' ' < "$work/awk.times")"
printf '%-10s %7s %8s %8s %8s %8s   %s\n' collector "$col_min" "$col_med" "$col_cpu_min" \
  "$col_cpu_med" "$col_rss" "$(tr '\n' ' ' < "$work/collector.times")"
printf 'ratio of medians: wall %.1fx, cpu (user+sys) %.1fx (target >= 10x)\n' "$ratio" "$cpu_ratio"
printf 'collector peak RSS %d MB (target <= 200 MB)\n' "$col_rss"
echo "median delta: awk $(cat "$work/awk-median"), collector $(grep -m1 -o '"p50": *-\?[0-9]*' \
  "$work/out/summary.json" | grep -o -- '-\?[0-9]*$' || echo '?')"
status=0
if ! cmp -s <(tail -n +2 "$work/awk-pairs.csv") <(tail -n +2 "$work/out/pairs.csv"); then
  echo "FAIL: awk and collector pairs differ" >&2
  status=1
fi
if (($(echo "$ratio < 10" | bc -l))); then echo "FAIL: ratio below 10x" >&2; status=1; fi
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
