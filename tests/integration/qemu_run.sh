#!/usr/bin/env bash
# Boots the patched guest kernel under QEMU and measures:
# qemu_run.sh PROBE MODE ITERATIONS [LOOP [FLOOR_SAMPLES]]
# (LOOP: a program in $BIN, default entry-loop, the glibc loop; entry-loop-musl is its musl twin;
# FLOOR_SAMPLES: --floor-samples, which must reach the loop inside the guest).
# Checks that every stamp was paired (once, on the host) and nothing was lost, that every stamp
# carries its exit stamp (format 2) in order, and that the in-guest collector (`--scenario
# linux`, capture only) left the probe unloaded/disabled.
source "$(dirname "$0")/lib.sh"
probe=$1 mode=$2 n=$3 loop=${4:-entry-loop} floor=${5:-}

"$BIN/collector" --scenario linux-qemu --probe "$probe" --mode "$mode" --iterations "$n" \
  --warmup 500 --output-dir "$OUT" --accel tcg --loop "$BIN/$loop" ${floor:+--floor-samples "$floor"}
s="$OUT/summary.json"
# The loop's default floor is 100000 read pairs: a smaller one shows the option got there.
expect_eq "$s" .tsc_floor_cycles.samples "${floor:-100000}"
expect_clean_run "$s" "$n"
expect_eq "$s" .loop "$loop"
expect_eq "$s" .probe "$probe"
expect_eq "$s" .mode "$mode"
expect_eq "$s" .warmup 500
expect_eq "$s" .environment.accel tcg
# Format 2 end to end: every call split into entry, kernel and exit, in order.
expect_eq "$s" .anatomy.round_trip.n "$n"
expect_eq "$s" .order_violations 0
# The guest only captures: its run record comes back, no summary or pairs of its own.
r="$OUT/raw/run.json"
[ -s "$r" ] || fail "the in-guest collector left no run record (raw/run.json)"
expect_eq "$r" .benchmark entry
expect_eq "$r" .loop "$loop"
expect_eq "$r" .environment.accel tcg
[ ! -e "$OUT/raw/summary.json" ] && [ ! -e "$OUT/raw/pairs.csv" ] ||
  fail "the guest paired: raw/ holds its summary.json or pairs.csv"
if [ "$mode" = buffer ]; then
  [ -s "$OUT/raw/kernel-dump.log" ] || fail "no kernel dump captured"
  expect_exit_stamps "$OUT" "$n" kernel-dump.log
else
  [ -s "$OUT/raw/kmsg.log" ] || fail "no kmsg log captured"
  expect_eq "$s" .log_lost_records 0
  expect_exit_stamps "$OUT" "$n" kmsg.log
fi
if [ "$probe" = module ]; then
  # The in-guest collector unloaded the module through libkmod before it exited.
  [ -f "$OUT/raw/modules-after.txt" ] || fail "no module list captured after the run"
  if grep -q '^ioctl_probe ' "$OUT/raw/modules-after.txt"; then fail "module still loaded"; fi
  echo "ok: module unloaded after the run"
fi
echo PASS
