#!/usr/bin/env bash
# A collector killed with SIGKILL during a tracepoint run: its loop dies with it, but its
# instance stays with the ioctl tracepoints on (and the tracefs it mounted stays mounted). The
# next run removes the instance, says so in one warning line of its summary, takes the mount
# over and leaves tracefs as it was before the killed run.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/host_lib.sh"
require_root_and_tracefs
c="$BIN/collector"

was_mounted=no
tracefs_mounted && was_mounted=yes
before=$(ioprobe_instances)

slow_loop "$OUT/slow-loop"
"$c" --scenario linux --probe tracepoint --iterations 1000 --loop "$OUT/slow-loop" \
  --output-dir "$OUT/killed" --quiet &
collector=$!
wait_for_child "$collector"
mapfile -t children < <(descendants "$collector")
kill -KILL "$collector"
wait "$collector" 2>/dev/null || true
expect_gone "${children[@]}"
left=$(comm -13 <(echo "$before") <(ioprobe_instances))
[ -n "$left" ] || fail "the killed run left no instance: nothing to test"
echo "left by the killed run: $left"
tracefs_mounted || fail "the killed run's tracefs mount is gone"

"$c" --scenario linux --probe tracepoint --iterations 2000 --output-dir "$OUT/next" --quiet
s="$OUT/next/summary.json"
expect_eq "$s" .paired 2000
jq -e --arg name "$left" '.warnings | any(startswith("removed 1 tracefs instance(s) left with the ioctl tracepoints on") and contains($name) and contains("syscall_trace_enter"))' \
  "$s" >/dev/null || fail "no warning about the removed instance: $(jq -c .warnings "$s")"
echo "ok: the stale instance was removed and reported"
if [ "$was_mounted" = no ]; then
  json "$s" .extra.tracefs_mount | grep -q "left mounted at $TRACEFS by a collector run that was killed" ||
    fail "the next run did not take the killed run's mount over: $(jq -c .extra "$s")"
  ! tracefs_mounted || fail "tracefs left mounted"
fi
[ "$(ioprobe_instances)" = "$before" ] || fail "instances left: $(ioprobe_instances)"
echo "ok: tracefs as before the killed run"
