#!/usr/bin/env bash
# --scenario linux --probe tracepoint on this machine's own kernel (root, tracefs support):
# a clean run pairs every call, measures what the tracepoints cost (the same loop with the
# events off before and after) and leaves tracefs as it found it (mounted for the run when it
# was not, then unmounted; no instance left), on every exit path: normal end, a failed loop
# start (exception), SIGINT, SIGTERM. Without --probe, auto chooses the tracepoints where the
# kernel has neither the hook nor module support, and says why. A kernel without /proc/modules
# gets evidence files that say so, and --probe module refuses in one line.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/host_lib.sh"
require_root_and_tracefs
c="$BIN/collector"
n=20000

was_mounted=no
tracefs_mounted && was_mounted=yes
before=$(ioprobe_instances)

# tracefs_as_found: mounted or not as before the test, no ioprobe instance added.
tracefs_as_found() {
  local now=no
  tracefs_mounted && now=yes
  [ "$now" = "$was_mounted" ] || fail "$1: tracefs mounted=$now after the run, $was_mounted before"
  [ "$(ioprobe_instances)" = "$before" ] || fail "$1: tracefs instance left: $(ioprobe_instances)"
  echo "ok: $1: tracefs as found (mounted=$now), no instance left"
}

"$c" --scenario linux --probe tracepoint --iterations "$n" --output-dir "$OUT/run" --quiet
s="$OUT/run/summary.json"
expect_eq "$s" ".incomplete | tostring" false
expect_eq "$s" .expected "$n"
expect_eq "$s" .paired "$n"
expect_eq "$s" .lost 0
expect_eq "$s" .order_violations 0
expect_eq "$s" .probe_choice.requested tracepoint
expect_eq "$s" .probe_choice.reason "named with --probe"
# tracepoint_cost: the traced round trip and the loop's, events off, before and after it.
expect_eq "$s" .tracepoint_cost.with_events.round_trip.n "$n"
expect_eq "$s" .tracepoint_cost.with_events.round_trip.p50 "$(json "$s" .anatomy.round_trip.p50)"
expect_eq "$s" .tracepoint_cost.without_events_before.round_trip.n "$n"
expect_eq "$s" .tracepoint_cost.without_events_after.round_trip.n "$n"
expect_eq "$s" .tracepoint_cost.cpu "$(json "$s" .environment.cpu)"
jq -e '.tracepoint_cost | .p50_cycles == .with_events.round_trip.p50 -
    (.without_events_before.round_trip.p50 + .without_events_after.round_trip.p50) / 2' "$s" \
  >/dev/null || fail "tracepoint_cost.p50_cycles is not traced minus untraced: $(jq -c .tracepoint_cost "$s")"
expect_gt "$s" .tracepoint_cost.p50_cycles 0
for when in before after; do
  [ "$(grep -c '^ioprobe u ' "$OUT/run/raw/untraced-$when.log")" -eq "$n" ] ||
    fail "raw/untraced-$when.log does not hold $n stamps"
done
expect_eq "$s" .extra.trace_lost_calls 0
expect_eq "$s" .extra.trace_lost_events_overrun 0
expect_eq "$s" .extra.trace_lost_events_commit_overrun 0
expect_eq "$s" .extra.trace_lost_events_dropped 0
grep -q "^ioprobe dump-begin tracepoint entries=$((n + 1000)) dropped=0 " "$OUT/run/raw/tracepoint.log" ||
  fail "tracepoint.log: $(head -1 "$OUT/run/raw/tracepoint.log")"
[ ! -e "$OUT/run/raw/tracepoint.log.part" ] || fail "the streamed part of tracepoint.log was left"
if [ "$was_mounted" = no ]; then
  expect_eq "$s" .tracefs.mounted_by_run true
  json "$s" .tracefs.note | grep -q "mounted on $TRACEFS for this run and unmounted after" ||
    fail "summary.json does not say that tracefs was mounted for the run"
  grep -q "tracefs is not mounted after the run" "$OUT/run/raw/trace-instances-after.txt" ||
    fail "trace-instances-after.txt: $(cat "$OUT/run/raw/trace-instances-after.txt")"
