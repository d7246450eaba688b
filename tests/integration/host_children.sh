#!/usr/bin/env bash
# A collector killed with SIGKILL while its loop runs leaves no process of its run: the loop
# dies with it (PR_SET_PDEATHSIG). No root needed: the round-trip benchmark's loop.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/host_lib.sh"

"$BIN/collector" --benchmark roundtrip --scenario linux --variant raw --runs 1 \
  --iterations 100000000 --output-dir "$OUT/killed" --quiet &
collector=$!
wait_for_child "$collector"
mapfile -t children < <(descendants "$collector")
echo "collector $collector, its processes: ${children[*]}"
kill -KILL "$collector"
wait "$collector" 2>/dev/null || true
expect_gone "${children[@]}"
