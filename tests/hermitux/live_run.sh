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
expect_eq "$s" .loop loop-entry-freestanding
for f in guest-stdout.log guest-stderr.log guest-run.json user.log kernel-dump.log; do
  [ -s "$OUT/buffer/raw/$f" ] || fail "raw/$f missing"
done

# printk mode: the 16 KiB kernel log holds a few hundred stamps; 150 calls fit.
"$BIN/collector" --scenario hermitux --hermitux-prefix "$HERMITUX_PREFIX" --mode printk \
  --iterations 150 --warmup 0 --output-dir "$OUT/printk" -q
expect_eq "$OUT/printk/summary.json" .paired 150
expect_eq "$OUT/printk/summary.json" .lost 0

"$BIN/collector" --benchmark roundtrip --scenario hermitux --hermitux-prefix "$HERMITUX_PREFIX" \
  --iterations 1000 --warmup 100 --runs 2 --output-dir "$OUT/roundtrip" -q
expect_eq "$OUT/roundtrip/summary.json" '.variants | keys | join(",")' freestanding
expect_eq "$OUT/roundtrip/summary.json" '.variants.freestanding.cycles_per_call.n' 2
echo "ok: live HermiTux runs"
