#!/bin/bash
# Usage: packaging/kernel-install.sh PACKAGES_DIR   (from `make -f Makefile.kernel install`)
#
# Installs, with dpkg, the -ioprobe kernel packages `make -f Makefile.kernel deb` built last
# (PACKAGES_DIR/kernel.release and kernel.version name them); it builds nothing, so running
# it as root leaves no root-owned file in build/. It never installs a linux-image package over
# the running kernel: that would replace, under it, the modules it loads from
# /lib/modules/RELEASE. Packages installed at the built version already are left alone.
set -euo pipefail

pk=$1
rel=$(cat "$pk/kernel.release" 2> /dev/null || true)
ver=$(cat "$pk/kernel.version" 2> /dev/null || true)
if [ -z "$rel" ] || [ -z "$ver" ]; then
	echo "error: no kernel packages built in $pk: build them first, as your user:" \
		"make -f Makefile.kernel deb" >&2
	exit 1
fi
debs=()
for p in linux-image linux-headers; do
	deb=$pk/${p}-${rel}_${ver}_amd64.deb
	[ -f "$deb" ] || {
		echo "error: $deb is missing: build the packages again: make -f Makefile.kernel deb" >&2
		exit 1
	}
	status=$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$p-$rel" 2> /dev/null || true)
	[ "$status" = "installed $ver" ] && continue
	if [ "$p" = linux-image ] && [ "$(uname -r)" = "$rel" ]; then
		echo "error: $rel is the running kernel: installing $ver would replace the modules it" \
			"loads from /lib/modules/$rel; boot another kernel (the distribution's), then install" >&2
		exit 1
	fi
	debs+=("$deb")
done
if [ ${#debs[@]} -eq 0 ]; then
	echo "  DONE     linux-image-$rel and linux-headers-$rel $ver are installed already"
	exit 0
fi
dpkg -i "${debs[@]}"
echo "  DONE     kernel $rel ($ver) installed next to the distribution's"
echo "  boot it: reboot and pick 'Debian GNU/Linux, with Linux $rel' under"
echo "           'Advanced options' in GRUB (or: grub-reboot \"Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux $rel\")"
echo "  check:   uname -r  ->  $rel"
echo "  remove:  apt remove linux-image-$rel linux-headers-$rel"
