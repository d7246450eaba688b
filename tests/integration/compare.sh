#!/usr/bin/env bash
# collector compare on folders of one machine, the development VM: a HermiTux entry run and a
# HermiTux printk run replayed here from tests/fixtures/hermitux (a replay keeps the environment
# its capture recorded, the VM's) and a native round trip recorded there
# (tests/fixtures/compare/linux-roundtrip), so the test does not depend on the machine it runs
# on. Then the refusal of a folder from another environment (a linux-qemu TCG summary), --mixed,
# and bad input. Boots nothing.
source "$(dirname "$0")/lib.sh"
: "${FIXTURES:?FIXTURES must point to tests/fixtures}"

"$BIN/collector" --scenario hermitux --replay "$FIXTURES/hermitux/buffer-1000" \
  --output-dir "$OUT/hx-buffer" -q >/dev/null
"$BIN/collector" --scenario hermitux --replay "$FIXTURES/hermitux/printk-150" \
  --output-dir "$OUT/hx-printk" -q >/dev/null
rm -rf "$OUT/rt" && cp -r "$FIXTURES/compare/linux-roundtrip" "$OUT/rt"

# The HermiTux captures were made on a host whose KVM is kvm_pvm (HermiTux's ring 0 emulated),
# and a replay keeps the captured machine: their cycles are emulated, and compare refuses them
# next to the round trip's hardware cycles without --mixed, on any machine that replays them.
if "$BIN/collector" compare "$OUT/hx-buffer" "$OUT/rt" -o "$OUT/cmp-pvm" 2>"$OUT/cmp-pvm.stderr"; then
  fail "kvm_pvm: HermiTux and hardware cycles compared without --mixed"
fi
grep -qF "cycles differs ('emulated (kvm_pvm)'" "$OUT/cmp-pvm.stderr" ||
  fail "kvm_pvm: $(cat "$OUT/cmp-pvm.stderr")"
echo "ok: kvm_pvm host: HermiTux cycles refused next to hardware cycles"
mixed=(--mixed)
"$BIN/collector" compare "$OUT/hx-buffer" "$OUT/hx-printk" "$OUT/rt" -o "$OUT/cmp" "${mixed[@]}" \
  >"$OUT/cmp.stdout" 2>"$OUT/cmp.stderr" || fail "compare: $(cat "$OUT/cmp.stderr")"
cat "$OUT/cmp.stdout"
csv=$OUT/cmp/compare.csv
[ "$(head -1 "$csv")" = "series,folder,scenario,benchmark,variant,part,statistic,cycles,n,kernel,cpu_model,tsc_khz,cycles_kind,hypervisor,accel" ] ||
  fail "compare.csv header: $(head -1 "$csv")"
# The HermiTux captures are format 2: four parts each (entry, kernel, exit, round trip); the
# round trip folder one row per variant (7).
[ "$(($(wc -l <"$csv") - 1))" -eq 15 ] || fail "compare.csv: expected 15 rows, got $(cat "$csv")"
# Each row's value is the folder's own statistic, read back from its summary.json.
row() { grep -F "$1" "$csv" | cut -d, -f8; }
part() { awk -F, -v folder="$1" -v part="$2" '$2 == folder && $6 == part { print $8 }' "$csv"; }
for run in hx-buffer hx-printk; do
  [ "$(part "$OUT/$run" entry)" = "$(json "$OUT/$run/summary.json" .latency_cycles.p50)" ] ||
    fail "$run: compare.csv disagrees with summary.json"
  for p in entry kernel exit round_trip; do
    [ "$(part "$OUT/$run" $p)" = "$(json "$OUT/$run/summary.json" ".anatomy.$p.p50")" ] ||
      fail "$run: compare.csv $p disagrees with summary.json's anatomy"
  done
done
for v in raw fncall-lib; do
  want=$(json "$OUT/rt/summary.json" ".variants[\"$v\"].cycles_per_call.p50")
  got=$(row "roundtrip,$v,round_trip,median of runs")
  jq -en "($got - $want) | fabs < 1e-9" >/dev/null || fail "$v: compare.csv $got, summary.json $want"
