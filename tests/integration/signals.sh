#!/usr/bin/env bash
# The signals a user or a terminal sends a measurement, on a real run of this host's stock
# kernel (`collector --scenario linux --probe tracepoint`, root, the syscall tracepoints):
# SIGINT, SIGTERM, SIGQUIT and SIGPIPE while the loop runs each end the run cleanly: exit
# 128 + N, a summary.json marked incomplete, no loop left running, no tracefs instance left
# behind. Two signals at once cut the wrap-up short: exit 1, one line
# saying so, no summary, and the same cleanup. (SIGHUP, and the module and hook being put
# back, are checked inside the patched guest: tests/kernel/checks_collector.c.)
# Mounts tracefs when it is not mounted and unmounts it after (ctest lock host_tracefs).
source "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "SKIPPED: needs root (--probe tracepoint)"; exit 77; }
tracing=/sys/kernel/tracing
mounted_here=no
if ! grep -qw tracefs /proc/mounts; then
  mount -t tracefs nodev "$tracing" 2>/dev/null || { echo "SKIPPED: no tracefs on this kernel"; exit 77; }
  mounted_here=yes
fi
collector_pid=""
instances_before=""
# A failing run may leave its instance (and its ring buffer) in the kernel even once tracefs is
# unmounted: remove what this test added, then unmount.
cleanup() {
  if [ -n "$collector_pid" ] && kill -0 "$collector_pid" 2>/dev/null; then
    kill -KILL "$collector_pid" 2>/dev/null || true
    wait "$collector_pid" 2>/dev/null || true
  fi
  for dir in "$tracing"/instances/ioprobe-*; do
    [ -d "$dir" ] && ! grep -qx "$(basename "$dir")" <<<"$instances_before" && rmdir "$dir"
  done
  if [ "$mounted_here" = yes ]; then umount "$tracing" || true; fi
}
trap cleanup EXIT
[ -d "$tracing/events/syscalls/sys_enter_ioctl" ] ||
  { echo "SKIPPED: this kernel has no syscall tracepoints (CONFIG_FTRACE_SYSCALLS)"; exit 77; }
instances_before=$(ls "$tracing/instances")

# start NAME: the collector in the background, with enough calls to be caught running
# (500,000: about a second here, and a 64 MB trace ring on the loop's CPU).
start() {
  "$BIN/collector" --scenario linux --probe tracepoint --iterations 500000 --quiet \
    --output-dir "$OUT/$1" >"$OUT/$1.stdout" 2>"$OUT/$1.stderr" &
  collector_pid=$!
}

# wait_for_loop: until the collector's entry-loop runs (10 s at most).
wait_for_loop() {
  for _ in $(seq 1000); do
    pgrep -P "$collector_pid" -x entry-loop >/dev/null && return 0
    kill -0 "$collector_pid" 2>/dev/null || fail "the collector ended before its loop ran: $(cat "$OUT"/*.stderr)"
    sleep 0.01
  done
  fail "the loop never ran"
}

# finish NAME: waits for the collector; sets status. Then nothing may be left behind.
finish() {
  local loop_pids
  loop_pids=$(pgrep -P "$collector_pid" -x entry-loop || true)
  status=0
  wait "$collector_pid" || status=$?
  collector_pid=""
  for p in $loop_pids; do  # gone, or a zombie (dead, its parent gone too)
    if [ -e "/proc/$p" ] && [ "$(cut -d' ' -f3 "/proc/$p/stat" 2>/dev/null)" != Z ]; then
      fail "$1: the loop (pid $p) is still running"
    fi
  done
  [ "$(ls "$tracing/instances")" = "$instances_before" ] ||
    fail "$1: tracefs instances left behind: $(ls "$tracing/instances")"
}

for sig in INT TERM QUIT PIPE; do
  start "sig$sig"
  wait_for_loop
  kill "-$sig" "$collector_pid"
  finish "sig$sig"
  number=$(kill -l "$sig")
  [ "$status" -eq $((128 + number)) ] ||
    fail "SIG$sig: exit $status, expected $((128 + number)): $(cat "$OUT/sig$sig.stderr")"
  s=$OUT/sig$sig/summary.json
  [ -s "$s" ] || fail "SIG$sig: no summary.json"
  # Either a report of what was captured, marked incomplete with the signal's number, or (the
  # loop stopped before it printed a stamp) the short summary saying no report was possible.
  jq -e --arg n "$number" '(.extra.incomplete // "" | test("interrupted by signal " + $n + " "))
                           or .incomplete == true' "$s" >/dev/null ||
    fail "SIG$sig: summary.json not marked incomplete by signal $number: $(head -c 400 "$s")"
  echo "ok: SIG$sig -> exit $status, summary marked incomplete, nothing left behind"
done

start twice
wait_for_loop
kill -INT "$collector_pid"
kill -TERM "$collector_pid"
finish twice
[ "$status" -eq 1 ] || fail "two signals: exit $status, expected 1: $(cat "$OUT/twice.stderr")"
[ "$(wc -l <"$OUT/twice.stderr")" -eq 1 ] || fail "two signals: stderr is not one line: $(cat "$OUT/twice.stderr")"
grep -q "interrupted twice" "$OUT/twice.stderr" || fail "two signals: $(cat "$OUT/twice.stderr")"
[ ! -e "$OUT/twice/summary.json" ] || fail "two signals: a summary was written anyway"
echo "ok: two signals -> exit 1, '$(cat "$OUT/twice.stderr")', nothing left behind"
echo PASS
