#!/usr/bin/env bash
# Round-trip benchmark on this machine, every variant: no root, no probe.
# Checks every present variant has its 10 runs in summary.json, runs.csv and raw/, and the
# expected order: the function-call variants (same cost within 3 cycles) far below raw.
source "$(dirname "$0")/lib.sh"
runs=10

"$BIN/collector" --benchmark roundtrip --scenario linux --variant all --iterations 100000 \
  --runs "$runs" --output-dir "$OUT"
s="$OUT/summary.json"
expect_eq "$s" .benchmark roundtrip
expect_eq "$s" .scenario linux
expect_eq "$s" .runs "$runs"
expect_eq "$s" .iterations 100000
# What every loop called, and what made the run (call.*, provenance).
expect_eq "$s" .call.device /dev/null
expect_eq "$s" .call.cmd_name IOPROBE_NULL_CMD
expect_eq "$s" '.provenance.command_line | any(. == "roundtrip")' true
jq -e '.provenance.commit | test("^([0-9a-f]{40}|unknown)$")' "$s" >/dev/null || fail "provenance.commit"
jq -e '.provenance.loops | length > 0 and all(.sha256 | test("^[0-9a-f]{64}$"))' "$s" >/dev/null ||
  fail "a loop without its sha256 in provenance.loops"
raw_sha=$(sha256sum "$(jq -r '.provenance.loops[] | select(.variant == "raw") | .path' "$s")" | cut -d' ' -f1)
expect_eq "$s" '.provenance.loops[] | select(.variant == "raw") | .sha256' "$raw_sha"
jq -e '.environment.tsc_khz > 0 and (.environment.tsc_khz_source | type) == "string"' "$s" >/dev/null ||
  fail "no TSC rate with its source"

variants=(libc-glibc raw freestanding fncall-bound fncall-lib fncall-same)
if [ -x "$BIN/roundtrip-loop-libc-musl" ]; then
  variants+=(libc-musl)
else
  echo "note: $BIN/roundtrip-loop-libc-musl absent (musl-tools missing?): 6 variants expected"
  jq -e '.warnings | any(test("libc-musl"))' "$s" >/dev/null || fail "no warning for the missing musl variant"
fi
expect_eq "$s" '.variants | length' "${#variants[@]}"
for v in "${variants[@]}"; do
  expect_eq "$s" ".variants[\"$v\"].runs | map(select(. != null)) | length" "$runs"
  expect_eq "$s" ".variants[\"$v\"].cycles_per_call.n" "$runs"
  expect_eq "$s" ".variants[\"$v\"].cycles_per_call.ci95 | length" 2
  expect_gt "$s" ".variants[\"$v\"].cycles_per_call.p50" 0
  jq -e ".variants[\"$v\"].cycles_per_call | .ci95[0] <= .mean and .mean <= .ci95[1] and .min <= .p50" \
    "$s" >/dev/null || fail "$v: inconsistent statistics"
  for r in $(seq 1 "$runs"); do
    [ -s "$OUT/raw/$v-$r.log" ] || fail "raw/$v-$r.log missing"
  done
done

p50() { json "$s" ".variants[\"$1\"].cycles_per_call.p50"; }
same=$(p50 fncall-same) lib=$(p50 fncall-lib) raw=$(p50 raw)
# At -O0 both function-call variants are a call and a return: equal cost in truth. Neither the
# order of their medians nor their best runs is stable: on the development VM, 20 runs of
# roundtrip-loop-fncall-same (100,000 calls, CPU 1) spread over 7.0-15.3 cycles/call with ASLR and
# 6.0-13.5 without, and CI once saw a 5.3-cycle best against a 9.1 one with medians 9.5 and
# 9.7. What must hold: each is far cheaper than a system call, and their medians are close
# (within 4 cycles or 50%).
jq -en "$same * 10 < $raw and $lib * 10 < $raw" >/dev/null ||
  fail "a function call is not 10x cheaper than the raw syscall: same $same, lib $lib, raw $raw"
jq -en "($same - $lib) | fabs as \$d | \$d <= 4 or \$d <= 0.5 * ([$same, $lib] | min)" >/dev/null ||
  fail "fncall-same median $same and fncall-lib median $lib differ by more than 4 cycles and 50%"
bound=$(p50 fncall-bound)
jq -en "$bound < $raw" >/dev/null || fail "fncall-bound median $bound >= raw median $raw"
echo "ok: fncall-same $same, fncall-lib $lib, fncall-bound $bound << raw $raw cycles/call"

csv="$OUT/runs.csv"
[ "$(head -n1 "$csv")" = "variant,run,iterations,total_cycles,cycles_per_call,cpu_start,cpu_end,migrations,errors,floor_subtracted" ] ||
  fail "runs.csv header: $(head -n1 "$csv")"
rows=$(($(wc -l <"$csv") - 1))
[ "$rows" -eq $((runs * ${#variants[@]})) ] || fail "runs.csv has $rows rows, expected $((runs * ${#variants[@]}))"
echo "ok: runs.csv has $rows rows"
echo PASS
