# Helpers of the host tests that use this machine's tracefs (sourced after lib.sh). They run
# under the ctest lock host_tracefs and exit 77 (SKIPPED) where they cannot run.
TRACEFS=/sys/kernel/tracing

# skip WHY: this test cannot run here.
skip() {
  echo "SKIPPED: $*"
  exit 77
}

require_root_and_tracefs() {
  [ "$(id -u)" -eq 0 ] || skip "needs root"
  grep -qw tracefs /proc/filesystems || skip "this kernel has no tracefs"
}

tracefs_mounted() { grep -qw tracefs /proc/mounts; }

# ioprobe_instances: the ioprobe-* instances of this machine's tracefs, one per line. Mounts
# tracefs for the look when it is not mounted, and unmounts it again.
ioprobe_instances() {
  local was_mounted=1
  tracefs_mounted || {
    was_mounted=0
    mount -t tracefs nodev "$TRACEFS"
  }
  local dir
  dir=$(awk '$3 == "tracefs" { print $2; exit }' /proc/mounts)
  find "$dir/instances" -mindepth 1 -maxdepth 1 -name 'ioprobe-*' -printf '%f\n' | sort
  [ "$was_mounted" -eq 1 ] || umount "$TRACEFS"
}

# descendants PID: PID's child processes, theirs, and so on, one per line.
descendants() {
  local child
  for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

# wait_for_child PID: until PID has a child process (its loop started); 30 s at most.
wait_for_child() {
  local i
  for i in $(seq 300); do
    [ -n "$(descendants "$1")" ] && return 0
    runs "$1" || fail "process $1 ended before it started a child"
    sleep 0.1
  done
  fail "no child process of $1 within 30 s"
}

# wait_for_loop PID RUN: until a process of PID's has "--run-id RUN" on its command line (the
# measured loop of run RUN started, not one of the loops without the events); 30 s at most.
wait_for_loop() {
  local i child
  for i in $(seq 300); do
    for child in $(descendants "$1"); do
      tr '\0' ' ' </proc/"$child"/cmdline 2>/dev/null | grep -q -- "--run-id $2 " && return 0
    done
    runs "$1" || fail "process $1 ended before it started the loop of run $2"
    sleep 0.1
  done
  fail "no loop of run $2 under $1 within 30 s"
}

# slow_loop FILE RUN: a stand-in for the loop (a signal test needs a loop that is still running
# when the signal comes, and no ring buffer sized for many calls): the measured loop of run RUN
# runs until it is stopped; the loops without the events (other run ids) end at once.
slow_loop() {
  # exec -a keeps "--run-id RUN" on the command line of the sleep that replaces the script.
  printf '#!/bin/bash\ncase " $* " in *" --run-id %s "*) exec -a "slow-loop --run-id %s " sleep 600 ;; esac\n' \
    "$2" "$2" >"$1"
  chmod +x "$1"
}

# runs PID: whether PID is a process that runs (not gone, not a zombie).
runs() {
  local state
  state=$(awk '{ sub(/.*\) /, ""); print $1 }' /proc/"$1"/stat 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# expect_gone PIDS...: every one stops running within 5 s.
expect_gone() {
  local pid i
  for pid in "$@"; do
    for i in $(seq 50); do
      runs "$pid" || break
      sleep 0.1
    done
    ! runs "$pid" || fail "process $pid ($(tr '\0' ' ' </proc/"$pid"/cmdline)) outlived the collector"
  done
  echo "ok: no process of the run left ($*)"
}
