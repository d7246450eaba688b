#!/usr/bin/env bash
# The interposition benchmark on this machine's kernel, every mechanism, both calls, 2 runs of
# 2000 calls: the JSON shape, each mechanism the kernel has really intercepted every call
# (hooked == calls; raw none) with the kernel's answer, each one it lacks is recorded as skipped
# with its reason, runs.csv has a row per process, and no process of the run is left behind.
source "$(dirname "$0")/lib.sh"
runs=2
iterations=2000

# A session of its own, so that whatever the run started can be found afterwards.
setsid "$BIN/collector" --benchmark interpose --scenario linux --runs "$runs" \
  --iterations "$iterations" --output-dir "$OUT" >"$OUT/stdout" 2>"$OUT/stderr" &
pid=$!
rc=0
wait "$pid" || rc=$?
cat "$OUT/stdout"
[ "$rc" -eq 0 ] || fail "collector exited $rc: $(tail -n 3 "$OUT/stderr")"
left=$(ps -e -o sid=,pid=,comm= | awk -v s="$pid" '$1 == s { print $2, $3 }')
[ -z "$left" ] || fail "left behind in the run's session: $left"
echo "ok: nothing of the run's session is left"

s="$OUT/summary.json"
expect_eq "$s" .benchmark interpose
expect_eq "$s" .scenario linux
expect_eq "$s" .runs "$runs"
expect_eq "$s" .iterations "$iterations"
expect_eq "$s" '.calls | join(",")' "ioctl,nosys"
expect_eq "$s" '.mechanisms | keys_unsorted | join(",")' \
  "raw,rewrite,rewrite-emulate,int3,sud,seccomp-trap,seccomp-notify,seccomp-notify-sync,seccomp-trace,ptrace,ptrace-sysemu"
expect_eq "$s" '.supervisor_cpu == .cpu' true

measured=0
for m in $(jq -r '.mechanisms | keys_unsorted[]' "$s"); do
  if [ "$(jq -r ".mechanisms[\"$m\"].skipped" "$s")" != null ]; then
    echo "note: $m skipped: $(jq -r ".mechanisms[\"$m\"].skipped" "$s")"
    grep -q "mechanism $m skipped: the kernel refuses it" "$OUT/stderr" || fail "$m: no skip line"
    continue
  fi
  for call in ioctl nosys; do
    e=".mechanisms[\"$m\"].$call"
    expect_eq "$s" "$e.cycles_per_call.n" "$runs"
    expect_eq "$s" "$e.cycles_per_call.ci95 | length" 2
    jq -e "$e | .per_call.p50 > 0 and .per_call.p99 >= .per_call.p50" "$s" >/dev/null ||
      fail "$m $call: per-call percentiles out of order"
    jq -e "$e.overhead_vs_raw | .cycles == .mechanism - .raw and .ratio > 0" "$s" >/dev/null ||
      fail "$m $call: overhead_vs_raw inconsistent"
    want=$(jq -r "$e.calls" "$s")
    [ "$m" = raw ] && want=0
    expect_eq "$s" "$e.hooked" "$want"
    expect_eq "$s" "$e.call.result == $e.call.expected" true
    for r in $(seq 1 "$runs"); do
      [ -s "$OUT/raw/$m-$call-$r.log" ] || fail "raw/$m-$call-$r.log missing"
    done
  done
  measured=$((measured + 1))
done
[ "$measured" -ge 3 ] || fail "only $measured mechanisms measured"
expect_eq "$s" '.mechanisms.raw.ioctl.overhead_vs_raw.cycles' 0
expect_eq "$s" '.mechanisms.raw.ioctl.call | "\(.number) \(.device) \(.command)"' "16 /dev/null 0xb850"
expect_eq "$s" '.mechanisms.raw.nosys.call.number' 500
expect_eq "$s" '.mechanisms.raw.nosys.call.expected' -38

csv="$OUT/runs.csv"
rows=$(($(wc -l <"$csv") - 1))
[ "$rows" -eq $((runs * 2 * measured)) ] || fail "runs.csv has $rows rows, expected $((runs * 2 * measured))"
for call in ioctl nosys; do
  [ -s "$OUT/interpose-$call.svg" ] || [ -n "$(command -v gnuplot)" ] ||
    echo "note: gnuplot absent, no figure"
  [ -s "$OUT/plot-data/interpose-$call.dat" ] || fail "plot-data/interpose-$call.dat missing"
done
echo "ok: $measured mechanisms measured, runs.csv has $rows rows"
echo PASS
