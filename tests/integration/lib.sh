# Helpers shared by the integration test scripts (sourced, not run).
# BIN (build/bin) and OUT (a fresh folder for this test) come from the environment ctest sets.
set -euo pipefail

: "${BIN:?BIN must point to build/bin}"
OUT="${OUT:-$(mktemp -d)}"
rm -rf "$OUT"
mkdir -p "$OUT"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# json FILE FILTER: one value from a summary, via jq.
json() {
  jq -er "$2" "$1" || fail "$1: no value for $2"
}

# expect_eq FILE FILTER VALUE
expect_eq() {
  local got
  got=$(json "$1" "$2")
  [ "$got" = "$3" ] || fail "$2 is $got, expected $3 (in $1)"
  echo "ok: $2 == $3"
}

# expect_gt FILE FILTER VALUE
expect_gt() {
  local got
  got=$(json "$1" "$2")
  jq -en "$got > $3" >/dev/null || fail "$2 is $got, expected > $3 (in $1)"
  echo "ok: $2 = $got > $3"
}

# expect_clean_run SUMMARY N: every stamp of an N-call run paired, nothing lost or odd.
expect_clean_run() {
  expect_eq "$1" .expected "$2"
  expect_eq "$1" .paired "$2"
  expect_eq "$1" .lost 0
  expect_eq "$1" .negative 0
  expect_eq "$1" .cross_cpu 0
  expect_eq "$1" .rejected 0
  expect_eq "$1" .duplicate 0
  expect_gt "$1" .latency_cycles.min 0
  [ -s "$(dirname "$1")/pairs.csv" ] || fail "pairs.csv missing"
  [ "$(($(wc -l <"$(dirname "$1")/pairs.csv") - 1))" -eq "$2" ] || fail "pairs.csv row count"
  [ -s "$(dirname "$1")/raw/user.log" ] || fail "raw/user.log missing"
  [ -s "$(dirname "$1")/raw/console.log" ] || fail "raw/console.log missing"
}

# expect_exit_stamps DIR N LOG: stamp format 2 in a run's raw logs. raw/user.log holds N `u`
# lines, each with u_before <= u_after; raw/LOG (kernel-dump.log or kmsg.log; any prefix before
# the tag is ignored) holds at least N `k` lines, each with k_enter <= k_exit. awk's doubles
# hold these TSC values exactly (below 2^53: a guest booted for the test).
expect_exit_stamps() {
  local counts
  counts=$(awk '
    { i = index($0, "ioprobe "); if (!i) next; n = split(substr($0, i), f, " ") }
    f[2] == "u" { u++; if (n != 7 || f[7] + 0 < f[6] + 0) bad_u++ }
    f[2] == "k" { k++; if (n != 8 || f[8] + 0 < f[7] + 0) bad_k++ }
    END { printf "%d %d %d %d\n", u, bad_u, k, bad_k }' "$1/raw/user.log" "$1/raw/$3")
  read -r u bad_u k bad_k <<<"$counts"
  [ "$u" -eq "$2" ] || fail "raw/user.log: $u u lines, expected $2"
  [ "$bad_u" -eq 0 ] || fail "raw/user.log: $bad_u u lines without u_after or with u_after < u_before"
  [ "$k" -ge "$2" ] || fail "raw/$3: $k k lines, expected at least $2"
  [ "$bad_k" -eq 0 ] || fail "raw/$3: $bad_k k lines without k_exit or with k_exit < k_enter"
  echo "ok: $u u lines and $k k lines, all with their exit stamp in order"
}
