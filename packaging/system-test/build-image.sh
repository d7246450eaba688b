#!/bin/bash
# Usage: packaging/system-test/build-image.sh OUT TOOLKIT_DEB DKMS_DEB KERNEL_IMAGE_DEB
#
# The system test's Debian 12 system, set up as a user's machine would be, by one mmdebstrap
# run into OUT/rootfs: bookworm minbase with Debian's kernel and headers (linux-image-amd64,
# linux-headers-amd64) and what a machine Ansible manages has (openssh-server, python3-apt,
# iproute2: tests/fleet/ boots this image as two hosts, init=fleet-init), then, in customize
# hooks, the toolkit and the DKMS module installed by apt from the files, so their dependencies
# are resolved and the DKMS build runs as on a user's machine, and the patched kernel by dpkg,
# whose hooks write its initramfs. The tree becomes OUT/disk.img with mke2fs -d (no loop mount)
# and is deleted.
#
# Nothing of the host is bound into the tree: mmdebstrap (root mode) makes its own device
# nodes, proc, sysfs and devpts there, inside a mount namespace of its own (unshare), so a run
# killed half way leaves no mount behind. The tree is only ever deleted by remove-tree.sh,
# which unmounts whatever an older run left there, or refuses, before deleting.
# The image is built again only when its inputs changed (OUT/inputs).
set -euo pipefail

out=$1 toolkit=$2 dkms=$3 kernel=$4
here=$(cd "$(dirname "$0")" && pwd)
for d in "$toolkit" "$dkms" "$kernel"; do
	dpkg-deb -f "$d" Package > /dev/null 2>&1 || {
		echo "error: $d is not a Debian package" >&2
		exit 1
	}
done
mkdir -p "$out/apt-cache"
out=$(cd "$out" && pwd)
root=$out/rootfs
# Leftovers of an earlier run first (remove-tree.sh refuses, with one line, to delete through a
# mount it cannot undo), then the same cleanup on every exit, before anything is made.
"$here/../remove-tree.sh" "$root"
trap '"$here/../remove-tree.sh" "$root"' EXIT
# Earlier versions kept a base tarball here; it is not used any more.
rm -f "$out/base.tar" "$out/base.key"

# shellcheck disable=SC2016,SC2054 # $1: the tree, expanded by mmdebstrap; commas: one option value
args=(--mode=root --variant=minbase --include=linux-image-amd64,linux-headers-amd64,openssh-server,python3-apt,iproute2
	# The apt cache is kept between builds: a rebuild downloads nothing it already has.
	--setup-hook='mkdir -p "$1/var/cache/apt/archives"'
	--setup-hook="sync-in $out/apt-cache /var/cache/apt/archives"
	--customize-hook="copy-in $toolkit $dkms $kernel /tmp"
	# As the README says: apt for the toolkit and DKMS packages, dpkg (make -f Makefile.kernel
	# install) for the kernel.
	--customize-hook="chroot \"\$1\" env DEBIAN_FRONTEND=noninteractive apt-get install -y /tmp/${toolkit##*/} /tmp/${dkms##*/}"
	--customize-hook="chroot \"\$1\" dpkg -i /tmp/${kernel##*/}"
	--customize-hook="upload $here/guest-init /usr/local/sbin/system-test-init"
	--customize-hook='chmod 755 "$1/usr/local/sbin/system-test-init"'
	--customize-hook="upload $here/fleet-init /usr/local/sbin/fleet-init"
	--customize-hook='chmod 755 "$1/usr/local/sbin/fleet-init"'
	--customize-hook="sync-out /var/cache/apt/archives $out/apt-cache"
	--customize-hook='cd "$1" && rm -f tmp/*.deb etc/resolv.conf')
suite=bookworm

# A package's identity is what it holds (control fields, paths, modes, bytes), not its
# file, which is re-packed with new timestamps by every CPack or dpkg-buildpackage run.
deb_content() {
	dpkg-deb -f "$1"
	dpkg-deb -c "$1" | awk '{print $1, $2, $3, $6}'
	dpkg-deb --fsys-tarfile "$1" | tar -xO
}
inputs=$( (printf '%s\n' "${args[@]}" "$suite"
	for d in "$toolkit" "$dkms" "$kernel"; do deb_content "$d"; done
	cat "$here/guest-init" "$here/fleet-init" "$0") | sha256sum | cut -d' ' -f1)
if [ -f "$out/disk.img" ] && [ "$inputs" = "$(cat "$out/inputs" 2> /dev/null)" ]; then
	echo "  IMAGE    $out/disk.img is up to date"
	exit 0
fi
rm -f "$out/disk.img" "$out/inputs"

log=$out/mmdebstrap.log
echo "  IMAGE    mmdebstrap bookworm minbase + Debian's kernel, the toolkit, DKMS and kernel" \
	"packages (log: $log)"
unshare --mount --propagation private mmdebstrap "${args[@]}" "$suite" "$root" > "$log" 2>&1 || {
	tail -n 30 "$log"
	echo "error: mmdebstrap failed, see $log" >&2
	exit 1
}

# The DKMS build ran in the tree: its module must be there for Debian's kernel.
if ! ls "$root"/lib/modules/*-amd64/updates/dkms/ioctl_probe.ko > /dev/null 2>&1; then
	grep -n -i -B2 -A8 "dkms" "$log" | tail -n 30
	echo "error: DKMS built no ioctl_probe.ko for Debian's kernel, see $log" >&2
	exit 1
fi

size_mb=$(($(du -sm "$root" | cut -f1) * 3 / 2 + 256))
mke2fs -q -t ext4 -L systest -d "$root" "$out/disk.img" "${size_mb}M" > /dev/null
echo "$inputs" > "$out/inputs"
echo "  IMAGE    $out/disk.img (${size_mb} MiB, sparse)"
