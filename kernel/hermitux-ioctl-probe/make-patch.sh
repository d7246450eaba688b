#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: make-patch.sh            print hermitux-ioctl-probe.patch, generated from its sources
#        make-patch.sh --check    fail unless the committed patch is exactly that
# The probe's files are kept as plain sources under tree/ (HermiTux paths: tree/kernel/ioctl_probe.c
# is HermiTux's kernel/ioctl_probe.c), so that the host test harness compiles the very code the
# patch adds; sys-ioctl-hook.diff and tsc-aux-boot.diff are the changes to existing HermiTux
# files. The patch is the new-file hunks of tree/ followed by those diffs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

new_file() {
	path=$1 src=$here/tree/$1
	n=$(wc -l <"$src")
	echo "diff --git a/$path b/$path"
	echo "new file mode 100644"
	echo "index 0000000..$(git hash-object --no-filters "$src" | cut -c1-7)"
	echo "--- /dev/null"
	echo "+++ b/$path"
	echo "@@ -0,0 +1,$n @@"
	sed 's/^/+/' "$src"
}

generate() {
	new_file include/hermit/ioctl_probe.h
	new_file kernel/ioctl_probe.c
	cat "$here/tsc-aux-boot.diff" "$here/sys-ioctl-hook.diff"
}

case ${1:-} in
"") generate ;;
--check)
	if ! generate | cmp -s - "$here/hermitux-ioctl-probe.patch"; then
		echo "hermitux-ioctl-probe.patch differs from tree/ + tsc-aux-boot.diff + sys-ioctl-hook.diff:" \
			"regenerate it with kernel/hermitux-ioctl-probe/make-patch.sh" \
			"> kernel/hermitux-ioctl-probe/hermitux-ioctl-probe.patch" >&2
		exit 1
	fi
	echo "hermitux-ioctl-probe.patch matches its sources"
	;;
*) echo "usage: make-patch.sh [--check]" >&2; exit 2 ;;
esac
