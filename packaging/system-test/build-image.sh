#!/bin/bash
# Usage: packaging/system-test/build-image.sh OUT TOOLKIT_DEB DKMS_DEB KERNEL_IMAGE_DEB
#
# The system test's Debian 12 system, set up as a user's machine would be:
#  1. base.tar: mmdebstrap's bookworm minbase with Debian's kernel and headers
#     (linux-image-amd64, linux-headers-amd64). Built once, kept.
#  2. Inside that tree (chroot, with /proc, /sys and /dev and the host's
#     resolv.conf): the toolkit and the DKMS module installed by apt from the
#     files, so their dependencies are resolved and the DKMS build runs as on
#     a user's machine; the patched kernel by dpkg, whose hooks write its
#     initramfs. The tree becomes OUT/disk.img with mke2fs -d (no loop mount).
# Each step runs again only when its inputs changed (OUT/base.key, OUT/inputs).
set -euo pipefail

out=$1 toolkit=$2 dkms=$3 kernel=$4
here=$(cd "$(dirname "$0")" && pwd)
for d in "$toolkit" "$dkms" "$kernel"; do
	dpkg-deb -f "$d" Package > /dev/null 2>&1 || { echo "error: $d is not a Debian package" >&2; exit 1; }
done
mkdir -p "$out/apt-cache"
out=$(cd "$out" && pwd)

# shellcheck disable=SC2016,SC2054 # commas: one option value; $1: expanded by mmdebstrap
base_args=(--mode=root --variant=minbase --include=linux-image-amd64,linux-headers-amd64
	--customize-hook='rm -f "$1/etc/resolv.conf"')
suite=bookworm
base_key=$(printf '%s\n' "${base_args[@]}" "$suite" | sha256sum | cut -d' ' -f1)
if [ ! -f "$out/base.tar" ] || [ "$base_key" != "$(cat "$out/base.key" 2>/dev/null)" ]; then
	echo "  IMAGE    mmdebstrap bookworm minbase + Debian's kernel (log: $out/mmdebstrap.log)"
	rm -f "$out/base.key"
	# The apt cache is kept between builds: a rebuild downloads nothing it already has.
	mmdebstrap "${base_args[@]}" \
		--setup-hook='mkdir -p "$1/var/cache/apt/archives"' \
		--setup-hook="sync-in $out/apt-cache /var/cache/apt/archives" \
		--customize-hook="sync-out /var/cache/apt/archives $out/apt-cache" \
		"$suite" "$out/base.tar" > "$out/mmdebstrap.log" 2>&1 || {
		tail -n 30 "$out/mmdebstrap.log"
		echo "error: mmdebstrap failed, see $out/mmdebstrap.log" >&2
		exit 1
	}
	echo "$base_key" > "$out/base.key"
fi

# A package's identity is what it holds (control fields, paths, modes, bytes), not its
# file, which is re-packed with new timestamps by every CPack or dpkg-buildpackage run.
deb_content() {
	dpkg-deb -f "$1"
	dpkg-deb -c "$1" | awk '{print $1, $2, $3, $6}'
	dpkg-deb --fsys-tarfile "$1" | tar -xO
}
inputs=$( (echo "$base_key"
	for d in "$toolkit" "$dkms" "$kernel"; do deb_content "$d"; done
	cat "$here/guest-init" "$0") | sha256sum | cut -d' ' -f1)
if [ -f "$out/disk.img" ] && [ "$inputs" = "$(cat "$out/inputs" 2>/dev/null)" ]; then
	echo "  IMAGE    $out/disk.img is up to date"
	exit 0
fi

root=$out/rootfs
log=$out/install.log
mounts=()
cleanup() {
	local i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2> /dev/null || true; done
}
trap cleanup EXIT
bind() { # bind SRC DEST-IN-ROOT
	mkdir -p "$root$2"
	mount --bind "$1" "$root$2"
	mounts+=("$root$2")
}

rm -rf "$root" "$out/disk.img" "$out/inputs"
mkdir -p "$root"
tar -C "$root" --numeric-owner -xpf "$out/base.tar"
mount -t proc proc "$root/proc" && mounts+=("$root/proc")
mount -t sysfs sysfs "$root/sys" && mounts+=("$root/sys")
bind /dev /dev
bind /dev/pts /dev/pts
bind "$out/apt-cache" /var/cache/apt/archives
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$toolkit" "$dkms" "$kernel" "$root/tmp/"
in_root() { chroot "$root" env DEBIAN_FRONTEND=noninteractive "$@" >> "$log" 2>&1; }
echo "  IMAGE    apt install the toolkit and DKMS packages, dpkg -i the kernel (log: $log)"
: > "$log"
in_root apt-get update &&
	in_root apt-get install -y "/tmp/$(basename "$toolkit")" "/tmp/$(basename "$dkms")" &&
	in_root dpkg -i "/tmp/$(basename "$kernel")" || {
	tail -n 30 "$log"
	echo "error: installing the packages into the image failed, see $log" >&2
	exit 1
}
install -m 755 "$here/guest-init" "$root/usr/local/sbin/system-test-init"
# Downloads went to the bound cache (kept for the next build), not into the image.
rm -rf "$root"/tmp/*.deb "$root"/var/lib/apt/lists/* "$root/etc/resolv.conf"
cleanup
mounts=()

# The DKMS build ran in the chroot: its module must be there for Debian's kernel.
if ! ls "$root"/lib/modules/*-amd64/updates/dkms/ioctl_probe.ko > /dev/null 2>&1; then
	grep -n -i -B2 -A8 "dkms" "$log" | tail -n 30
	echo "error: DKMS built no ioctl_probe.ko for Debian's kernel, see $log" >&2
	exit 1
fi

size_mb=$(($(du -sm "$root" | cut -f1) * 3 / 2 + 256))
mke2fs -q -t ext4 -L systest -d "$root" "$out/disk.img" "${size_mb}M" > /dev/null
rm -rf "$root"
echo "$inputs" > "$out/inputs"
echo "  IMAGE    $out/disk.img (${size_mb} MiB, sparse)"
