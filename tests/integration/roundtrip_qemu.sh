#!/usr/bin/env bash
# Round-trip benchmark inside the project's guest under QEMU TCG: every variant runs in
# the guest, the host re-derives the figures from the raw loop outputs and marks them emulated.
source "$(dirname "$0")/lib.sh"
runs=3
# A comma in the results folder: QEMU's -drive must still find the transfer disk.
OUT="$OUT/results,with,commas"

"$BIN/collector" --benchmark roundtrip --scenario linux-qemu --variant all --iterations 10000 \
  --runs "$runs" --accel tcg --output-dir "$OUT"
s="$OUT/summary.json"
expect_eq "$s" .benchmark roundtrip
expect_eq "$s" .scenario linux-qemu
expect_eq "$s" .environment.accel tcg
jq -e '.warnings | any(test("TCG"))' "$s" >/dev/null || fail "no TCG warning in $s"
echo "ok: marked as TCG emulation"
# Under TCG no vCPU thread is pinned, and the record says why.
jq -e '(.environment.vcpu_pinning | startswith("not pinned: under tcg"))
       and (.environment.vcpu_host_cpus == null)' "$s" >/dev/null ||
  fail "vcpu pinning under TCG: $(jq -c '.environment | {vcpu_pinning, vcpu_host_cpus}' "$s")"
echo "ok: vCPUs not pinned under TCG, and recorded so"
# Every round-trip program in build/bin (roundtrip-loop-VARIANT).
n=$(ls "$BIN"/roundtrip-loop-* | wc -l)
expect_eq "$s" '.variants | length' "$n"
for v in $(jq -r '.variants | keys[]' "$s"); do
  expect_eq "$s" ".variants[\"$v\"].cycles_per_call.n" "$runs"
  for r in $(seq 1 "$runs"); do
    [ -s "$OUT/raw/$v-$r.log" ] || fail "raw/$v-$r.log missing"
  done
done
[ -s "$OUT/raw/run.json" ] || fail "the in-guest collector left no run record (raw/run.json)"
expect_eq "$OUT/raw/run.json" .benchmark roundtrip
[ ! -e "$OUT/raw/summary.json" ] || fail "the guest reported: raw/summary.json exists"
[ -s "$OUT/raw/console.log" ] || fail "raw/console.log missing"
rows=$(($(wc -l <"$OUT/runs.csv") - 1))
[ "$rows" -eq $((runs * n)) ] || fail "runs.csv has $rows rows, expected $((runs * n))"
# The round trip calls a command nobody answers: on the patched kernel with its hook switched on
# (boot parameter), the hook's own dump holds no stamp of the round trip's runs.
hook_out=$OUT/hook-on
"$BIN/collector" --benchmark roundtrip --scenario linux-qemu --variant raw --runs 1 \
  --iterations 1000 --warmup 100 --accel tcg --guest-kernel-params ioctl_probe_hook.mode=buffer \
  --output-dir "$hook_out" --quiet || fail "round trip with the hook on exited $?"
expect_eq "$hook_out/summary.json" .call.cmd_name IOPROBE_NULL_CMD
expect_eq "$hook_out/summary.json" .call.patch_hook.mode buffer
expect_eq "$hook_out/summary.json" .call.patch_hook.stamps 0
echo "ok: the hook was on and stamped none of the round trip's calls"
echo PASS
