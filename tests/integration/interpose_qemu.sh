#!/usr/bin/env bash
# The interposition benchmark inside the project's guest under QEMU TCG (no privileges on the
# host): the guest runs every mechanism with both calls on its own kernel, the host re-derives
# the figures from the raw loop outputs. Few calls (a traced call costs ~0.5 ms emulated): about
# 16 s on the development VM, most of it the boot. The guest kernel (tinyconfig +
# guest.config) has no CONFIG_SECCOMP: the seccomp mechanisms are then refused by the kernel,
# skipped and recorded with the kernel's reason.
source "$(dirname "$0")/lib.sh"
mechanisms=raw,rewrite,rewrite-emulate,int3,sud,seccomp-trap,seccomp-notify,seccomp-notify-sync,seccomp-trace,ptrace,ptrace-sysemu

"$BIN/collector" --benchmark interpose --scenario linux-qemu --accel tcg --runs 1 \
  --iterations 200 --warmup 20 --floor-samples 1000 --output-dir "$OUT"
s="$OUT/summary.json"
expect_eq "$s" .benchmark interpose
expect_eq "$s" .scenario linux-qemu
expect_eq "$s" .environment.accel tcg
jq -e '.warnings | any(test("TCG"))' "$s" >/dev/null || fail "no TCG warning in $s"
expect_eq "$s" '.mechanisms | keys_unsorted | join(",")' "$mechanisms"
for m in ${mechanisms//,/ }; do
  e=".mechanisms[\"$m\"]"
  if [ "$(jq -r "$e.skipped" "$s")" != null ]; then
    reason=$(jq -r "$e.skipped" "$s")
    echo "note: $m skipped by the guest kernel: $reason"
    case $m in
      seccomp-*) ;;
      *) fail "$m was refused by the guest kernel: $reason" ;;
    esac
    continue
  fi
  for call in ioctl nosys; do
    expect_eq "$s" "$e.$call.cycles_per_call.n" 1
    want=$(json "$s" "$e.$call.calls")
    [ "$m" = raw ] && want=0
    expect_eq "$s" "$e.$call.hooked" "$want"
    expect_eq "$s" "$e.$call.call.result == $e.$call.call.expected" true
    [ -s "$OUT/raw/$m-$call-1.log" ] || fail "raw/$m-$call-1.log missing"
  done
done
[ -s "$OUT/raw/run.json" ] || fail "the in-guest collector left no run record (raw/run.json)"
expect_eq "$OUT/raw/run.json" .benchmark interpose
[ ! -e "$OUT/raw/summary.json" ] || fail "the guest reported: raw/summary.json exists"
echo PASS
