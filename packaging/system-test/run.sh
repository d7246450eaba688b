#!/bin/bash
# Usage: packaging/system-test/run.sh   (from `make system-test`)
#
# Boots the Debian 12 image of build-image.sh twice under QEMU, each time with
# a kernel and initramfs read out of the image's own /boot (debugfs, nothing
# mounted): Debian's stock kernel (the DKMS-built module: printk, buffer, and
# the round-trip benchmark), then the installed patched -ioprobe kernel (the
# patch: printk, buffer). Each case's results folder comes back to
# build/system-test/CASE/ and is checked: paired == expected, nothing lost,
# environment.kernel is the kernel that ran. Prints PASS or FAIL per case.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$root/build/system-test
pkgs=$root/build/packages
image=$out/image
N=10000
TIMEOUT=${SYSTEM_TEST_TIMEOUT:-1200}

fail() {
	echo "system-test: FAIL: $*" >&2
	exit 1
}

one() { # one GLOB: the single file it matches
	# shellcheck disable=SC2206 # the glob is meant to expand
	local m=($1)
	[ ${#m[@]} -eq 1 ] && [ -f "${m[0]}" ] || fail "expected one file for $1, found: ${m[*]}"
	echo "${m[0]}"
}

# qemu ACCEL KIND: one boot of boot-KIND.img. Under kvm it gives up when QEMU ends or the
# kernel prints nothing within KVM_DEADLINE seconds, as the collector's --accel auto does, and
# says so in no_banner=1 (status 1); a guest that printed its banner and then ran out of time
# is status 124 (timeout(1)), a real timeout, never taken for a missing banner.
# The probe's printk lines (KERN_INFO) stay off the slow serial console (loglevel=6), and a
# 16M log buffer, as the collector gives its own guests, keeps them until /dev/kmsg is read
# on a busy emulated machine.
KVM_DEADLINE=10
qemu() {
	local accel=$1 kind=$2 dir=$out/boot-$2 cpu=max
	[ "$accel" = kvm ] && cpu=host
	no_banner=0
	: > "$dir/console.log"
	timeout "$TIMEOUT" qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -m 1024 -smp 2 \
		-nographic -no-reboot -kernel "$dir/vmlinuz" -initrd "$dir/initrd.img" \
		-append "root=/dev/vda rw console=ttyS0 loglevel=6 log_buf_len=16M panic=-1 init=/usr/local/sbin/system-test-init systest=$kind" \
		-drive "file=$out/boot-$kind.img,format=raw,if=virtio" < /dev/null > "$dir/console.log" 2>&1 &
	guest_pid=$!
	local waited=0 rc=0
	if [ "$accel" = kvm ]; then
		while ! grep -q "Linux version" "$dir/console.log"; do
			# QEMU ended, or the deadline passed, before any banner: KVM did not run it.
			if ! kill -0 "$guest_pid" 2> /dev/null || [ $waited -ge $KVM_DEADLINE ]; then
				stop_guest
				no_banner=1
				return 1
			fi
			sleep 1
			waited=$((waited + 1))
		done
	fi
	wait "$guest_pid" || rc=$?
	guest_pid=
	return $rc
}

# stop_guest: ends the guest qemu() started, if it still runs (also when run.sh is stopped:
# a guest must not go on writing to its image for up to TIMEOUT seconds).
guest_pid=
stop_guest() {
	[ -n "$guest_pid" ] || return 0
	kill "$guest_pid" 2> /dev/null || true
	wait "$guest_pid" 2> /dev/null || true
	guest_pid=
}

# boot_under ACCEL KIND: boots boot-KIND.img under ACCEL; a KVM guest that printed no kernel
# banner is booted again, from a fresh copy of the image, under TCG. Fails on any other error,
# a timeout included, naming it.
boot_under() {
	local accel=$1 kind=$2 dir=$out/boot-$2 rc=0
	qemu "$accel" "$kind" || rc=$?
	if [ "$accel" = kvm ] && [ "$no_banner" = 1 ]; then
		accel=tcg rc=0
		echo "  BOOT     $kind: the KVM guest printed no kernel banner within ${KVM_DEADLINE} s: TCG"
		cp --sparse=always "$image/disk.img" "$out/boot-$kind.img"
		qemu tcg "$kind" || rc=$?
	fi
	[ $rc -ne 124 ] || {
		tail -n 30 "$dir/console.log"
		fail "$kind: the $accel guest timed out after $TIMEOUT s (SYSTEM_TEST_TIMEOUT), see $dir/console.log"
	}
	[ $rc -eq 0 ] || {
		tail -n 30 "$dir/console.log"
		fail "$kind: QEMU under $accel failed (status $rc), see $dir/console.log"
	}
}

# read_kernel DISK RELEASE_GLOB DIR: the kernel /boot/vmlinuz-RELEASE_GLOB of an ext4 image (the
# one match), its initramfs and its release, read with debugfs (nothing mounted) into
# DIR/vmlinuz, DIR/initrd.img and DIR/release. (tests/fleet/ boots the image this way too.)
read_kernel() {
	local disk=$1 glob=$2 dir=$3 names=() n
	for n in $(debugfs -R "ls -p /boot" "$disk" 2> /dev/null | tr / '\n'); do
		# shellcheck disable=SC2053
		[[ $n == vmlinuz-$glob ]] && names+=("$n")
	done
	[ ${#names[@]} -eq 1 ] || fail "no single /boot/vmlinuz-$glob in $disk (${names[*]})"
	local release=${names[0]#vmlinuz-}
	debugfs -R "dump /boot/vmlinuz-$release $dir/vmlinuz" "$disk" 2> /dev/null
	debugfs -R "dump /boot/initrd.img-$release $dir/initrd.img" "$disk" 2> /dev/null
	[ -s "$dir/vmlinuz" ] && [ -s "$dir/initrd.img" ] || fail "/boot of $disk lacks the kernel or initramfs of $release"
	echo "$release" > "$dir/release"
}

# boot KIND RELEASE_GLOB: one boot of a copy of the image, results -> $out/results-KIND
boot() {
	local kind=$1 glob=$2 disk=$out/boot-$1.img dir=$out/boot-$1
	rm -rf "$dir" "$out/results-$kind"
	mkdir -p "$dir"
	cp --sparse=always "$image/disk.img" "$disk"
	read_kernel "$disk" "$glob" "$dir"
	local release accel=tcg
	release=$(cat "$dir/release")
	[ -r /dev/kvm ] && [ -w /dev/kvm ] && accel=kvm
	echo "  BOOT     $kind: $release under $accel (console: $dir/console.log)"
	boot_under "$accel" "$kind"
	# A journal the guest did not checkpoint is replayed before reading.
	e2fsck -fy "$disk" > "$dir/e2fsck.log" 2>&1 || [ $? -le 1 ] || fail "$kind: e2fsck of the image failed"
	debugfs -R "rdump /results $dir" "$disk" 2> /dev/null
	[ -f "$dir/results/finished" ] || { tail -n 30 "$dir/console.log"; fail "$kind: the guest did not finish, see $dir/console.log"; }
	if [ "$kind" = patched ]; then mv "$disk" "$dir/after.img"; else rm -f "$disk"; fi
}

# check_case CASE KERNEL_PATTERN
check_case() {
	local name=$1 pattern=$2 dir=$out/$1 s=$out/$1/summary.json
	local from=$out/boot-${name%%-*}/results
	rm -rf "$dir"
	[ "$(cat "$from/$name.rc")" = 0 ] || { cat "$from/$name.log"; fail "$name: collector exited $(cat "$from/$name.rc")"; }
	cp -r "$from/$name" "$dir"
	cp "$from/$name.log" "$dir/collector.log"
	[ -f "$s" ] || fail "$name: no summary.json"
	local kernel
	kernel=$(jq -er .environment.kernel "$s") || fail "$name: no environment.kernel"
	# shellcheck disable=SC2053
	[[ $kernel == $pattern ]] || fail "$name: environment.kernel is $kernel, expected $pattern"
	[ -d "$dir/raw" ] || fail "$name: no raw/"
	if [ "$name" = stock-roundtrip ]; then
		local variants
		variants=$(jq -er '.variants | keys | join(",")' "$s") || fail "$name: no variants"
		[ "$variants" = "fncall-lib,raw" ] || fail "$name: variants are $variants, expected fncall-lib,raw"
		echo "system-test: PASS $name ($kernel, cycles/call p50: raw $(jq -r '.variants.raw.cycles_per_call.p50' "$s"), fncall-lib $(jq -r '.variants["fncall-lib"].cycles_per_call.p50' "$s"))"
		return
	fi
	local field want
	for field in expected paired; do
		[ "$(jq -er ".$field" "$s")" = "$N" ] || fail "$name: $field is $(jq .$field "$s"), expected $N"
	done
	for field in lost negative cross_cpu rejected duplicate order_violations; do
		[ "$(jq -er ".$field" "$s")" = 0 ] || fail "$name: $field is $(jq .$field "$s"), expected 0"
	done
	want=$((N + 1))
	[ "$(wc -l < "$dir/pairs.csv")" -eq "$want" ] || fail "$name: pairs.csv has not $N rows"
	[ "$(jq -er .anatomy.round_trip.n "$s")" = "$N" ] || fail "$name: anatomy.round_trip.n is not $N"
	echo "system-test: PASS $name ($kernel, paired $N/$N, lost 0, p50 $(jq -r '.latency_cycles.p50' "$s") cycles;" \
		"entry/kernel/exit p50 $(jq -r '[.anatomy.entry.p50, .anatomy.kernel.p50, .anatomy.exit.p50] | join("/")' "$s"))"
}

# Bad input on the patched kernel, whose headers are not installed: the collector (one line,
# exit 1) and the DKMS package both name linux-headers-RELEASE.
check_noheaders() {
	local from=$out/boot-patched/results rel
	rel=$(cat "$out/boot-patched/release")
	[ "$(cat "$from/patched-module-noheaders.rc")" = 1 ] || fail "collector --probe module without headers exited $(cat "$from/patched-module-noheaders.rc"), expected 1"
	[ "$(wc -l < "$from/patched-module-noheaders.log")" -eq 1 ] &&
		grep -q "apt install linux-headers-$rel" "$from/patched-module-noheaders.log" ||
		fail "collector --probe module without headers said: $(cat "$from/patched-module-noheaders.log")"
	grep -q "apt install linux-headers-$rel" "$from/patched-dkms-noheaders.log" ||
		fail "the DKMS package without headers said: $(cat "$from/patched-dkms-noheaders.log")"
	echo "system-test: PASS no headers: $(cat "$from/patched-module-noheaders.log")"
}

# names_in DISK DIR: the names in folder DIR of an ext4 image (debugfs, nothing mounted);
# `ls -p` prints /inode/mode/uid/gid/name/size/ per entry.
names_in() {
	debugfs -R "ls -p $2" "$1" 2> /dev/null | awk -F/ 'NF >= 7 && $6 != "." && $6 != ".." { print $6 }'
}

# has_name DISK DIR NAME: does folder DIR of the image hold NAME? (The list is read whole
# first: grep -q ending a pipe early would fail it under pipefail.)
has_name() {
	local names
	names=$(names_in "$1" "$2")
	grep -qxF -- "$3" <<< "$names"
}

# installed_paths DISK RELEASE: what the packages put on the system, one FOLDER NAME pair a
# line: the -ioprobe kernel (its /boot files and its whole /usr/lib/modules tree), the toolkit,
# the DKMS sources, DKMS's state and every ioctl_probe.ko it installed for any kernel.
installed_paths() {
	local disk=$1 rel=$2 k
	printf '%s\n' "/boot vmlinuz-$rel" "/boot initrd.img-$rel" "/boot config-$rel" \
		"/boot System.map-$rel" "/usr/lib/modules $rel" "/usr/bin collector" \
		"/usr/bin syscall-rewriter" "/usr/libexec syscall-rewriting-bench" \
		"/usr/share/doc syscall-rewriting-bench" "/var/lib/dkms ioctl-probe"
	names_in "$disk" /usr/src | grep '^ioctl-probe-' | sed 's|^|/usr/src |' || true
	for k in $(names_in "$disk" /usr/lib/modules); do
		echo "/usr/lib/modules/$k/updates/dkms ioctl_probe.ko"
	done
}

# `apt remove` in the patched boot took the kernel (with its initramfs and modules), the
# toolkit and the DKMS module (sources, state, built modules) out of the image again. What is
# checked gone is first checked present in the image as built, so no check passes vacuously.
check_removed() {
	local from=$out/boot-patched/results rel disk=$out/boot-patched/after.img
	rel=$(cat "$out/boot-patched/release")
	[ "$(cat "$from/patched-remove.rc")" = 0 ] || { cat "$from/patched-remove.log"; fail "apt remove exited $(cat "$from/patched-remove.rc")"; }
	local folder name
	while read -r folder name; do
		# DKMS built nothing for -ioprobe (no headers): the one path absent before.
		[ "$folder" = "/usr/lib/modules/$rel/updates/dkms" ] || has_name "$image/disk.img" "$folder" "$name" ||
			fail "the image as built has no $folder/$name, so its removal shows nothing"
		! has_name "$disk" "$folder" "$name" || fail "apt remove left $folder/$name in the image"
	done < <(installed_paths "$image/disk.img" "$rel")
	rm -f "$disk"
	echo "system-test: PASS apt remove: kernel $rel (boot files, initramfs, /usr/lib/modules/$rel)," \
		"the toolkit, the DKMS sources, state and modules are gone"
}

# check_lintian DEB...: Debian's package checker finds neither an error nor a warning (the
# toolkit's own overrides, packaging/toolkit/lintian-overrides, hold for what it ships on
# purpose).
check_lintian() {
	local deb names=()
	for deb in "$@"; do names+=("$(dpkg-deb -f "$deb" Package)"); done
	lintian --fail-on error,warning "$@" > "$out/lintian.log" 2>&1 || {
		cat "$out/lintian.log"
		fail "lintian: ${names[*]}: errors or warnings, see $out/lintian.log"
	}
	echo "system-test: PASS lintian: ${names[*]}: no error, no warning"
}

# Sourced by tests/packaging/system_test_timeout.sh for its functions: main runs only when run.
main() {
	local start toolkit dkms kernel
	trap stop_guest EXIT
	start=$(date +%s)
	mkdir -p "$out"
	toolkit=$(one "$pkgs/syscall-rewriting-bench_*_amd64.deb")
	dkms=$(one "$pkgs/ioctl-probe-dkms_*_all.deb")
	kernel=$(one "$pkgs/linux-image-*-ioprobe_*_amd64.deb")
	check_lintian "$toolkit" "$dkms"
	"$root/packaging/system-test/build-image.sh" "$image" "$toolkit" "$dkms" "$kernel"

	boot stock '6.1.0-*-amd64'
	check_case stock-module-printk '6.1.0-*-amd64'
	check_case stock-module-buffer '6.1.0-*-amd64'
	check_case stock-roundtrip '6.1.0-*-amd64'
	check_case stock-tracepoint '6.1.0-*-amd64'
	boot patched '*-ioprobe'
	check_case patched-patch-printk '*-ioprobe'
	check_case patched-patch-buffer '*-ioprobe'
	check_noheaders
	check_removed
	echo "system-test: PASS, 6 cases, lintian, $(($(date +%s) - start)) s"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	main "$@"
fi