done
grep -q "statistic: entry runs p50 of the calls" "$OUT/cmp.stdout" || fail "table names no statistic"
# Slowest first: the HermiTux entry runs (emulated ring 0 here: 10^5 cycles) above linux/raw.
[ "$(sed -n 2p "$csv" | cut -d, -f3)" = hermitux ] || fail "not slowest first"
for f in compare.png compare.svg plot-data/compare.dat plot-data/compare.gp; do
  [ -s "$OUT/cmp/$f" ] || fail "$f missing"
done
echo "ok: compare of 3 folders, 15 rows, $OUT/cmp/compare.png"

# expect_refusal NAME TEXT ARGS...: exit 1 and one stderr line containing TEXT.
expect_refusal() {
  local name=$1 text=$2
  shift 2
  set +e
  "$BIN/collector" compare "$@" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr"
  local status=$?
  set -e
  [ "$status" -eq 1 ] || fail "$name: exit $status, expected 1"
  [ "$(wc -l <"$OUT/$name.stderr")" -eq 1 ] || fail "$name: not one line: $(cat "$OUT/$name.stderr")"
  grep -qF -- "$text" "$OUT/$name.stderr" || fail "$name: lacks '$text': $(cat "$OUT/$name.stderr")"
  echo "ok: $name: $(cat "$OUT/$name.stderr")"
}

qemu=$FIXTURES/compare/qemu-entry
expect_refusal machines "cpu_model differs" "$OUT/rt" "$qemu" -o "$OUT/refused"
[ ! -e "$OUT/refused/compare.csv" ] || fail "a refused compare wrote compare.csv"
"$BIN/collector" compare --mixed "$OUT/rt" "$qemu" -o "$OUT/mixed" >"$OUT/mixed.stdout" ||
  fail "--mixed failed"
grep -q "^MIXED (--mixed): cpu_model differs" "$OUT/mixed.stdout" || fail "--mixed: no difference"
grep -qF ",QEMU TCG CPU version 2.5+,2298696,emulated (tcg),tcg,tcg" "$OUT/mixed/compare.csv" ||
  fail "--mixed: compare.csv does not record the TCG folder's environment"
echo "ok: --mixed draws and records the differences"

# A format-2 run (summary.json anatomy) beside format-1 runs of the same guest: a split bar.
"$BIN/collector" compare "$FIXTURES/compare/qemu-anatomy" "$FIXTURES/compare/qemu-entry" \
  "$FIXTURES/compare/qemu-roundtrip" -o "$OUT/split" >"$OUT/split.stdout" || fail "split compare"
for part in entry kernel exit round_trip; do
  grep -q "^linux-qemu/entry patch/buffer \[qemu-anatomy\],.*,entry patch/buffer,$part,p50 of calls," \
    "$OUT/split/compare.csv" || fail "split: no $part row"
done
# entry from the axis floor (100) to 424, kernel stacked to 726, exit to 1038; round-trip dot 1042.
grep -qF '"linux-qemu/entry patch/buffer [qemu-anatomy]" 100 424 424 726 726 1038 - - 1042 1038' \
  "$OUT/split/plot-data/compare.dat" || fail "split: stacked segments in compare.dat"
[ -s "$OUT/split/compare.png" ] || fail "split: compare.png missing"
echo "ok: the split of a format-2 run: $OUT/split/compare.png"

mkdir -p "$OUT/empty" "$OUT/broken" "$OUT/cut"
echo '{"scenario": ' >"$OUT/broken/summary.json"
echo '{"incomplete": true, "error": "no report: the run was interrupted"}' >"$OUT/cut/summary.json"
expect_refusal missing "$OUT/nothing: does not exist" "$OUT/rt" "$OUT/nothing"
expect_refusal no-summary "$OUT/empty: has no summary.json" "$OUT/empty"
expect_refusal broken "is not valid JSON" "$OUT/broken"
expect_refusal incomplete "$OUT/cut: is an incomplete run" "$OUT/cut"
set +e
"$BIN/collector" compare -o "$OUT/x" 2>"$OUT/usage.stderr"
[ $? -eq 2 ] || fail "no folder: expected exit 2"
set -e
"$BIN/collector" compare --help >"$OUT/compare-help.txt"
grep -q "usage: collector compare DIR" "$OUT/compare-help.txt" || fail "compare --help"
"$BIN/collector" --help >"$OUT/help.txt"
grep -q "collector compare DIR" "$OUT/help.txt" || fail "--help does not list compare"
echo "ok: bad input"
