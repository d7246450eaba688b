#!/bin/bash
# Usage: tests/packaging/kernel_install.sh REPO
# `make -f Makefile.kernel deb` and `install`, run for real on a copy of what they read, with
# stand-ins for the kernel's own make (KMAKE: kernelrelease, bindeb-pkg writing files named as
# the real one does), uname, id and dpkg: seconds instead of a kernel build, and no package
# really installed. Checked:
#  - booting the built kernel (uname -r changes, its /boot config is not the one built from)
#    neither rebuilds the packages nor makes `install` build anything;
#  - `install` builds nothing, installs what `deb` built, refuses packages whose inputs changed
#    and never installs a linux-image package over the running kernel;
#  - each build whose contents changed gets the next Debian revision, also after `make clean`.
# shellcheck source=tests/packaging/lib.sh
source "$(dirname "$0")/lib.sh"

repo=$1

r=$tmp/repo
mkdir -p "$r/packaging" "$r/kernel" "$r/include/ioctl_probe"
cp "$repo/Makefile.kernel" "$r/"
cp "$repo"/packaging/{kernel-deb.mk,kernel-install.sh,kernel-revision.sh} "$r/packaging/"
cp -r "$repo/kernel/linux-ioctl-probe" "$r/kernel/"
cp "$repo/include/ioctl_probe/ioctl_probe.h" "$r/include/ioctl_probe/"

