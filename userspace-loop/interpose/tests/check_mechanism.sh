#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: check_mechanism.sh LOOP MECHANISM CALL [EMULATE_RESULT]
# Runs LOOP (interpose-loop) with MECHANISM on CALL (ioctl or nosys), a few
# thousand calls, in a session of its own, and checks that
#  - it exits 0 with the run, floor, total, percall and interpose lines;
#  - the mechanism intercepted every call of the loop (raw: none);
#  - every per-call result is the kernel's (-ENOTTY for ioctl, -ENOSYS for
#    nosys), or EMULATE_RESULT for an emulating mechanism (the kernel would
#    never answer it, so it can only come from the hook);
#  - a supervisor or tracer ran on the loop's CPU;
#  - no supervisor or tracer is left once the loop has exited.
# Exit 77 (ctest SKIP_RETURN_CODE) if the kernel refuses the mechanism.
set -eu
loop=$1 mech=$2 call=$3 emulate=${4:-}
dir=$(dirname "$0")
out=$(mktemp)
trap 'rm -f "$out"' EXIT

set -- --mechanism "$mech" --call "$call" --iterations 3000 --percall 3000 --warmup 200 \
	--floor-samples 1000
[ -n "$emulate" ] && set -- "$@" --emulate-result "$emulate"
rc=0
sid=$(sh "$dir/in_session.sh" "$out" "$loop" "$@") || rc=$?
cat "$out"
if [ "$rc" -eq 3 ] && grep -q "^ioprobe skip mechanism=$mech reason=." "$out"; then
	echo "SKIPPED: the kernel refuses $mech"
	exit 77
fi
[ "$rc" -eq 0 ] || { echo "FAIL: exit status $rc" >&2; exit 1; }

line=$(grep '^ioprobe interpose ' "$out") || { echo "FAIL: no interpose line" >&2; exit 1; }
field() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
case $call in
ioctl) want=-25 ;;
*) want=-38 ;;
esac
[ -n "$emulate" ] && want=$emulate
[ "$(field mechanism)" = "$mech" ] || { echo "FAIL: mechanism" >&2; exit 1; }
[ "$(field result)" = "$want" ] || { echo "FAIL: result $(field result), want $want" >&2; exit 1; }
calls=$(field calls)
[ "$calls" -eq $((200 + 3000 + 200 + 3000)) ] || { echo "FAIL: calls=$calls" >&2; exit 1; }
hooked=$(field hooked)
if [ "$mech" = raw ]; then expect_hooked=0; else expect_hooked=$calls; fi
[ "$hooked" -eq "$expect_hooked" ] || { echo "FAIL: hooked $hooked, want $expect_hooked" >&2; exit 1; }
# A supervisor or tracer runs on the loop's CPU unless told otherwise.
cpu=$(sed -n 's/^ioprobe run .* cpu=\([0-9]*\) .*/\1/p' "$out")
case $(field helper) in
none) [ "$(field helper_cpu)" = -1 ] || { echo "FAIL: helper_cpu without a helper" >&2; exit 1; } ;;
*) [ "$(field helper_cpu)" = "$cpu" ] || { echo "FAIL: helper on CPU $(field helper_cpu), loop on $cpu" >&2; exit 1; } ;;
esac
grep -qE '^ioprobe percall [0-9a-f]{8} calls=3000 .* errors=0$' "$out" ||
	{ echo "FAIL: per-call errors" >&2; exit 1; }
grep -qE '^ioprobe total [0-9a-f]{8} calls=3000 .* errors=0$' "$out" ||
	{ echo "FAIL: total pass errors" >&2; exit 1; }
sh "$dir/session_empty.sh" "$sid" || exit 1
echo "PASS: $mech $call: $hooked of $calls calls hooked, result $want"
