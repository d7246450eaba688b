#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: check_sigint.sh LOOP MECHANISM
# Starts LOOP with MECHANISM (one with a supervisor or tracer) for a long run
# in a session of its own, waits until its helper process exists, sends
# SIGINT to the loop and checks that the loop dies of it and that nothing of
# its session is left (the helper dies with the loop).
# Exit 77 if the kernel refuses the mechanism.
set -eu
loop=$1 mech=$2
dir=$(dirname "$0")
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Background commands of a non-interactive shell ignore SIGINT: restore it.
setsid env --default-signal=INT "$loop" --mechanism "$mech" --iterations 100000000 \
	--floor-samples 1000 >"$out" &
pid=$!
helper=""
for _ in $(seq 100); do
	helper=$(cat "/proc/$pid/task/$pid/children" 2>/dev/null || true)
	[ -n "$helper" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.05
done
if [ -z "$helper" ]; then
	rc=0
	wait "$pid" || rc=$?
	cat "$out"
	if [ "$rc" -eq 3 ]; then echo "SKIPPED: the kernel refuses $mech"; exit 77; fi
	echo "FAIL: no helper process appeared (exit $rc)" >&2
	exit 1
fi
sleep 0.3 # into the measured loop
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
[ "$rc" -eq 130 ] || { echo "FAIL: the loop exited $rc, not of SIGINT (130)" >&2; exit 1; }
sh "$dir/session_empty.sh" "$pid" || exit 1
echo "PASS: $mech: SIGINT ended the loop and its helper ($helper)"
