#!/bin/bash
# Usage: packaging/remove-tree.sh DIR
#
# Deletes DIR, a tree this project built (build/, the system test's image tree), without ever
# deleting through a mount. A run killed while something was mounted inside such a tree
# (earlier versions of system-test/build-image.sh bound the host's /dev, /proc and /sys into
# one, under build/) must not take the host's files with it, and `rm --one-file-system` alone
# does not see a bind mount of a folder of the same file system. So: every mount at or below DIR is unmounted first, deepest first; if one stays, nothing is
# deleted and one line names it; then rm --one-file-system, which also refuses to cross into
# a file system mounted meanwhile. A missing DIR is not an error.
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
	echo "usage: $0 DIR" >&2
	exit 2
fi
[ -e "$1" ] || [ -L "$1" ] || exit 0
[ ! -L "$1" ] || {
	echo "error: not deleting $1: it is a symbolic link" >&2
	exit 1
}
dir=$(realpath -e -- "$1")
[ "$dir" != / ] || {
	echo "error: not deleting /" >&2
	exit 1
}

# The mount points at or below $dir, deepest first. /proc/self/mountinfo gives them resolved,
# with blanks and backslashes written as octal escapes (\040), which printf %b undoes.
mounts_under() {
	local point
	while read -r _ _ _ _ point _; do
		point=$(printf '%b' "$point")
		case $point in "$dir" | "$dir"/*) printf '%s\n' "$point" ;; esac
	done < /proc/self/mountinfo | sort -r
}

mapfile -t points < <(mounts_under)
for point in "${points[@]}"; do
	# A busy mount is detached lazily: it leaves the tree at once, which is what matters here.
	umount -- "$point" 2> /dev/null || umount -l -- "$point" 2> /dev/null || true
done
mapfile -t left < <(mounts_under)
if [ ${#left[@]} -gt 0 ]; then
	echo "error: not deleting $dir: still mounted there: ${left[*]} (unmount, then run again)" >&2
	exit 1
fi
rm -rf --one-file-system -- "$dir"
