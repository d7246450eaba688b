#!/bin/bash
# packaging/remove-tree.sh never deletes through a mount: a leftover bind mount of a
# canary folder (the same file system, which rm --one-file-system alone would cross) inside an
# image tree survives the clearing, and an unmount that fails leaves the tree and the canary in
# place with one line. Runs in a mount namespace of its own: nothing it mounts outlives it.
set -euo pipefail

remove_tree=$1
[ "$(id -u)" = 0 ] || {
	echo "SKIP: needs root (mount --bind)"
	exit 77
}
if [ -z "${REMOVE_TREE_TEST_NS:-}" ]; then
	unshare --mount --propagation private true 2> /dev/null || {
		echo "SKIP: cannot make a private mount namespace (unshare --mount)"
		exit 77
	}
	REMOVE_TREE_TEST_NS=1 exec unshare --mount --propagation private -- "$0" "$@"
fi

# shellcheck source=tests/packaging/lib.sh
source "$(dirname "$0")/lib.sh"
canary=$tmp/canary
mkdir -p "$canary/pts"
echo precious > "$canary/keep"
echo precious > "$canary/pts/keep"

# leftover ROOT: the mounts a killed image build could leave behind
leftover() {
	mkdir -p "$1/dev" "$1/proc" "$1/var/cache/apt/archives"
	echo tree > "$1/etc-file"
	mount --bind "$canary" "$1/dev"
	mount --bind "$canary/pts" "$1/dev/pts"
	mount -t tmpfs tmpfs "$1/proc"
	mount --bind "$canary" "$1/var/cache/apt/archives"
}
canary_intact() {
	[ "$(cat "$canary/keep")" = precious ] && [ "$(cat "$canary/pts/keep")" = precious ] ||
		fail "$1: the canary behind the mount was deleted"
}
mounted_under() { findmnt -rn -o TARGET | grep -c "^$1" || true; }

# 1. Leftover mounts are unmounted, the tree is deleted, the canary survives.
root="$tmp/image/root with blank"
leftover "$root"
"$remove_tree" "$root" || fail "clearing a tree with leftover mounts exited $?"
canary_intact "clear"
[ ! -e "$root" ] || fail "the tree is still there"
[ "$(mounted_under "$tmp/image")" = 0 ] || fail "mounts left under the tree"
echo "ok: leftover mounts unmounted, tree deleted, canary intact"

# 2. An unmount that fails: nothing deleted, one line that names the mount, exit 1.
root=$tmp/image/stuck
leftover "$root"
mkdir "$tmp/fakebin"
printf '#!/bin/sh\nexit 32\n' > "$tmp/fakebin/umount"
chmod +x "$tmp/fakebin/umount"
rc=0
PATH="$tmp/fakebin:$PATH" "$remove_tree" "$root" 2> "$tmp/err" || rc=$?
[ $rc = 1 ] || fail "a tree whose mounts stay: exit $rc, expected 1"
[ "$(wc -l < "$tmp/err")" = 1 ] && grep -q "still mounted there: .*$root/dev" "$tmp/err" ||
	fail "a tree whose mounts stay said: $(cat "$tmp/err")"
canary_intact "refusal"
[ -f "$root/etc-file" ] || fail "refused, yet the tree was touched"
echo "ok: refused with one line: $(cat "$tmp/err")"
umount -R "$root/dev" "$root/proc" "$root/var/cache/apt/archives"

# 3. A symbolic link is not followed; a missing tree is no error.
ln -s "$canary" "$tmp/link"
"$remove_tree" "$tmp/link" 2> /dev/null && fail "a symbolic link was cleared"
canary_intact "symbolic link"
"$remove_tree" "$tmp/absent" || fail "a missing tree is an error"
echo "ok: symbolic link refused, missing tree accepted"
echo PASS
