#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: check_placement.sh LOOP MECHANISM
# --supervisor-cpu moves the supervisor or tracer: with the loop on CPU 0 and
# the helper on CPU 1, the interpose line must say helper_cpu=1 and the run
# line cpu=0. Exit 77 on a machine with one CPU.
set -eu
loop=$1 mech=$2
[ "$(nproc)" -ge 2 ] || { echo "SKIPPED: one CPU"; exit 77; }
out=$("$loop" --mechanism "$mech" --cpu 0 --supervisor-cpu 1 --iterations 500 --percall 500 \
	--warmup 50 --floor-samples 100)
echo "$out"
echo "$out" | grep -qE '^ioprobe run .* cpu=0 ' || { echo "FAIL: loop not on CPU 0" >&2; exit 1; }
echo "$out" | grep -qE '^ioprobe interpose .* helper_cpu=1$' ||
	{ echo "FAIL: helper not on CPU 1" >&2; exit 1; }
echo "PASS: $mech: loop on CPU 0, helper on CPU 1"
