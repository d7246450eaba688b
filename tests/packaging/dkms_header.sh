#!/bin/bash
# Usage: tests/packaging/dkms_header.sh REPO KERNEL_TREE
# The DKMS package's module builds with the package's own contract header even against kernel
# headers whose include/uapi/linux/ioctl_probe.h differs (a patched kernel of another stamp
# format). The module sources as the package installs them (packaging/dkms/build.sh
# --source-tree) are built against a view of the built guest kernel tree (symbolic links) in
# which only that uapi copy is doctored to format 1 (one kernel stamp per k line); the .ko
# must carry the package's k line, never the doctored one.
# shellcheck source=tests/packaging/lib.sh
source "$(dirname "$0")/lib.sh"

repo=$1 ksrc=$2
[ -f "$ksrc/Module.symvers" ] && [ -f "$ksrc/.config" ] || fail "$ksrc is not a built kernel tree"

# link_all FROM TO EXCEPT: TO gets a symbolic link to every entry of FROM but EXCEPT.
link_all() {
	local entry
	mkdir -p "$2"
	for entry in "$1"/* "$1"/.[!.]*; do
		[ -e "$entry" ] && [ "$(basename "$entry")" != "$3" ] || continue
		ln -s "$entry" "$2/"
	done
}
kdir=$tmp/kernel
link_all "$ksrc" "$kdir" include
link_all "$ksrc/include" "$kdir/include" uapi
link_all "$ksrc/include/uapi" "$kdir/include/uapi" linux
link_all "$ksrc/include/uapi/linux" "$kdir/include/uapi/linux" ioctl_probe.h

package_line='ioprobe k %s %08x %u %u %llu %llu'
doctored_line='ioprobe k %s %08x %u %u %llu'
sed -e 's/^#define IOPROBE_FORMAT_VERSION 2$/#define IOPROBE_FORMAT_VERSION 1/' \
	-e 's/^\(#define IOPROBE_KSTAMP_FMT .*%u %u %llu\) %llu\\n"$/\1\\n"/' \
	"$repo/include/ioctl_probe/ioctl_probe.h" > "$kdir/include/uapi/linux/ioctl_probe.h"
grep -q '^#define IOPROBE_FORMAT_VERSION 1$' "$kdir/include/uapi/linux/ioctl_probe.h" &&
	grep -q '%u %u %llu\\n"$' "$kdir/include/uapi/linux/ioctl_probe.h" ||
	fail "could not doctor the header: has the k line format of ioctl_probe.h changed?"

"$repo/packaging/dkms/build.sh" --source-tree "$tmp/module"
make -C "$kdir" M="$tmp/module" modules > "$tmp/build.log" 2>&1 || {
	tail -n 30 "$tmp/build.log"
	fail "the module did not build against the doctored headers"
}
# The k line format strings in the module, each up to the newline that ends it.
mapfile -t lines < <(LC_ALL=C grep -aoE 'ioprobe k %s %08x %u %u %llu( %llu)?$' "$tmp/module/ioctl_probe.ko")
[ ${#lines[@]} -gt 0 ] || fail "no k line format in ioctl_probe.ko"
for line in "${lines[@]}"; do
	[ "$line" != "$doctored_line" ] || fail "ioctl_probe.ko was built with the kernel's uapi copy: '$line'"
	[ "$line" = "$package_line" ] || fail "unexpected k line format in ioctl_probe.ko: '$line'"
done
echo "ok: ${#lines[@]} k line format(s) in ioctl_probe.ko, all the package's: '$package_line'"
echo PASS
