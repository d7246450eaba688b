#!/usr/bin/env bash
# --scenario linux --probe tracepoint on this machine's kernel (root, tracefs) with a loop that
# dies by a signal: the test-only build of the entry loop (loop_test_die.h), and the real loop
# killed with SIGKILL from outside. Each run says which signal killed the loop, writes a summary
# marked incomplete (with what the loop printed before it died, when it printed anything),
# exits 4, is refused by `collector compare`, and leaves tracefs as it found it. DYING holds
# the dying loops.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/host_lib.sh"
require_root_and_tracefs
: "${DYING:?DYING must point to the dying loops}"
c="$BIN/collector"
was_mounted=no
tracefs_mounted && was_mounted=yes
before=$(ioprobe_instances)

# expect_killed NAME SIG: the verdict of a run whose loop was killed by SIG.
expect_killed() {
  local s="$OUT/$1/summary.json"
  [ "$rc" -eq 4 ] || fail "$1: exit $rc, expected 4 ($(cat "$OUT/$1.err"))"
  expect_eq "$s" .incomplete true
  json "$s" .incomplete_reason | grep -q "the loop was killed by signal $2 " ||
    fail "$1: incomplete_reason: $(jq -c .incomplete_reason "$s")"
  local crc=0
  "$c" compare "$OUT/$1" -o "$OUT/$1-compare" 2>"$OUT/$1-compare.err" || crc=$?
  [ "$crc" -eq 1 ] && grep -q "is an incomplete run" "$OUT/$1-compare.err" ||
    fail "$1: compare accepted it: exit $crc, $(cat "$OUT/$1-compare.err")"
  local now=no
  tracefs_mounted && now=yes
  [ "$now" = "$was_mounted" ] && [ "$(ioprobe_instances)" = "$before" ] ||
    fail "$1: tracefs not as found (mounted=$now, instances $(ioprobe_instances))"
  echo "ok: $1: killed by signal $2, incomplete, exit 4, refused by compare, tracefs as found"
}

# SIGSEGV half way through printing its stamps (the loop without the events before it is
# spared): the stamps it printed are paired, the summary is the full one, marked incomplete.
n=20000
rc=0
IOPROBE_TEST_DIE="print:11:$OUT/spared" "$c" --scenario linux --probe tracepoint \
  --iterations "$n" --loop "$DYING/entry-loop" --output-dir "$OUT/segv" --quiet \
  2>"$OUT/segv.err" || rc=$?
expect_killed segv 11
expect_eq "$OUT/segv/summary.json" .paired $((n / 2))
expect_eq "$OUT/segv/summary.json" .expected "$n"

# SIGKILL (what the OOM killer sends) in the middle of the measured calls: nothing printed, a
# summary that says so.
rc=0
IOPROBE_TEST_DIE="loop:9:$OUT/spared-kill" "$c" --scenario linux --probe tracepoint \
  --iterations "$n" --loop "$DYING/entry-loop" --output-dir "$OUT/oom" --quiet \
  2>"$OUT/oom.err" || rc=$?
expect_killed oom 9
json "$OUT/oom/summary.json" .incomplete_reason | grep -q "out-of-memory killer" ||
  fail "oom: no hint at the OOM killer"
json "$OUT/oom/summary.json" .error | grep -q "^no results: " || fail "oom: $(cat "$OUT/oom/summary.json")"

# The real loop, killed with SIGKILL from outside while it makes its calls.
run=5ca1ab1e
rc=0
"$c" --scenario linux --probe tracepoint --iterations 2000000 --run-id "$run" \
  --output-dir "$OUT/outside" --quiet 2>"$OUT/outside.err" &
collector=$!
wait_for_loop "$collector" "$run"
for loop in $(descendants "$collector"); do
  tr '\0' ' ' </proc/"$loop"/cmdline | grep -q -- "--run-id $run " && kill -KILL "$loop"
done
wait "$collector" || rc=$?
expect_killed outside 9
