#!/usr/bin/env bash
# printk mode at 100,000 stamps with a distribution's default 128 KiB printk ring instead of
# the guest's 16M. Whether or not the live /dev/kmsg drain keeps up (that depends on how busy
# the host is), what the summary says must be exactly what the raw files show, counted here
# independently of the collector: the kernel sequence numbers raw/kmsg.log lacks between its
# records (log_lost_records, and the drain's own kmsg_drain_seq_gap), and the measured calls of
# raw/user.log whose kernel stamp it lacks (lost, missing_kernel). A loss without EPIPE or
# without a warning fails, so does an EPIPE without a loss. (That the drain does fall behind,
# and counts it, is forced and checked in tests/kernel/checks_kmsg_behind.c.)
source "$(dirname "$0")/lib.sh"
n=100000
"$BIN/collector" --scenario linux-qemu --probe patch --mode printk --iterations $n \
  --guest-kernel-params log_buf_len=128K --accel tcg --output-dir "$OUT" --quiet
s="$OUT/summary.json"
raw="$OUT/raw"
if grep -q "log_buf_len: 16777216" "$raw/console.log"; then fail "the 16M ring was not replaced"; fi
expect_eq "$s" .expected $n

# The records' sequence numbers ("prio,seq,usec,flags;text"; continuation lines start with a
# space) and the measured stamps of the patch (warm-up seqs have bit 31 set: >= 2^31).
gap=$(awk -F'[,;]' '/^[0-9]+,[0-9]+,/ { if (seen && $2 > last + 1) gap += $2 - last - 1; last = $2; seen = 1 }
                     END { print gap + 0 }' "$raw/kmsg.log")
missing=$(awk 'FNR == NR { if (match($0, /;ioprobe k patch [0-9a-f]+ [0-9]+ /)) {
                             split(substr($0, RSTART + 1, RLENGTH - 1), f, " "); k[f[5]] = 1 }
                           next }
               $1 == "ioprobe" && $2 == "u" && !($4 in k) { missing++ }
               END { print missing + 0 }' "$raw/kmsg.log" "$raw/user.log")
epipe=$(json "$s" .extra.kmsg_epipe)
echo "drain: epipe=$epipe; records lost: raw log $gap, summary $(json "$s" .log_lost_records);" \
  "stamps lost: raw logs $missing, summary $(json "$s" .lost); paired $(json "$s" .paired)"
expect_eq "$s" .log_lost_records "$gap"
expect_eq "$s" .extra.kmsg_drain_seq_gap "$gap"
expect_eq "$s" .lost "$missing"
expect_eq "$s" .missing_kernel "$missing"
expect_eq "$s" '.paired + .lost' $n
if [ "$gap" -gt 0 ]; then
  [ "$epipe" -gt 0 ] || fail "records were lost but the reader never got EPIPE"
  jq -e '.warnings | map(test("fell behind")) | any' "$s" >/dev/null || fail "loss without a warning"
  echo "ok: the drain fell behind, and the summary counts the loss exactly"
else
  expect_eq "$s" .extra.kmsg_epipe 0
  echo "ok: the drain kept up with $n printk stamps in a 128 KiB ring, nothing lost"
fi
echo PASS
