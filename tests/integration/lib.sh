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
