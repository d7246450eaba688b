#!/usr/bin/env bash
# Parse speed benchmark: `collector parse` against bench/parse/pair.awk on the same generated
# logs (1,000,000 pairs + 1,000,000 foreign kernel lines), in one invocation.
#
#   bench/parse/run.sh BUILD_DIR [N]
#
# Prints the wall time of each, the ratio (target: collector >= 10x faster) and the collector's
# peak RSS (target: <= 200 MB), checks both produced the same pairs, and exits 1 when a target
# is missed. Then streams a multi-GB kernel log through a FIFO (never written to disk) and
# reports the collector's peak RSS on it (STREAM_GB, default 4; 0 skips).
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [N]}
n=${2:-1000000}
stream_gb=${STREAM_GB:-4}
here=$(cd "$(dirname "$0")" && pwd)
collector=$(cd "$build" && pwd)/bin/collector
[[ -x $collector ]] || { echo "run.sh: no collector at $collector (build first)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$here/gen.py" "$work/user.log" "$work/kernel.log" "$n"
# Warm the page cache so that both read from memory.
cat "$work/user.log" "$work/kernel.log" > /dev/null

now() { date +%s.%N; }
t0=$(now)
awk -f "$here/pair.awk" "$work/user.log" "$work/kernel.log" > "$work/awk-pairs.csv" 2> "$work/awk-counts"
t1=$(now)
/usr/bin/time -f %M -o "$work/rss" "$collector" parse --user-log "$work/user.log" \
  --kernel-log "$work/kernel.log" -o "$work/out" --no-raw-copy --no-plots > /dev/null
t2=$(now)
awk_s=$(echo "$t1 - $t0" | bc -l)
col_s=$(echo "$t2 - $t1" | bc -l)
rss_kb=$(cat "$work/rss")
ratio=$(echo "$awk_s / $col_s" | bc -l)
printf 'pairs=%d foreign_lines=%d\n' "$n" "$n"
cat "$work/awk-counts"
printf 'awk        %8.2f s\n' "$awk_s"
printf 'collector  %8.2f s   peak RSS %d MB\n' "$col_s" $((rss_kb / 1024))
printf 'ratio      %8.1f x   (target >= 10x, RSS <= 200 MB)\n' "$ratio"
status=0
if ! cmp -s <(tail -n +2 "$work/awk-pairs.csv") <(tail -n +2 "$work/out/pairs.csv"); then
  echo "FAIL: awk and collector pairs differ" >&2
  status=1
fi
if (($(echo "$ratio < 10" | bc -l))); then echo "FAIL: ratio below 10x" >&2; status=1; fi
if ((rss_kb > 200 * 1024)); then echo "FAIL: peak RSS above 200 MB" >&2; status=1; fi

if ((stream_gb > 0)); then
  # A kernel log of STREAM_GB GiB through a FIFO: the run's stamps, then foreign lines repeated.
  mkfifo "$work/stream"
  bytes=$((stream_gb * 1024 * 1024 * 1024))
  { cat "$work/kernel.log"; yes "[    1.000000] virtio_net virtio1 eth0: rx queue refilled" ; } \
    2>/dev/null | head -c "$bytes" > "$work/stream" &
  t3=$(now)
  /usr/bin/time -f %M -o "$work/rss-stream" "$collector" parse --user-log "$work/user.log" \
    --kernel-log "$work/stream" -o "$work/out-stream" --no-raw-copy --no-plots > /dev/null
  t4=$(now)
  wait
  printf 'stream     %8.2f s   %d GiB through a FIFO, peak RSS %d MB\n' \
    "$(echo "$t4 - $t3" | bc -l)" "$stream_gb" $(($(cat "$work/rss-stream") / 1024))
  if (($(cat "$work/rss-stream") > 200 * 1024)); then
    echo "FAIL: streaming peak RSS above 200 MB" >&2
    status=1
  fi
fi
exit $status
