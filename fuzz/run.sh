#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in BUILD_DIR (a directory of its own, not the main
# build) and runs each for SECONDS (default 60) on a copy of its seed corpus, one per CPU at a
# time. Fails (exit 1) on any crash, sanitizer report, leak or timeout; the reproducer is left
# in BUILD_DIR/fuzz-out/.
#
#   fuzz/run.sh BUILD_DIR [SECONDS]
#
# Needs clang-14 and libclang-rt-14-dev (scripts/install-deps.sh).
set -euo pipefail
build=${1:?usage: fuzz/run.sh BUILD_DIR [SECONDS]}
seconds=${2:-60}
# Absolute: the targets run from inside the output folder.
mkdir -p "$build"
build=$(cd "$build" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
targets=(parse_line kmsg_record line_reader detect_format pair_logs)

CC=${CC:-clang} CXX=${CXX:-clang++} cmake -S "$src" -B "$build" -DIPROBE_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$build.configure.log" 2>&1 ||
  { cat "$build.configure.log" >&2; exit 1; }
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

out="$build/fuzz-out"
mkdir -p "$out"

# fuzz_one TARGET: runs fuzz_TARGET for $seconds on its corpus; prints one line, exit 1 on a find.
fuzz_one() {
  local t=$1 corpus="$out/corpus-$1"
  mkdir -p "$corpus"
  cp -n "$src/fuzz/corpus/$t/"* "$corpus/" 2>/dev/null || true
  if ! (cd "$out" && UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$build/bin/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/$t-" "$corpus" \
        > "$out/$t.log" 2>&1); then
    { echo "FAIL: fuzz_$t (see $out/$t.log)"
      grep -E "ERROR|runtime error|Test unit written" "$out/$t.log" | head -5 || true; } >&2
    return 1
  fi
  echo "fuzz_$t: ${seconds}s $(grep -E "stat::number_of_executed_units|stat::new_units_added" \
    "$out/$t.log" | tr '\n' ' ')"
}

# One target per CPU at a time: each still gets its full time, on a CPU of its own.
jobs_max=$(nproc)
echo "fuzzing ${#targets[@]} targets, ${seconds}s each, $jobs_max at a time"
status=0
running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$jobs_max" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
  fuzz_one "$t" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
exit $status
