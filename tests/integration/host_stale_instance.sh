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

run=5ca1ab1e
slow_loop "$OUT/slow-loop" "$run"
"$c" --scenario linux --probe tracepoint --iterations 1000 --loop "$OUT/slow-loop" \
  --run-id "$run" --output-dir "$OUT/killed" --quiet &
collector=$!
wait_for_loop "$collector" "$run"
mapfile -t children < <(descendants "$collector")
kill -KILL "$collector"
wait "$collector" 2>/dev/null || true
expect_gone "${children[@]}"
left=$(comm -13 <(echo "$before") <(ioprobe_instances))
[ -n "$left" ] || fail "the killed run left no instance: nothing to test"
echo "left by the killed run: $left"
tracefs_mounted || fail "the killed run's tracefs mount is gone"
dir=$(awk '$3 == "tracefs" { print $2; exit }' /proc/mounts)
[ "$(cat "$dir/instances/$left/events/syscalls/sys_enter_ioctl/enable")" = 1 ] ||
  fail "the killed run's instance does not have its events on: nothing to test"

"$c" --scenario linux --probe tracepoint --iterations 2000 --output-dir "$OUT/next" --quiet
s="$OUT/next/summary.json"
expect_eq "$s" .paired 2000
jq -e --arg name "$left" '.warnings | any(startswith("removed 1 tracefs instance(s) left with the ioctl tracepoints on") and contains($name) and contains("syscall_trace_enter"))' \
  "$s" >/dev/null || fail "no warning about the removed instance: $(jq -c .warnings "$s")"
echo "ok: the stale instance was removed and reported"
expect_eq "$s" '.stale_trace_instances.removed | join(",")' "$left"
if [ "$was_mounted" = no ]; then
  expect_eq "$s" .tracefs.mounted_by_run true
  json "$s" .tracefs.note | grep -q "left mounted at $TRACEFS by a collector run that was killed" ||
    fail "the next run did not take the killed run's mount over: $(jq -c .tracefs "$s")"
  ! tracefs_mounted || fail "tracefs left mounted"
fi
[ "$(ioprobe_instances)" = "$before" ] || fail "instances left: $(ioprobe_instances)"
echo "ok: tracefs as before the killed run"

# A run without the tracepoints (the round trip) looks for them too, even with tracefs unmounted
# (an instance outlives the mount): it removes the killed run's instance and records it.
"$c" --scenario linux --probe tracepoint --iterations 1000 --loop "$OUT/slow-loop" \
  --run-id "$run" --output-dir "$OUT/killed2" --quiet &
collector=$!
wait_for_loop "$collector" "$run"
kill -KILL "$collector"
wait "$collector" 2>/dev/null || true
left=$(comm -13 <(echo "$before") <(ioprobe_instances))
[ -n "$left" ] || fail "the second killed run left no instance"
if [ "$was_mounted" = no ]; then
  umount "$TRACEFS"
  ! tracefs_mounted || fail "tracefs still mounted"
fi
"$c" --benchmark roundtrip --scenario linux --variant raw --runs 1 --iterations 1000 \
  --output-dir "$OUT/roundtrip" --quiet
r="$OUT/roundtrip/summary.json"
expect_eq "$r" '.stale_trace_instances.removed | join(",")' "$left"
jq -e '.warnings | any(startswith("removed 1 tracefs instance(s)"))' "$r" >/dev/null ||
  fail "the round trip does not warn about the removed instance: $(jq -c .warnings "$r")"
[ "$(ioprobe_instances)" = "$before" ] || fail "instances left: $(ioprobe_instances)"
if [ "$was_mounted" = no ]; then ! tracefs_mounted || fail "the round trip left tracefs mounted"; fi
echo "ok: a run without the tracepoints removed the stale instance and left tracefs as found"
