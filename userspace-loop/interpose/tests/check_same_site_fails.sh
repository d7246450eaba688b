#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: check_same_site_fails.sh OBJDUMP LOOP_RAW LOOP_INTERPOSE
# check_same_site.sh must be able to fail: on a copy of LOOP_INTERPOSE whose
# timed ioctl site loads 0x11 instead of 0x10 (one byte), it must exit 1.
set -eu
objdump=$1 raw=$2 interpose=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The timed site: mov $0x10,%eax; mov -0x88(%rbp),%rsi (roundtrip-loop-raw's frame).
perl -0777 -pe 's/\xb8\x10\x00\x00\x00(\x48\x8b\xb5\x78\xff\xff\xff)/\xb8\x11\x00\x00\x00$1/ or die "site not found\n"' \
	"$interpose" >"$tmp/changed"
rc=0
sh "$(dirname "$0")/check_same_site.sh" "$objdump" "$raw" "$tmp/changed" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL: a changed site gave exit $rc, not 1" >&2; exit 1; }
echo "PASS: a one-byte change of the site is caught"
