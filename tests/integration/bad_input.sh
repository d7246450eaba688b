#!/usr/bin/env bash
# Every bad input ends with a one-line error on stderr and a non-zero exit code, never a
# crash (no signal, no core dump).
source "$(dirname "$0")/lib.sh"

# expect_error DESCRIPTION PATTERN COMMAND...: fails unless COMMAND exits 1 or 2 with exactly
# one stderr line matching PATTERN.
expect_error() {
  local what=$1 pattern=$2
  shift 2
  local rc=0
  "$@" >"$OUT/stdout" 2>"$OUT/stderr" </dev/null || rc=$?
  [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ] || fail "$what: exit code $rc (stderr: $(cat "$OUT/stderr"))"
  [ "$(wc -l <"$OUT/stderr")" -eq 1 ] || fail "$what: expected one stderr line, got: $(cat "$OUT/stderr")"
  grep -qE -- "$pattern" "$OUT/stderr" || fail "$what: stderr '$(cat "$OUT/stderr")' lacks /$pattern/"
  echo "ok: $what -> $(cat "$OUT/stderr")"
}

c="$BIN/collector"
expect_error "missing bzImage" "make -f Makefile.kernel guest" \
  "$c" --kernel /nonexistent/bzImage --output-dir "$OUT/r1"
expect_error "QEMU not installed" "apt-get install qemu-system-x86" \
  env PATH=/nonexistent "$c" --output-dir "$OUT/r2"
expect_error "QEMU path wrong" "not an executable" "$c" --qemu /nonexistent/qemu-system-x86_64 \
  --output-dir "$OUT/r3"
expect_error "zero iterations" "--iterations must be between" "$c" --iterations 0
expect_error "absurd iterations" "--iterations must be between" "$c" --iterations 999999999999
expect_error "negative iterations" "iterations" "$c" --iterations -5
expect_error "unknown scenario" "--scenario must be one of" "$c" --scenario windows
expect_error "bad mode" "--mode must be one of" "$c" --mode loud
expect_error "bad run id" "--run-id" "$c" --run-id xyz
expect_error "unknown option" "unrecognised|unknown" "$c" --frobnicate
expect_error "non-root linux scenario" "needs root.*sudo" \
  setpriv --reuid=65534 --regid=65534 --clear-groups "$c" --scenario linux \
  --output-dir /tmp/iprobe-nonroot-$$
if [ "$(id -u)" -eq 0 ] && [ ! -e /proc/modules ]; then
  expect_error "host without module loading" "cannot load kernel modules.*linux-qemu" \
    "$c" --scenario linux --probe module --output-dir "$OUT/m1"
fi
if [ "$(id -u)" -eq 0 ] && [ ! -e /sys/module/ioctl_probe_hook ]; then
  expect_error "host kernel without the hook" "no ioctl_probe hook.*Makefile.kernel install" \
    "$c" --scenario linux --probe patch --output-dir "$OUT/m2"
fi
expect_error "two kernel probes" "one of patch and module only.*tracepoint" \
  "$c" --probe patch,module --output-dir "$OUT/t1"
expect_error "probe named twice" "names tracepoint twice" \
  "$c" --probe tracepoint,tracepoint --output-dir "$OUT/t2"
expect_error "unknown probe in a list" "--probe must be a list of.*got 'kprobe'" \
  "$c" --probe patch,kprobe --output-dir "$OUT/t3"
expect_error "empty probe list entry" "--probe must be a list of" \
  "$c" --probe patch, --output-dir "$OUT/t4"
expect_error "non-root tracepoint" "tracepoint needs root.*sudo" \
  setpriv --reuid=65534 --regid=65534 --clear-groups "$c" --scenario linux \
  --probe tracepoint --output-dir /tmp/iprobe-nonroot-$$
# As root, an unmounted tracefs is mounted for the run (host_tracepoint.sh); the cross-check
# refuses the missing hook before it mounts anything.
if [ "$(id -u)" -eq 0 ] && [ ! -e /sys/module/ioctl_probe_hook ]; then
  expect_error "cross-check without the hook" "no ioctl_probe hook" \
    "$c" --scenario linux --probe patch,tracepoint --output-dir "$OUT/t6"
fi
expect_error "missing log file" "cannot open.*/nonexistent/kernel.log" \
  "$c" parse --user-log /dev/null --kernel-log /nonexistent/kernel.log --output-dir "$OUT/p1"
echo "ioprobe u 12345678 0 0 100" >"$OUT/user-no-header.log"
expect_error "user log without run header" "ioprobe run" \
  "$c" parse --user-log "$OUT/user-no-header.log" --kernel-log /dev/null --output-dir "$OUT/p2"
mkdir -p "$OUT/unreadable" && echo x >"$OUT/unreadable/k.log" && chmod 000 "$OUT/unreadable/k.log"
expect_error "unreadable log file" "cannot open|Permission denied" \
  setpriv --reuid=65534 --regid=65534 --clear-groups "$c" parse \
  --user-log "$OUT/unreadable/k.log" --kernel-log "$OUT/unreadable/k.log" \
  --output-dir /tmp/iprobe-unreadable-$$
# The interposition benchmark's options.
expect_error "unknown mechanism" "--mechanism must be one of.*got 'strace'" \
  "$c" --benchmark interpose --mechanism raw,strace
expect_error "unknown call" "--call must be one of.*got 'getpid'" \
  "$c" --benchmark interpose --call getpid
expect_error "mechanism for the round trip" "--mechanism applies to --benchmark interpose only" \
  "$c" --benchmark roundtrip --mechanism raw
expect_error "variant for interposition" "--variant applies to --benchmark roundtrip only" \
  "$c" --benchmark interpose --variant raw
expect_error "interposition under hermitux" "does not run under --scenario hermitux" \
  "$c" --benchmark interpose --scenario hermitux --output-dir "$OUT/i1"
expect_error "bad supervisor CPU" "--supervisor-cpu must be a CPU number" \
  "$c" --benchmark interpose --supervisor-cpu 5000
echo PASS
