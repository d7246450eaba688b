#!/usr/bin/env bash
# --probe tracepoint under QEMU: qemu_tracepoint.sh PROBES N (PROBES: tracepoint, or
# patch,tracepoint / module,tracepoint for the cross-check). The guest's collector records the
# syscall tracepoints in a private tracefs instance; checks that every measured call got its
# tracepoint stamp, that the ring buffer lost nothing, that the instance was removed, and, with
# the patch or module, that every call keeps the order u_before <= tracepoint enter <= probe
# enter (<= probe exit) <= tracepoint exit (<= u_after), using whatever stamps the format carries.
source "$(dirname "$0")/lib.sh"
probes=$1 n=$2

"$BIN/collector" --scenario linux-qemu --probe "$probes" --iterations "$n" --warmup 200 \
  --output-dir "$OUT" --accel tcg --loop "$BIN/entry-loop" || fail "collector exited $?"
raw="$OUT/raw"
tp="$raw/tracepoint.log"
[ -s "$tp" ] || fail "no raw/tracepoint.log captured"
begin=$(grep '^ioprobe dump-begin tracepoint ' "$tp") || fail "tracepoint.log has no dump-begin"
[[ "$begin" == *" dropped=0 "* ]] || fail "the ring buffer lost events: $begin"
echo "ok: $begin"
measured=$(awk '$2 == "k" && $3 == "tracepoint" && $5 < 2147483648' "$tp" | wc -l)
[ "$measured" -eq "$n" ] || fail "$measured measured calls have tracepoint stamps, expected $n"
echo "ok: $measured measured calls stamped by the tracepoints"
expect_eq "$raw/run.json" .tracefs.clock x86-tsc
for count in trace_lost_calls trace_lost_events_overrun trace_lost_events_commit_overrun \
  trace_lost_events_dropped; do
  expect_eq "$raw/run.json" ".extra[] | select(.[0] == \"$count\") | .[1]" 0
done
[ -f "$raw/trace-instances-after.txt" ] || fail "no tracefs instance list after the run"
if grep -q ioprobe "$raw/trace-instances-after.txt"; then fail "tracefs instance left behind"; fi
echo "ok: tracefs instance removed"

# The host paired it: the primary probe's pairs, and the tracepoint's own accounting.
s="$OUT/summary.json"
expect_clean_run "$s" "$n"
expect_eq "$s" '.probes | join(",")' "$probes"
expect_eq "$s" .order_violations 0
expect_eq "$s" .anatomy.round_trip.n "$n"
if [[ "$probes" == patch,* || "$probes" == module,* ]]; then
  expect_eq "$s" .cross_check.tracepoint.paired "$n"
  expect_eq "$s" .cross_check.tracepoint.lost 0
  expect_eq "$s" .cross_check.tracepoint.order_violations 0
  # seq -> stamps from each log; then the chain per measured call.
  awk -v n="$n" '
    $1 != "ioprobe" { next }
    $2 == "u" { ub[$4] = $6; ua[$4] = (NF >= 7 ? $7 : "") }
    $2 == "k" && $3 == "tracepoint" { te[$5] = $7; tx[$5] = $8 }
    $2 == "k" && ($3 == "patch" || $3 == "module") { pe[$5] = $7; px[$5] = (NF >= 8 ? $8 : "") }
    END {
      bad = 0; seen = 0
      for (s = 0; s < n; s++) {
        if (!(s in te) || !(s in pe) || !(s in ub)) { print "seq " s " lacks a stamp"; exit 1 }
        seen++
        ok = ub[s] <= te[s] && te[s] <= pe[s] && pe[s] <= tx[s]
        if (px[s] != "") ok = ok && pe[s] <= px[s] && px[s] <= tx[s]
        if (ua[s] != "") ok = ok && tx[s] <= ua[s]
        if (!ok) bad++
      }
      print "chain checked on " seen " calls, " bad " out of order"
      exit bad > 0
    }' "$raw/user.log" "$tp" "$raw/kernel-dump.log" || fail "cross-check order chain broken"
  echo "ok: order chain holds for every call"
fi
echo PASS
