#!/usr/bin/env bash
# A kernel log that holds two earlier runs plus this one: only this run is paired and the
# earlier runs' stamps are counted as foreign. Built from three real guest runs whose kernel
# logs are joined as dmesg text (record headers stripped, as `dmesg` prints them).
source "$(dirname "$0")/lib.sh"
n=1000 w=100
for i in 1 2 3; do
  "$BIN/collector" --scenario linux-qemu --probe patch --mode printk --iterations $n \
    --warmup $w --output-dir "$OUT/run$i" --accel tcg --quiet
done
for i in 1 2 3; do sed 's/^[^;]*;//' "$OUT/run$i/raw/kmsg.log"; done >"$OUT/dmesg.txt"
"$BIN/collector" parse --user-log "$OUT/run3/raw/user.log" --kernel-log "$OUT/dmesg.txt" \
  --output-dir "$OUT/parsed"
s="$OUT/parsed/summary.json"
expect_eq "$s" .paired $n
expect_eq "$s" .lost 0
expect_eq "$s" .warmup $w
expect_eq "$s" .foreign $((2 * (n + w)))
expect_eq "$s" .run_id "$(json "$OUT/run3/summary.json" .run_id)"
# The same pairing as the guest run itself: identical pairs.
cmp "$OUT/parsed/pairs.csv" "$OUT/run3/pairs.csv" || fail "parse pairs differ from the run's"
echo PASS
