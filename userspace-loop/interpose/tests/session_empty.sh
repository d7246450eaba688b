#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: session_empty.sh SID
# Succeeds once no process of session SID is left (supervisors and tracers
# die of PR_SET_PDEATHSIG when the loop goes: allow them 2 s to be gone).
set -eu
sid=$1
for _ in $(seq 20); do
	left=$(ps -e -o sid=,pid=,comm= | awk -v s="$sid" '$1 == s { print $2, $3 }')
	[ -z "$left" ] && exit 0
	sleep 0.1
done
echo "FAIL: left behind in session $sid: $left" >&2
exit 1