rel=6.1.99-ioprobe
bin=$tmp/bin db=$tmp/dpkg-db
mkdir -p "$bin" "$db"
cat > "$bin/kmake" << EOF
#!/bin/bash
echo "\$*" >> "$tmp/kmake.log"
dir=. ver=
while [ \$# -gt 0 ]; do
	case \$1 in -C) dir=\$2; shift ;; KDEB_PKGVERSION=*) ver=\${1#*=} ;; kernelrelease) echo $rel ;; esac
	shift
done
if [ -n "\$ver" ]; then
	for f in linux-image-${rel}_\${ver}_amd64.deb linux-headers-${rel}_\${ver}_amd64.deb \\
		linux-libc-dev_\${ver}_amd64.deb linux-upstream_\${ver}_amd64.buildinfo linux-upstream_\${ver}_amd64.changes; do
		echo "\$f" > "\$dir/../\$f"
	done
fi
EOF
cat > "$bin/uname" << 'EOF'
#!/bin/sh
if [ "$1" = -r ]; then echo "$FAKE_UNAME_R"; else exec /bin/uname "$@"; fi
EOF
cat > "$bin/id" << 'EOF'
#!/bin/sh
if [ "$1" = -u ]; then echo 0; else exec /usr/bin/id "$@"; fi
EOF
# dpkg -i records each package's version in $db; dpkg-query reads it back.
cat > "$bin/dpkg" << EOF
#!/bin/bash
echo "dpkg \$*" >> "$tmp/dpkg.log"
[ "\$1" = -i ] && shift
for f in "\$@"; do
	name=\$(basename "\$f" _amd64.deb)
	echo "\${name#*_}" > "$db/\${name%%_*}"
done
EOF
cat > "$bin/dpkg-query" << EOF
#!/bin/bash
pkg=\${!#} format=\${2#-f=}
[ -f "$db/\$pkg" ] || exit 1
v=\$(cat "$db/\$pkg")
case \$format in *Status*) echo -n "installed \$v" ;; *) echo -n "\$v" ;; esac
EOF
chmod +x "$bin"/*
export PATH="$bin:$PATH" FAKE_UNAME_R=6.1.0-13-amd64

# The tree as `deb` leaves it once unpacked and patched (stamps newer than the probe files),
# with a scripts/config that changes nothing.
k=$r/build/kernel-deb
mkdir -p "$k/linux/scripts"
printf '#!/bin/sh\nexit 0\n' > "$k/linux/scripts/config"
chmod +x "$k/linux/scripts/config"
touch "$k/.unpacked" "$k/.patched"
printf 'CONFIG_IOCTL_PROBE_HOOK=y\nCONFIG_LOCALVERSION="-ioprobe"\nCONFIG_X=%s\n' one > "$tmp/config-one"
printf 'CONFIG_IOCTL_PROBE_HOOK=y\nCONFIG_LOCALVERSION="-ioprobe"\nCONFIG_X=%s\n' two > "$tmp/config-two"

mk() { # mk TARGET ARGS...: Makefile.kernel, output in $tmp/said, status echoed
	: > "$tmp/kmake.log"
	: > "$tmp/dpkg.log"
	make --no-print-directory -f "$r/Makefile.kernel" KMAKE="$bin/kmake" \
		TARBALL="$tmp/no-tarball.tar.xz" "$@" > "$tmp/said" 2>&1 && echo 0 || echo $?
}
built() { cat "$r/build/packages/kernel.version" 2> /dev/null; }
no_build() { ! grep -q bindeb-pkg "$tmp/kmake.log" || fail "$1 built the kernel: $(cat "$tmp/kmake.log")"; }

# 1. The first build: revision 1, the packages moved to build/packages/, the rest deleted.
[ "$(mk deb KCONFIG="$tmp/config-one")" = 0 ] || fail "first deb: $(cat "$tmp/said")"
[ "$(built)" = "$rel-1" ] || fail "first build is $(built), expected $rel-1"
[ -f "$r/build/packages/linux-image-${rel}_$rel-1_amd64.deb" ] || fail "no linux-image package"
leftovers=$(find "$k" -maxdepth 1 -name '*.deb' -o -maxdepth 1 -name '*.buildinfo' -o -maxdepth 1 -name '*.changes')
[ -z "$leftovers" ] || fail "bindeb-pkg leftovers: $leftovers"
echo "ok: first build $rel-1"

# 2. Installed and booted: uname -r is now the built kernel (whose /boot config does not exist
#    here). deb is up to date, install changes nothing and builds nothing.
[ "$(mk install)" = 0 ] && grep -q "dpkg -i .*linux-image-${rel}_$rel-1_amd64.deb" "$tmp/dpkg.log" ||
	fail "install of the first build: $(cat "$tmp/said")"
export FAKE_UNAME_R=$rel
[ "$(mk deb)" = 0 ] && grep -q "is up to date" "$tmp/said" || fail "deb after booting $rel: $(cat "$tmp/said")"
no_build "deb after booting the built kernel"
[ "$(mk install)" = 0 ] && grep -q "installed already" "$tmp/said" && [ ! -s "$tmp/dpkg.log" ] ||
	fail "install after booting $rel: $(cat "$tmp/said") / $(cat "$tmp/dpkg.log")"
no_build install
echo "ok: booting the built kernel rebuilds nothing; install leaves it alone"

# 3. Inputs changed: install refuses (one line) and builds nothing.
echo "# changed" >> "$r/kernel/linux-ioctl-probe/fs-ioctl-probe-hook.patch"
[ "$(mk install)" = 2 ] && grep -q "changed since build/packages/ was built" "$tmp/said" ||
	fail "install with changed sources: $(cat "$tmp/said")"
no_build "install with changed sources"
[ ! -s "$tmp/dpkg.log" ] || fail "install with changed sources ran dpkg"
cp "$repo/kernel/linux-ioctl-probe/fs-ioctl-probe-hook.patch" "$r/kernel/linux-ioctl-probe/"
touch "$k/.unpacked" "$k/.patched"
echo "ok: changed sources refused by install: $(grep error "$tmp/said")"

# 4. A new config: revision 2; not installed over the running kernel, installed from another.
[ "$(mk deb KCONFIG="$tmp/config-two")" = 0 ] && [ "$(built)" = "$rel-2" ] ||
	fail "rebuild with a new config: $(built), $(cat "$tmp/said")"
images=("$r"/build/packages/linux-image-*)
[ ${#images[@]} = 1 ] || fail "old packages left: ${images[*]}"
[ "$(mk install)" = 2 ] && grep -q "$rel is the running kernel" "$tmp/said" && [ ! -s "$tmp/dpkg.log" ] ||
	fail "install over the running kernel: $(cat "$tmp/said") / $(cat "$tmp/dpkg.log")"
echo "ok: not installed over the running kernel: $(grep error "$tmp/said")"
export FAKE_UNAME_R=6.1.0-13-amd64
[ "$(mk install)" = 0 ] && grep -q "dpkg -i .*_$rel-2_amd64.deb" "$tmp/dpkg.log" ||
	fail "install from another kernel: $(cat "$tmp/said")"
echo "ok: $rel-2 installed from another kernel"

# 5. After make clean (the revision state lost), the next build still goes above what is
#    installed.
rm -f "$k/revision"
[ "$("$r/packaging/kernel-revision.sh" $rel "$k/revision")" = 3 ] || fail "revision after clean"
echo "ok: revision after a clean: 3"
echo PASS
