#!/usr/bin/env bash
# A round-trip loop that dies by a signal (test-only build of roundtrip-loop-raw, loop_test_die.h): the run
# is reported as killed by that signal, its summary says incomplete, the collector exits 4, and
# `collector compare` refuses the folder. No root needed. DYING holds the dying loops.
source "$(dirname "$0")/lib.sh"
: "${DYING:?DYING must point to the dying loops}"
c="$BIN/collector"

# roundtrip NAME ENV...: one round-trip run of the dying roundtrip-loop-raw; its exit status in $rc.
roundtrip() {
  local name=$1
  shift
  rc=0
  env "$@" "$c" --benchmark roundtrip --scenario linux --variant raw --variant-dir "$DYING" \
    --runs 3 --iterations 200000 --output-dir "$OUT/$name" --quiet 2>"$OUT/$name.err" || rc=$?
}

# The same program, not told to die: a complete run (the test loop itself works).
roundtrip alive
[ "$rc" -eq 0 ] || fail "the loop that was not told to die: exit $rc, $(cat "$OUT/alive.err")"
expect_eq "$OUT/alive/summary.json" ".incomplete | tostring" false

# expect_killed NAME SIG USABLE: exit 4, "incomplete" with the signal, USABLE runs before it,
# and compare refuses the folder.
expect_killed() {
  local s="$OUT/$1/summary.json"
  [ "$rc" -eq 4 ] || fail "$1: exit $rc, expected 4 ($(cat "$OUT/$1.err"))"
  grep -q "^collector: incomplete: .*killed by signal $2 " "$OUT/$1.err" ||
    fail "$1: stderr does not say which signal: $(cat "$OUT/$1.err")"
  expect_eq "$s" .incomplete true
  json "$s" .incomplete_reason | grep -q "variant raw run $(($3 + 1)): the loop was killed by signal $2 " ||
    fail "$1: incomplete_reason: $(jq -c .incomplete_reason "$s")"
  if [ "$3" -gt 0 ]; then
    expect_eq "$s" '.variants.raw.cycles_per_call.n' "$3"
  fi
  local crc=0
  "$BIN/collector" compare "$OUT/$1" -o "$OUT/$1-compare" 2>"$OUT/$1-compare.err" || crc=$?
  [ "$crc" -eq 1 ] && grep -q "is an incomplete run" "$OUT/$1-compare.err" ||
    fail "$1: compare accepted it: exit $crc, $(cat "$OUT/$1-compare.err")"
  echo "ok: $1: killed by signal $2, incomplete, exit 4, refused by compare"
}

# SIGSEGV in the first process: no run is usable (the summary says why, and only that).
roundtrip segv IOPROBE_TEST_DIE=loop:11
expect_killed segv 11 0
# SIGKILL (as from the OOM killer) in the second process: the first run's results, incomplete.
roundtrip kill IOPROBE_TEST_DIE="loop:9:$OUT/spared"
expect_killed kill 9 1
