#!/bin/sh
# Usage: packaging/dkms/build.sh OUTDIR
#        packaging/dkms/build.sh --source-tree DIR
# Builds ioctl-probe-dkms_VERSION_all.deb (the probe module's sources plus
# dkms.conf under /usr/src/ioctl-probe-VERSION) with debhelper's dh_dkms, the
# way Debian packages out-of-tree modules, and writes it to OUTDIR.
# --source-tree only writes, into DIR, the module sources as the package
# installs them under /usr/src/ioctl-probe-VERSION (tests build that tree).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
probe=$root/kernel/linux-ioctl-probe

# source_tree DIR: the module's Kbuild and sources, and the contract header as
# include/linux/ioctl_probe.h, which the Kbuild puts ahead of the kernel's own.
source_tree() {
	mkdir -p "$1/include/linux"
	for f in Kbuild ioctl_probe_dev.c ioctl_probe_core.c ioctl_probe_core.h; do
		cp "$probe/$f" "$1/"
	done
	cp "$root/include/ioctl_probe/ioctl_probe.h" "$1/include/linux/"
}

if [ "${1:-}" = --source-tree ]; then
	source_tree "$2"
	exit 0
fi

out=$(mkdir -p "$1" && cd "$1" && pwd)
version=$(dpkg-parsechangelog -l "$here/debian/changelog" -S Version)
stage=$root/build/dkms-package
tree=$stage/ioctl-probe-$version

rm -rf --one-file-system "$stage"
mkdir -p "$tree"
cp -r "$here/debian" "$tree/"
sed -i "s/#VERSION#/$version/" "$tree/debian/ioctl-probe-dkms.install"
source_tree "$tree/src"

(cd "$tree" && dpkg-buildpackage -b -us -uc > "$stage/build.log" 2>&1) || {
	tail -n 30 "$stage/build.log"
	echo "error: DKMS package build failed, see $stage/build.log" >&2
	exit 1
}
deb=ioctl-probe-dkms_${version}_all.deb
cp "$stage/$deb" "$out/"
echo "  DEB      $out/$deb"
