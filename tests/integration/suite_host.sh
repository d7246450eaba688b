#!/usr/bin/env bash
# `collector suite --quick` on the host, cut to what needs neither root nor a guest: the round
# trip of every loop variant (the entry and interposition steps, linux-qemu and HermiTux left out
# with --skip, so it takes seconds). Checks the exit status, the progress lines and their --quiet, one line per
# skipped step (also in suite.json), the step's results folder, the hardware-cycles comparison
# and index.html with every run's section.
source "$(dirname "$0")/lib.sh"

suite() {
  "$BIN/collector" suite --quick --skip entry --skip interpose --skip linux-qemu --skip hermitux "$@"
}

suite -o "$OUT/suite" >"$OUT/suite.stdout" 2>"$OUT/suite.stderr" ||
  fail "collector suite exited $?: $(tail -5 "$OUT/suite.stderr")"
cat "$OUT/suite.stdout"
dir=$OUT/suite
record=$dir/suite.json
expect_eq "$record" .exit_status 0
expect_eq "$record" '.steps | length' 1
expect_eq "$record" '.steps[0].name' roundtrip-linux
expect_eq "$record" '.steps[0].status' ok

# Progress: step i of N with elapsed and an estimate, on stderr.
grep -q '^suite: step 1/1 roundtrip-linux: starts; elapsed .*, about .* left$' "$OUT/suite.stderr" ||
  fail "no progress line: $(cat "$OUT/suite.stderr")"
grep -q '^suite: step 1/1 roundtrip-linux: ok in ' "$OUT/suite.stderr" || fail "no end line"

# Each skipped step: one line on stderr and one entry in suite.json, with the same reason.
skipped=$(jq -r '.skipped | length' "$record")
[ "$skipped" -ge 3 ] || fail "suite.json: $skipped skipped, expected the --skip ones at least"
for i in $(seq 0 $((skipped - 1))); do
  name=$(json "$record" ".skipped[$i].name")
  reason=$(json "$record" ".skipped[$i].reason")
  grep -qxF "suite: skipped $name: $reason" "$OUT/suite.stderr" ||
    fail "skipped $name is not one line on stderr"
done
expect_eq "$record" '.skipped[] | select(.name == "roundtrip-linux-qemu") | .reason' \
  "left out with --skip linux-qemu"

# The run's folder as `collector run` writes it, every variant in it; its comparison.
rt=$dir/roundtrip-linux
expect_gt "$rt/summary.json" '.variants | length' 1
jq -e '[.variants[] | .cycles_per_call.p50 > 0] | all' "$rt/summary.json" >/dev/null ||
  fail "a variant without cycles"
[ -s "$dir/logs/roundtrip-linux.stderr.log" ] || [ -e "$dir/logs/roundtrip-linux.stdout.log" ] ||
  fail "no logs of the step"
[ -s "$dir/compare-hardware/compare.csv" ] || fail "no compare-hardware/compare.csv"
[ ! -e "$dir/compare-emulated" ] || fail "an emulated comparison without an emulated run"

# The page: the machine first, the steps, what was skipped, the run's own section and page.
page=$dir/index.html
for id in machine suite--steps suite--skipped run-roundtrip-linux compare-hardware--table; do
  grep -q "id=\"$id\"" "$page" || fail "index.html has no element $id"
done
[ -s "$rt/index.html" ] || fail "the run has no page of its own"
machine_at=$(grep -bo 'id="machine"' "$page" | head -1 | cut -d: -f1)
run_at=$(grep -bo 'id="run-roundtrip-linux"' "$page" | head -1 | cut -d: -f1)
[ "$machine_at" -lt "$run_at" ] || fail "the machine is not first"
echo "ok: suite folder, comparison and page"

# --quiet: no progress lines, the skipped lines stay; a used folder is refused.
suite -o "$OUT/quiet" --quiet >/dev/null 2>"$OUT/quiet.stderr" || fail "--quiet suite failed"
! grep -q '^suite: step' "$OUT/quiet.stderr" || fail "--quiet printed progress"
grep -q '^suite: skipped ' "$OUT/quiet.stderr" || fail "--quiet dropped the skipped lines"
set +e
suite -o "$OUT/suite" >/dev/null 2>"$OUT/reuse.stderr"
status=$?
set -e
[ "$status" -eq 2 ] || fail "a used folder: exit $status, expected 2"
[ "$(wc -l <"$OUT/reuse.stderr")" -eq 1 ] || fail "a used folder: not one line: $(cat "$OUT/reuse.stderr")"
echo "ok: --quiet and a used folder"
