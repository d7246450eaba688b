#!/bin/sh
# Usage: packaging/dkms/build.sh OUTDIR
# Builds ioctl-probe-dkms_VERSION_all.deb (the probe module's sources plus
# dkms.conf under /usr/src/ioctl-probe-VERSION) with debhelper's dh_dkms, the
# way Debian packages out-of-tree modules, and writes it to OUTDIR.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
version=$(dpkg-parsechangelog -l "$here/debian/changelog" -S Version)
stage=$root/build/dkms-package
tree=$stage/ioctl-probe-$version
probe=$root/kernel/linux-ioctl-probe

rm -rf "$stage"
mkdir -p "$tree/src/include/linux"
cp -r "$here/debian" "$tree/"
sed -i "s/#VERSION#/$version/" "$tree/debian/ioctl-probe-dkms.install"
for f in Kbuild ioctl_probe_dev.c ioctl_probe_core.c ioctl_probe_core.h; do
	cp "$probe/$f" "$tree/src/"
done
cp "$root/include/ioctl_probe/ioctl_probe.h" "$tree/src/include/linux/"

(cd "$tree" && dpkg-buildpackage -b -us -uc > "$stage/build.log" 2>&1) || {
	tail -n 30 "$stage/build.log"
	echo "error: DKMS package build failed, see $stage/build.log" >&2
	exit 1
}
deb=ioctl-probe-dkms_${version}_all.deb
cp "$stage/$deb" "$out/"
echo "  DEB      $out/$deb"
