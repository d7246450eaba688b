#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: check_refused.sh DENY_CALL LOOP MECHANISM REASON DENY_ARGS...
# Runs LOOP with MECHANISM under deny-call DENY_ARGS (a seccomp filter that
# makes the kernel refuse what the mechanism needs) and checks that it is
# skipped: exit 3, the one line "ioprobe skip mechanism=M reason=...REASON...",
# nothing else on stdout, and no helper process left behind.
set -eu
deny=$1 loop=$2 mech=$3 reason=$4
shift 4
dir=$(dirname "$0")
out=$(mktemp)
trap 'rm -f "$out"' EXIT

rc=0
sid=$(sh "$dir/in_session.sh" "$out" "$deny" "$@" -- "$loop" --mechanism "$mech" \
	--iterations 1000 --floor-samples 1000) || rc=$?
cat "$out"
[ "$rc" -eq 3 ] || { echo "FAIL: exit status $rc, want 3" >&2; exit 1; }
[ "$(wc -l <"$out")" -eq 1 ] || { echo "FAIL: more than the skip line" >&2; exit 1; }
grep -qF "ioprobe skip mechanism=$mech reason=" "$out" || { echo "FAIL: no skip line" >&2; exit 1; }
grep -qF -- "$reason" "$out" || { echo "FAIL: the reason does not say '$reason'" >&2; exit 1; }
sh "$dir/session_empty.sh" "$sid" || exit 1
echo "PASS: $mech skipped: $reason"
