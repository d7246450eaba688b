#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: check_bad_args.sh BINARY
# Every bad command line must exit 2 with nothing on stdout and a usage on
# stderr; --help must exit 0 with the usage on stdout.
set -u
bin=$1 out=$(mktemp) err=$(mktemp) fail=0
trap 'rm -f "$out" "$err"' EXIT

bad() {
	"$bin" "$@" >"$out" 2>"$err"
	rc=$?
	if [ "$rc" -ne 2 ] || [ -s "$out" ] || ! grep -q '^usage:' "$err"; then
		echo "FAIL: $bin $* -> exit $rc (want 2, usage on stderr only)" >&2
		fail=1
	fi
}

bad
bad --iterations 0
bad --iterations 100000001
bad --iterations abc
bad --iterations
bad --iterations 10 --bogus
bad --iterations 10 extra
bad --iterations 10 --warmup -1
bad --iterations 10 --cpu 1024
bad --iterations 10 --run-id 0
bad --iterations 10 --run-id 123456789
bad --iterations 10 --cmd xyz
bad --iterations 10 --cmd 100000000
bad --warmup 10

"$bin" --help >"$out" 2>"$err"
rc=$?
if [ "$rc" -ne 0 ] || ! grep -q '^usage:' "$out" || [ -s "$err" ]; then
	echo "FAIL: $bin --help -> exit $rc (want 0, usage on stdout)" >&2
	fail=1
fi
[ "$fail" -eq 0 ] && echo "$bin: bad arguments rejected with exit 2"
exit "$fail"
