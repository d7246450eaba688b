#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: check_same_site.sh OBJDUMP LOOP_RAW LOOP_INTERPOSE
# The interposition benchmark hooks the round trip's own call site. Its timed
# loop (every instruction between the two TSC reads that bracket the last
# `syscall`: the loop with its `syscall` site, its counter and its error
# check) must be byte for byte roundtrip-loop-raw's (main), in interpose_round_trip_ioctl,
# and the same but for the number's immediate (mov $0x10,%eax -> mov $0x1f4,%eax)
# in interpose_round_trip_nosys. Exit 1 on a difference, 2 if a function or its
# timed loop is not found.
set -eu
objdump=$1 raw=$2 interpose=$3

# Hex bytes of the timed loop of function $2 in binary $1, one instruction per line.
timed_loop() {
	"$objdump" -d --insn-width=16 --disassemble="$2" "$1" | awk -F'\t' '
		/^ *[0-9a-f]+:\t/ { n++; bytes[n] = $2; text[n] = $3 }
		END {
			for (i = n; i > 0 && text[i] !~ /^syscall/; i--) ;
			for (p = i; p > 0 && text[p] !~ /^call.*<tsc_read_ordered>/; p--) ;
			for (q = i; q <= n && text[q] !~ /^call.*<tsc_read_ordered>/; q++) ;
			if (i == 0 || p == 0 || q > n) exit 2
			for (k = p + 1; k < q; k++) { gsub(/ +$/, "", bytes[k]); print bytes[k] "\t" text[k] }
		}'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timed_loop "$raw" main >"$tmp/raw" || { echo "no timed loop in $raw main" >&2; exit 2; }
for f in interpose_round_trip_ioctl interpose_round_trip_nosys; do
	timed_loop "$interpose" "$f" >"$tmp/$f" || { echo "no timed loop in $f" >&2; exit 2; }
done
cut -f1 "$tmp/raw" >"$tmp/raw.bytes"
cut -f1 "$tmp/interpose_round_trip_ioctl" >"$tmp/ioctl.bytes"
cut -f1 "$tmp/interpose_round_trip_nosys" >"$tmp/nosys.bytes"
n=$(grep -c '^b8 10 00 00 00$' "$tmp/raw.bytes" || true)
[ "$n" -eq 1 ] || { echo "roundtrip-loop-raw's timed loop has $n 'mov \$0x10,%eax', not 1" >&2; exit 2; }
sed 's/^b8 10 00 00 00$/b8 f4 01 00 00/' "$tmp/raw.bytes" >"$tmp/raw-nosys.bytes"
status=0
if ! cmp -s "$tmp/raw.bytes" "$tmp/ioctl.bytes"; then
	echo "interpose_round_trip_ioctl's timed loop differs from roundtrip-loop-raw's:" >&2
	diff "$tmp/raw" "$tmp/interpose_round_trip_ioctl" >&2 || true
	status=1
fi
if ! cmp -s "$tmp/raw-nosys.bytes" "$tmp/nosys.bytes"; then
	echo "interpose_round_trip_nosys's timed loop differs from roundtrip-loop-raw's (500 for 16):" >&2
	diff "$tmp/raw" "$tmp/interpose_round_trip_nosys" >&2 || true
	status=1
fi
[ "$status" -eq 0 ] || exit 1
echo "timed loop, $(wc -l <"$tmp/raw.bytes") instructions, $(tr -d ' \n' <"$tmp/raw.bytes" | wc -c | awk '{ print $1 / 2 }') bytes: identical in roundtrip-loop-raw and interpose-loop (ioctl; nosys but the number)"
cat "$tmp/raw"
