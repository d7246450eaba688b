#!/usr/bin/env bash
# printk mode at 100,000 stamps with a distribution's default 128 KiB printk ring instead of
# the guest's 16M: the live /dev/kmsg drain should keep up; if it ever does not, the loss must
# be reported exactly (EPIPE count, overwritten records, missing stamps, a warning), never
# silently. Prints the drain figures either way.
source "$(dirname "$0")/lib.sh"
n=100000
"$BIN/collector" --scenario linux-qemu --probe patch --mode printk --iterations $n \
  --guest-kernel-params log_buf_len=128K --accel tcg --output-dir "$OUT" --quiet
s="$OUT/summary.json"
if grep -q "log_buf_len: 16777216" "$OUT/raw/console.log"; then fail "the 16M ring was not replaced"; fi
expect_eq "$s" .expected $n
epipe=$(json "$s" .extra.kmsg_epipe)
lost_records=$(json "$s" .log_lost_records)
paired=$(json "$s" .paired)
lost=$(json "$s" .lost)
echo "drain: epipe=$epipe overwritten_records=$lost_records paired=$paired lost=$lost"
[ $((paired + lost)) -eq $n ] || fail "paired + lost != expected"
if [ "$epipe" -gt 0 ] || [ "$lost" -gt 0 ]; then
  [ "$lost_records" -gt 0 ] || fail "stamps lost but no overwritten records counted"
  jq -e '.warnings | map(test("fell behind|lost|overwritten")) | any' "$s" >/dev/null ||
    fail "loss without a warning"
  echo "ok: the drain fell behind and said so exactly"
else
  expect_eq "$s" .log_lost_records 0
  echo "ok: the drain kept up with $n printk stamps in a 128 KiB ring"
fi
echo PASS