fi
if [ ! -e /proc/modules ]; then
  grep -q "^no module support" "$OUT/run/raw/modules-after.txt" ||
    fail "modules-after.txt: $(cat "$OUT/run/raw/modules-after.txt")"
  rc=0
  "$c" --scenario linux --probe module --output-dir "$OUT/module" 2>"$OUT/module.err" || rc=$?
  [ "$rc" -eq 1 ] && [ "$(wc -l <"$OUT/module.err")" -eq 1 ] &&
    grep -q "cannot load kernel modules" "$OUT/module.err" ||
    fail "--probe module on a kernel without modules: exit $rc, $(cat "$OUT/module.err")"
  echo "ok: --probe module refused: $(cat "$OUT/module.err")"
fi
tracefs_as_found "normal end"

# No --probe: auto. On a kernel without the hook and without module support (this project's
# development machines), the tracepoints, with the reasons for passing over the others.
hook=/sys/module/ioctl_probe_hook/parameters/mode
if [ ! -e "$hook" ] && [ ! -e /proc/modules ]; then
  "$c" --scenario linux --iterations 2000 --output-dir "$OUT/auto" 2>"$OUT/auto.err" >/dev/null
  a="$OUT/auto/summary.json"
  expect_eq "$a" .probe_choice.requested auto
  expect_eq "$a" .probe_choice.chosen tracepoint
  expect_eq "$a" .probe tracepoint
  json "$a" .probe_choice.passed_over.patch | grep -q "no ioctl_probe hook" || fail "auto: patch reason"
  json "$a" .probe_choice.passed_over.module | grep -q "/proc/modules is missing" ||
    fail "auto: module reason"
  grep -q "^collector: probe tracepoint (auto): " "$OUT/auto.err" ||
    fail "auto: the choice is not printed: $(cat "$OUT/auto.err")"
  expect_eq "$a" .paired 2000
  tracefs_as_found "auto"
fi

# An exception while the instance exists: the loop cannot be started.
printf '#!/nonexistent/interpreter\n' >"$OUT/broken-loop"
chmod +x "$OUT/broken-loop"
rc=0
"$c" --scenario linux --probe tracepoint --iterations 1000 --loop "$OUT/broken-loop" \
  --output-dir "$OUT/broken" --quiet 2>"$OUT/broken.err" || rc=$?
[ "$rc" -eq 1 ] && grep -q "cannot start" "$OUT/broken.err" ||
  fail "a loop that cannot start: exit $rc, $(cat "$OUT/broken.err")"
tracefs_as_found "exception"

# A signal to the collector while the traced loop runs: the loop is stopped, the capture
# finished.
run=5ca1ab1e
slow_loop "$OUT/slow-loop" "$run"
for sig in INT TERM; do
  "$c" --scenario linux --probe tracepoint --iterations 1000 --loop "$OUT/slow-loop" \
    --run-id "$run" --output-dir "$OUT/$sig" --quiet 2>"$OUT/$sig.err" &
  collector=$!
  wait_for_loop "$collector" "$run"
  mapfile -t children < <(descendants "$collector")
  kill -"$sig" "$collector"
  rc=0
  wait "$collector" || rc=$?
  [ "$rc" -eq $((128 + $(kill -l "$sig"))) ] || fail "SIG$sig: exit $rc ($(cat "$OUT/$sig.err"))"
  expect_gone "${children[@]}"
  expect_eq "$OUT/$sig/summary.json" .incomplete true
  json "$OUT/$sig/summary.json" .incomplete_reason | grep -q "^interrupted by signal $(kill -l "$sig") (SIG$sig" ||
    fail "SIG$sig: $(cat "$OUT/$sig/summary.json")"
  tracefs_as_found "SIG$sig"
done
