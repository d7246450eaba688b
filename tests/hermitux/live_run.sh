#!/usr/bin/env bash
# The real thing: `collector --scenario hermitux` against a patched HermiTux install
# ($HERMITUX_PREFIX), both modes and the round trip. Skipped (77) without HERMITUX_PREFIX or a
# usable /dev/kvm: CI has neither, and says so instead of pretending it ran.
set -euo pipefail
source "$(dirname "$0")/../integration/lib.sh"
if [ -z "${HERMITUX_PREFIX:-}" ]; then
  echo "SKIP: HERMITUX_PREFIX is not set (a hermitux-kernel install prefix built with kernel/hermitux-ioctl-probe's patch)"
  exit 77
fi
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
  echo "SKIP: /dev/kvm is missing or not read-write: uhyve cannot run"
  exit 77
fi
N=${HERMITUX_LIVE_N:-1000}

"$BIN/collector" --scenario hermitux --hermitux-prefix "$HERMITUX_PREFIX" --mode buffer \
  --iterations "$N" --warmup 100 --output-dir "$OUT/buffer" -q
s="$OUT/buffer/summary.json"
expect_eq "$s" .expected "$N"
expect_eq "$s" .paired "$N"
expect_eq "$s" .lost 0
expect_eq "$s" .rejected 0
expect_eq "$s" .duplicate 0
expect_eq "$s" .probe hermitux
expect_eq "$s" .loop entry-loop-freestanding
for f in guest-stdout.log guest-stderr.log run.json user.log kernel-dump.log; do
  [ -s "$OUT/buffer/raw/$f" ] || fail "raw/$f missing"
done

# printk mode, the README's example as written (default warm-up of 1,000 calls, which the probe
# does not print): every stamp pairs and the ring does not wrap.
"$BIN/collector" --scenario hermitux --hermitux-prefix "$HERMITUX_PREFIX" --mode printk \
  --iterations 150 --output-dir "$OUT/printk" -q
expect_eq "$OUT/printk/summary.json" .paired 150
expect_eq "$OUT/printk/summary.json" .lost 0
expect_eq "$OUT/printk/summary.json" .extra.klog_wrapped 0
warm=$(grep -c '^ioprobe k hermitux [0-9a-f]* 214748' "$OUT/printk/raw/kernel-log.txt" || true)
[ "$warm" -eq 0 ] || fail "printk: $warm warm-up stamps were printed"
# The largest N the collector accepts fits too; one more is refused before anything runs.
set +e
"$BIN/collector" --scenario hermitux --hermitux-prefix "$HERMITUX_PREFIX" --mode printk \
  --iterations 100000 --output-dir "$OUT/printk-refused" -q 2>"$OUT/printk-refused.stderr"
status=$?
set -e
[ "$status" -eq 1 ] || fail "printk 100000: exit $status, expected a refusal"
most=$(sed -n 's/.*holds at most \([0-9]*\) stamps.*/\1/p' "$OUT/printk-refused.stderr")
[ -n "$most" ] || fail "printk refusal names no largest N: $(cat "$OUT/printk-refused.stderr")"
"$BIN/collector" --scenario hermitux --hermitux-prefix "$HERMITUX_PREFIX" --mode printk \
  --iterations "$most" --output-dir "$OUT/printk-most" -q
expect_eq "$OUT/printk-most/summary.json" .paired "$most"
expect_eq "$OUT/printk-most/summary.json" .extra.klog_wrapped 0

# Two vCPUs are refused with the real install too: HermiTux's own SMP boot can hang
# (doc/hermitux-smp-hang.md).
set +e
"$BIN/collector" --scenario hermitux --hermitux-prefix "$HERMITUX_PREFIX" --hermitux-cpus 2 \
  --output-dir "$OUT/vcpus-refused" -q 2>"$OUT/vcpus-refused.stderr"
status=$?
set -e
[ "$status" -eq 2 ] || fail "2 vCPUs: exit $status, expected the refusal (2)"
grep -qF -- "--hermitux-force-smp" "$OUT/vcpus-refused.stderr" || fail "2 vCPUs: no refusal line"
# Forced: vCPU 0 (the loop's) keeps its host CPU, vCPU 1's thread is moved to another one. The
# guest may hang at boot now and then (that bug): the pinning is checked either way, the stamps
# only when it finished.
set +e
"$BIN/collector" --scenario hermitux --hermitux-prefix "$HERMITUX_PREFIX" --mode buffer \
  --iterations 1000 --warmup 100 --hermitux-cpus 2 --hermitux-force-smp --timeout 120 \
  --output-dir "$OUT/vcpus" -q 2>"$OUT/vcpus.stderr"
status=$?
set -e
g="$OUT/vcpus/raw/run.json"
expect_eq "$g" .guest.vcpu_threads_pinned 1
loop_cpu=$(json "$g" '.guest.vcpu_host_cpus["0"]')
other_cpu=$(json "$g" '.guest.vcpu_host_cpus["1"]')
[ "$loop_cpu" = "$(json "$g" .guest.host_cpu)" ] || fail "vCPU 0 is not on the loop's CPU"
if [ "$(nproc)" -gt 1 ]; then
  [ "$other_cpu" != "$loop_cpu" ] || fail "vCPU 1 shares host CPU $loop_cpu with the loop"
fi
timed_out=$(jq -r .guest.timed_out "$g")  # json() takes false for "no value"
case $timed_out in true | false) ;; *) fail "$g: timed_out is '$timed_out'" ;; esac
if [ "$timed_out" = true ]; then
  echo "note: the forced 2-vCPU guest hung (HermiTux's SMP boot): pinning checked, stamps not"
else
  [ "$status" -eq 0 ] || fail "2 vCPUs: exit $status: $(cat "$OUT/vcpus.stderr")"
  s="$OUT/vcpus/summary.json"
  expect_eq "$s" .paired 1000
  [ "$loop_cpu" = "$(json "$s" .environment.cpu)" ] || fail "vCPU 0 is not on the loop's CPU"
  [ "$other_cpu" = "$(json "$s" '.environment.vcpu_host_cpus["1"]')" ] ||
    fail "summary.json and raw/run.json's guest run disagree on vCPU 1's host CPU"
  # CPU ids are HermiTux core ids (TSC_AUX written at boot by every core): the application runs
  # on core 0, so both stamps of every pair name core 0, and every core ran the code that writes
  # it.
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
           $col["cpu"] != 0 || $col["kernel_cpu"] != 0 { bad++ }
           END { exit bad > 0 }' "$OUT/vcpus/pairs.csv" || fail "vcpus: a stamp names a core other than 0"
  expect_eq "$s" .cross_cpu 0
  grep -q 'Core id is set to 1' "$OUT/vcpus/raw/guest-stderr.log" || fail "vcpus: core 1 did not boot"
fi

"$BIN/collector" --benchmark roundtrip --scenario hermitux --hermitux-prefix "$HERMITUX_PREFIX" \
  --iterations 1000 --warmup 100 --runs 2 --output-dir "$OUT/roundtrip" -q
expect_eq "$OUT/roundtrip/summary.json" '.variants | keys | join(",")' freestanding
expect_eq "$OUT/roundtrip/summary.json" '.variants.freestanding.cycles_per_call.n' 2
echo "ok: live HermiTux runs"
