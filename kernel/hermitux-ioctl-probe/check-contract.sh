#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: check-contract.sh PATCH SHARED_HEADER [CC]
# The HermiTux patch carries its own copy of the probe's numbers and line formats (HermiTux
# cannot include the project's header). Compiles a check program that compares every
# IOPROBE_* definition the patch adds with include/ioctl_probe/ioctl_probe.h; fails on any
# difference or if the patch defines nothing.
set -eu
patch=$1 shared=$2 cc=${3:-cc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# "+#define IOPROBE_X<tab>value" lines of the added include/hermit/ioctl_probe.h, joined with
# their continuation lines.
awk '
	/^\+\+\+ b\/include\/hermit\/ioctl_probe.h/ { inhdr = 1; next }
	/^\+\+\+ / { inhdr = 0 }
	inhdr && /^\+/ {
		line = substr($0, 2)
		if (cont) { buf = buf " " line } else { buf = line }
		cont = (line ~ /\\$/)
		if (cont) { sub(/\\$/, "", buf); next }
		if (buf ~ /^#define IOPROBE_/) print buf
	}' "$patch" >"$work/defs"
[ -s "$work/defs" ] || { echo "check-contract: no IOPROBE_ definitions in $patch" >&2; exit 1; }

{
	echo '#include <stdio.h>'
	echo '#include <string.h>'
	echo "#include \"$shared\""
	echo 'static int fails;'
	printf '%s\n' '#define SAME_NUM(a, b) do { if ((unsigned long long)(a) != (unsigned long long)(b)) { printf("differs: %s\n", #b); fails++; } } while (0)'
	printf '%s\n' '#define SAME_STR(a, b) do { if (strcmp((a), (b))) { printf("differs: %s\n", #b); fails++; } } while (0)'
	sed -E 's/^#define IOPROBE_([A-Z0-9_]+)/#define PATCH_IOPROBE_\1/' "$work/defs"
	echo 'int main(void) {'
	echo 'int checked = 0;'
	while read -r _ name value; do
		shared_name=$name
		case $name in
		IOPROBE_HX_FIRST | IOPROBE_HX_LAST) continue ;;  # patch-internal range bounds
		IOPROBE_HX_DEFAULT_ENTRIES) continue ;;  # HermiTux's own default, smaller than Linux's
		esac
		case $value in
		\"* | IOPROBE_*\"* | *'"'*) echo "SAME_STR(PATCH_$name, $shared_name); checked++;" ;;
		*) echo "SAME_NUM(PATCH_$name, $shared_name); checked++;" ;;
		esac
	done <"$work/defs"
	printf '%s\n' 'printf("%d definitions compared\n", checked);'
	echo 'return fails ? 1 : 0; }'
} >"$work/check.c"
# The patch's formats refer to each other's names (e.g. IOPROBE_SRC_...) as plain strings.
"$cc" -std=gnu11 -Wall -o "$work/check" "$work/check.c"
"$work/check"
