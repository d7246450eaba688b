#!/usr/bin/env bash
# `collector --scenario hermitux` on a wrong installation or a host without KVM: one line on
# stderr that says what to do, exit 1 (2 for a bad command line), no crash. Needs no HermiTux.
set -euo pipefail
source "$(dirname "$0")/../integration/lib.sh"
unset HERMITUX_PREFIX

# case NAME STATUS TEXT ARGS...
case_() {
  local name=$1 want=$2 text=$3
  shift 3
  set +e
  "$BIN/collector" "$@" --output-dir "$OUT/$name" -q >"$OUT/$name.stdout" 2>"$OUT/$name.stderr"
  local status=$?
  set -e
  [ "$status" -eq "$want" ] || fail "$name: exit $status, expected $want: $(cat "$OUT/$name.stderr")"
  [ "$(wc -l <"$OUT/$name.stderr")" -eq 1 ] || fail "$name: stderr is not one line"
  grep -qF -- "$text" "$OUT/$name.stderr" || fail "$name: stderr lacks '$text': $(cat "$OUT/$name.stderr")"
  echo "ok: $name: $(cat "$OUT/$name.stderr")"
}

# A prefix with the two files in place (never started: the checks come first).
fake=$OUT/fake-prefix
mkdir -p "$fake/bin" "$fake/x86_64-hermit/extra/tests"
printf '#!/bin/sh\nexit 0\n' >"$fake/bin/proxy"
chmod +x "$fake/bin/proxy"
: >"$fake/x86_64-hermit/extra/tests/hermitux"
noproxy=$OUT/no-proxy
mkdir -p "$noproxy/x86_64-hermit/extra/tests"

case_ no-prefix 1 "pass --hermitux-prefix" --scenario hermitux --iterations 10
case_ prefix-missing 1 "is not a directory" --scenario hermitux --hermitux-prefix "$OUT/nope"
case_ prefix-without-proxy 1 "proxy (uhyve launcher) not found at $noproxy/bin/proxy" \
  --scenario hermitux --hermitux-prefix "$noproxy"
case_ kernel-flag-missing 1 "the HermiTux kernel image not found at $OUT/none" \
  --scenario hermitux --hermitux-prefix "$fake" --hermitux-kernel "$OUT/none"
case_ kvm-missing 1 "$OUT/no-kvm is missing: HermiTux runs under uhyve, which needs KVM" \
  --scenario hermitux --hermitux-prefix "$fake" --kvm-device "$OUT/no-kvm"
case_ kvm-roundtrip-missing 1 "needs KVM" \
  --benchmark roundtrip --scenario hermitux --hermitux-prefix "$fake" --kvm-device "$OUT/no-kvm"
case_ probe-flag 2 "--probe does not apply to --scenario hermitux" \
  --scenario hermitux --probe module --hermitux-prefix "$fake"
case_ replay-roundtrip 2 "--replay applies to the entry benchmark only" \
  --benchmark roundtrip --scenario hermitux --replay "$OUT"
case_ prefix-on-linux 2 "--hermitux-prefix applies to --scenario hermitux only" \
  --scenario linux --hermitux-prefix "$fake"
case_ entry-variant 2 "--entry-variant must be one of" \
  --scenario hermitux --entry-variant uclibc --hermitux-prefix "$fake"
# printk mode: refused before anything runs when the stamps cannot all fit in the kernel log.
case_ printk-does-not-fit 1 "does not fit in printk mode: HermiTux's 16 KiB kernel log holds at most" \
  --scenario hermitux --mode printk --iterations 1000 --hermitux-prefix "$fake"
grep -qF -- "or use --mode buffer" "$OUT/printk-does-not-fit.stderr" || fail "printk refusal names no way out"
[ ! -e "$OUT/printk-does-not-fit" ] || fail "printk refusal left an output folder"
# More than one vCPU: HermiTux's own SMP boot can hang (doc/hermitux-smp-hang.md), so the run is
# refused before anything starts, in both benchmarks, unless the user forces it.
case_ vcpus-refused 2 "--hermitux-cpus 2 refused: HermiTux's own SMP boot hangs now and then" \
  --scenario hermitux --hermitux-cpus 2 --hermitux-prefix "$fake"
grep -qF -- "pass --hermitux-force-smp" "$OUT/vcpus-refused.stderr" || fail "vCPU refusal names no way out"
[ ! -e "$OUT/vcpus-refused" ] || fail "vCPU refusal left an output folder"
case_ vcpus-roundtrip-refused 2 "--hermitux-cpus 4 refused" \
  --benchmark roundtrip --scenario hermitux --hermitux-cpus 4 --hermitux-prefix "$fake"
# Forced: past the refusal, up to the next check (here the missing KVM device).
case_ vcpus-forced 1 "$OUT/no-kvm is missing: HermiTux runs under uhyve" \
  --scenario hermitux --hermitux-cpus 2 --hermitux-force-smp --hermitux-prefix "$fake" \
  --kvm-device "$OUT/no-kvm"
case_ force-smp-on-linux 2 "--hermitux-force-smp applies to --scenario hermitux only" \
  --scenario linux --hermitux-force-smp
echo "ok: HermiTux bad input"
