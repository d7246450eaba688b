#!/usr/bin/env bash
# Boots the patched guest kernel with probe_torture as /init and asserts its result lines:
#   probe_torture.sh main     -smp 2, multi-threaded TCG: privilege, knobs, overflow, two CPUs,
#                             dumps racing stamps/resets/mode switches, rmmod while open,
#                             an allocation larger than the guest's memory
#   probe_torture.sh toggle   -smp 2, single-threaded TCG: the hook switched on and off 1,000
#                             times while another process stamps
#   probe_torture.sh collector   the real collector (--scenario linux) in a guest booted with the
#                             hook on: after a run, and after a run killed with SIGHUP, the module
#                             is unloaded and the hook's mode and entries are as they were; with
#                             the kernel's own 128 KiB log ring, a drain stopped (SIGSTOP) while
#                             its loop stamps counts exactly what it lost
# Needs BIN (build/bin, holds probe_torture), GUEST (build/guest: bzImage, ioctl_probe.ko and the
# tree's usr/gen_init_cpio) and OUT from the environment (ctest sets them).
set -euo pipefail
params=""
suite=${1:?usage: probe_torture.sh main|toggle}
: "${BIN:?BIN must point to build/bin}" "${GUEST:?GUEST must point to build/guest}"
OUT=${OUT:-$(mktemp -d)}
rm -rf "$OUT" && mkdir -p "$OUT"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

case $suite in
main)
  accel=tcg
  checks="unpriv_hook_printk unpriv_hook_buffer entries_range_hook overflow_hook
    smp_hook_20000_into_40000 smp_hook_10000_into_5000 dump_while_stamping_hook
    reset_during_dump_hook mode_switch_during_dump_hook module_load unpriv_device_open
    entries_range_module overflow_module smp_module_20000_into_40000
    smp_module_10000_into_5000 dump_while_stamping_module reset_during_dump_module
    mode_switch_during_dump_module rmmod_busy alloc_fails_cleanly"
  ;;
toggle)
  accel=tcg,thread=single
  checks="toggle_1000"
  ;;
collector)
  accel=tcg
  params="ioctl_probe_hook.mode=printk ioctl_probe_hook.entries=777"
  # The SIGHUP runs ask for 20,000,000 calls: entry-loop's stamps alone take 400 MB
  # (20 bytes a call since format 2), which a 512 MB guest cannot hold next to its initramfs.
  memory=768
  checks="collector_boot_state collector_run_patch collector_run_module collector_sighup_patch
    collector_sighup_module collector_kmsg_behind"
  # Debian's own ring (CONFIG_LOG_BUF_SHIFT=17, 128 KiB): collector_kmsg_behind overruns it.
  logbuf=""
  ;;
*) fail "unknown suite $suite (main or toggle)" ;;
esac

gen=$GUEST/linux/usr/gen_init_cpio
for f in "$GUEST/bzImage" "$GUEST/ioctl_probe.ko" "$gen" "$BIN/probe_torture"; do
  [ -e "$f" ] || fail "$f is missing: build it (make build guest)"
done

# The initramfs: the test as /init, the module, and the console node the kernel opens for init.
cat >"$OUT/initramfs.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
file /init $BIN/probe_torture 0755 0 0
file /ioctl_probe.ko $GUEST/ioctl_probe.ko 0644 0 0
LIST
if [ "$suite" = collector ]; then
  # The collector and the loop, with every shared library they load (ldd's closure).
  for f in "$BIN/collector" "$BIN/entry-loop"; do
    [ -x "$f" ] || fail "$f is missing: build it (make build)"
  done
  {
    echo "dir /bin 0755 0 0"
    echo "dir /lib 0755 0 0"
    echo "dir /lib/modules 0755 0 0"
    echo "file /bin/collector $BIN/collector 0755 0 0"
    echo "file /bin/entry-loop $BIN/entry-loop 0755 0 0"
    # (entry-loop is static: ldd has nothing to say about it)
    for f in "$BIN/collector" "$BIN/entry-loop"; do ldd "$f" 2>/dev/null || true; done |
      grep -o '/[^ ]*' | grep -v ':$' | sort -u |
      while read -r lib; do
        d=$(dirname "$lib")
        while [ "$d" != / ]; do echo "dir $d 0755 0 0"; d=$(dirname "$d"); done
        echo "file $lib $(readlink -f "$lib") 0755 0 0"
      done
  } | sort -u >>"$OUT/initramfs.list"
fi
"$gen" "$OUT/initramfs.list" >"$OUT/initramfs.cpio"

# loglevel=1 keeps the stamps' printk lines off the serial console (they stay in the log).
start=$(date +%s)
timeout 900 qemu-system-x86_64 -nodefaults -display none -no-reboot -accel "$accel" -cpu max \
  -smp 2 -m "${memory:-256}" -serial "file:$OUT/console.log" -kernel "$GUEST/bzImage" \
  -initrd "$OUT/initramfs.cpio" \
  -append "console=ttyS0 panic=-1 oops=panic loglevel=1 ${logbuf-log_buf_len=16M} $params rdinit=/init -- $suite" \
  || fail "qemu exited with $? (console: $OUT/console.log)"
echo "guest ran $(($(date +%s) - start)) s"

tr -d '\r' <"$OUT/console.log" | grep '^PROBE ' >"$OUT/results.txt" || true
cat "$OUT/results.txt"
bad=0
for c in $checks; do
  if ! grep -q "^PROBE $c ok" "$OUT/results.txt"; then
    echo "FAIL: check $c did not pass" >&2
    bad=1
  fi
done
grep -q '^PROBE done$' "$OUT/results.txt" ||
  { echo "FAIL: the guest did not finish the suite (tail of $OUT/console.log):" >&2
    tail -n 30 "$OUT/console.log" >&2; bad=1; }
[ "$bad" = 0 ] || exit 1
echo "PASS: $(echo $checks | wc -w) checks"
