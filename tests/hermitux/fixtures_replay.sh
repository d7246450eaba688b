#!/usr/bin/env bash
# The collector's HermiTux analysis on captures of real HermiTux runs (tests/fixtures/hermitux/,
# made by capture_fixtures.sh on a KVM host): `collector --scenario hermitux --replay` must
# give exact counts for good runs and a one-line error that says what to do for bad ones.
set -euo pipefail
source "$(dirname "$0")/../integration/lib.sh"
: "${FIXTURES:?}"

# fixture NAME: a copy of the capture in $OUT/in/NAME, decompressed.
fixture() {
  local dir=$OUT/in/$1
  mkdir -p "$dir"
  cp "$FIXTURES/$1"/* "$dir/"
  for f in "$dir"/*.xz; do
    [ -e "$f" ] && xz -d "$f"
  done
  echo "$dir"
}

# replay NAME DIR [args]: runs the collector, keeps its status, stdout and stderr.
replay() {
  local name=$1 dir=$2
  shift 2
  set +e
  "$BIN/collector" --scenario hermitux --replay "$dir" --output-dir "$OUT/$name" -q "$@" \
    >"$OUT/$name.stdout" 2>"$OUT/$name.stderr"
  status=$?
  set -e
}

# expect_error NAME STATUS TEXT: failed with STATUS, one stderr line containing TEXT.
expect_error() {
  [ "$status" -eq "$2" ] || fail "$1: exit $status, expected $2 ($(cat "$OUT/$1.stderr"))"
  [ "$(wc -l <"$OUT/$1.stderr")" -eq 1 ] || fail "$1: stderr is not one line: $(cat "$OUT/$1.stderr")"
  grep -qF -- "$3" "$OUT/$1.stderr" || fail "$1: stderr lacks '$3': $(cat "$OUT/$1.stderr")"
  echo "ok: $1: $(cat "$OUT/$1.stderr")"
}

expect_clean() {  # NAME N WARMUP MODE
  local s=$OUT/$1/summary.json
  [ "$status" -eq 0 ] || fail "$1: exit $status: $(cat "$OUT/$1.stderr")"
  expect_eq "$s" .expected "$2"
  expect_eq "$s" .paired "$2"
  expect_eq "$s" .lost 0
  expect_eq "$s" .rejected 0
  expect_eq "$s" .duplicate 0
  expect_eq "$s" .negative 0
  expect_eq "$s" .cross_cpu 0
  expect_eq "$s" .warmup "$3"
  expect_eq "$s" .mode "$4"
  expect_eq "$s" .probe hermitux
  expect_eq "$s" .scenario hermitux
  # The loop name the capture recorded (captured before entry-loop-freestanding got its name).
  expect_eq "$s" .loop loop-entry-freestanding
  expect_gt "$s" .latency_cycles.min 0
  [ "$(($(wc -l <"$OUT/$1/pairs.csv") - 1))" -eq "$2" ] || fail "$1: pairs.csv row count"
  for f in guest-stdout.log guest-stderr.log run.json user.log; do
    [ -s "$OUT/$1/raw/$f" ] || fail "$1: raw/$f missing"
  done
}

# Stamp format 2: every u line holds u_before and u_after, every k line k_enter and k_exit, in
# that order. $1: a raw/ folder.
expect_format2() {
  local raw=$1
  awk '$1 == "ioprobe" && $2 == "u" && (NF != 7 || $6 + 0 > $7 + 0) { bad++ }
       $1 == "ioprobe" && $2 == "u" { n++ }
       END { exit (bad || !n) }' "$raw/user.log" || fail "$raw: u lines are not format 2"
  awk '$1 == "ioprobe" && $2 == "k" && (NF != 8 || $7 + 0 > $8 + 0) { bad++ }
       $1 == "ioprobe" && $2 == "k" { n++ }
       END { exit (bad || !n) }' "$raw"/kernel-*.* || fail "$raw: k lines are not format 2"
  echo "ok: $raw: format 2 (u_after, k_exit)"
}

d=$(fixture buffer-1000)
replay buffer-1000 "$d"
expect_clean buffer-1000 1000 100 buffer
expect_format2 "$OUT/buffer-1000/raw"
expect_eq "$OUT/buffer-1000/summary.json" ".dump_incomplete | tostring" false
expect_eq "$OUT/buffer-1000/summary.json" .dump_dropped 0

d=$(fixture buffer-100000)
replay buffer-100000 "$d"
expect_clean buffer-100000 100000 1000 buffer

d=$(fixture printk-150)
replay printk-150 "$d"
# The loop made its default 1,000 warm-up calls; the probe printed none of them (.warmup counts
# the warm-up stamps seen).
grep -q '^ioprobe run 0badcafe iterations=150 warmup=1000 ' "$OUT/printk-150/raw/user.log" ||
  fail "printk-150: the loop did not run the default warm-up"
expect_clean printk-150 150 0 printk
expect_eq "$OUT/printk-150/summary.json" .extra.klog_wrapped 0
expect_format2 "$OUT/printk-150/raw"

# Two vCPUs: vCPU 0 (the loop's) on the loop's host CPU, vCPU 1 moved to another one.
replay vcpus-2 "$(fixture vcpus-2)"
expect_clean vcpus-2 100 10 buffer
expect_eq "$OUT/vcpus-2/summary.json" '.environment.vcpu_host_cpus | keys | join(",")' 0,1
expect_eq "$OUT/vcpus-2/summary.json" '.environment.vcpu_host_cpus["0"]' \
  "$(jq -r .guest.host_cpu "$OUT/in/vcpus-2/run.json")"
jq -e '.environment.vcpu_host_cpus["0"] != .environment.vcpu_host_cpus["1"]' \
  "$OUT/vcpus-2/summary.json" >/dev/null || fail "vcpus-2: vCPU 1 shares the loop's host CPU"
expect_eq "$OUT/vcpus-2/raw/run.json" '.environment.vcpu_host_cpus["1"]' \
  "$(jq -r '.guest.vcpu_host_cpus["1"]' "$OUT/in/vcpus-2/run.json")"

# printk beyond the 16 KiB ring: the oldest stamps are gone, the cut line is dropped, and the
# counts say exactly how many were lost.
d=$(fixture printk-1000-wrapped)
replay printk-1000-wrapped "$d"
s=$OUT/printk-1000-wrapped/summary.json
[ "$status" -eq 0 ] || fail "printk-1000-wrapped: exit $status"
expect_eq "$s" .expected 1000
expect_eq "$s" .extra.klog_wrapped 1
kept=$(grep -c '^ioprobe k hermitux' "$OUT/printk-1000-wrapped/raw/kernel-log.txt")
expect_eq "$s" .paired "$kept"
expect_eq "$s" .lost $((1000 - kept))
expect_eq "$s" .rejected 0
jq -e '.warnings | map(select(test("wrapped"))) | length == 1' "$s" >/dev/null ||
  fail "printk-1000-wrapped: no warning about the wrapped ring"

# A dump cut in the middle of a stamp line (the guest died while flushing).
d=$(fixture buffer-1000)
awk '/^ioprobe k hermitux/ { n++ } n == 601 { print substr($0, 1, 30); exit } { print }' \
  "$d/guest-stdout.log" >"$d/cut" && mv "$d/cut" "$d/guest-stdout.log"
printf '%s' "$(cat "$d/guest-stdout.log")" >"$d/cut" && mv "$d/cut" "$d/guest-stdout.log"
replay truncated-dump "$d"
s=$OUT/truncated-dump/summary.json
[ "$status" -eq 0 ] || fail "truncated-dump: exit $status: $(cat "$OUT/truncated-dump.stderr")"
expect_eq "$s" .expected 1000
expect_eq "$s" .paired 500        # 100 warm-up + 500 measured stamps before the cut
expect_eq "$s" .lost 500
expect_eq "$s" .rejected 1        # the cut line
expect_eq "$s" ".dump_incomplete | tostring" true

replay no-probe "$(fixture no-probe)"
expect_error no-probe 1 "has no ioctl probe"
replay crash "$(fixture crash-glibc-sse)"
expect_error crash 1 "proxy exit status 1); last output: "
grep -qF "proxy: KVM: internal error exit" "$OUT/crash.stderr" || fail "crash: uhyve's message is not quoted"
# The musl loop dies the same way (its first SSE instruction); the message names the program.
replay crash-musl "$(fixture crash-musl-sse)"
expect_error crash-musl 1 "proxy exit status 1); last output: "
# (captured before entry-loop-musl got its name: the message quotes the recorded one)
grep -qF "ioctl-loop-musl" "$OUT/crash-musl.stderr" || fail "crash-musl: the message does not name the loop"
replay timeout "$(fixture timeout)"
expect_error timeout 1 "did not finish within 8 s"
replay nokvm "$(fixture nokvm-absent)"
expect_error nokvm 1 "uhyve could not use KVM"

# A capture folder without its run record.
mkdir -p "$OUT/in/empty"
replay empty "$OUT/in/empty"
expect_error empty 1 "run.json is missing"

# A replay keeps the environment its capture recorded, not the replaying machine's (compare
# would otherwise take another machine's capture for this one's).
d=$(fixture buffer-1000)
jq '.environment.cpu_model = "Captured CPU" | .environment.tsc_khz = "1234567"' "$d/run.json" \
  >"$d/edited" && mv "$d/edited" "$d/run.json"
replay captured-env "$d"
[ "$status" -eq 0 ] || fail "captured-env: exit $status: $(cat "$OUT/captured-env.stderr")"
expect_eq "$OUT/captured-env/summary.json" .environment.cpu_model "Captured CPU"
expect_eq "$OUT/captured-env/summary.json" .environment.tsc_khz 1234567
expect_eq "$OUT/captured-env/raw/run.json" .environment.cpu_model "Captured CPU"
# ... and its guest run, so that a replay of a replay is the same replay.
replay replay-of-replay "$OUT/captured-env/raw"
[ "$status" -eq 0 ] || fail "replay-of-replay: exit $status: $(cat "$OUT/replay-of-replay.stderr")"
expect_eq "$OUT/replay-of-replay/summary.json" .paired 1000
expect_eq "$OUT/replay-of-replay/summary.json" .environment.cpu_model "Captured CPU"

# A run record of another scenario is not a HermiTux capture.
mkdir -p "$OUT/in/not-hermitux"
cp "$FIXTURES/buffer-1000"/guest-std*.log "$OUT/in/not-hermitux/"
jq '.guest = null' "$FIXTURES/buffer-1000/run.json" >"$OUT/in/not-hermitux/run.json"
replay not-hermitux "$OUT/in/not-hermitux"
expect_error not-hermitux 1 "records no HermiTux guest run"
echo "ok: HermiTux fixtures"
