#!/bin/bash
# Usage: tests/fleet/fleet_test.sh SOURCE_DIR BUILD_DIR   (ctest fleet_ansible)
#
# deploy/ansible/suite.yml against a fleet of two real Debian 12 systems: the system test's
# image (BUILD/system-test/image, from `make system-test`) booted twice under QEMU TCG, once
# with Debian's kernel ("stock") and once with the patched
# -ioprobe kernel ("patched"), each reached over its own forwarded ssh port. The guests have
# no network beyond that: the packages' dependencies are those the image's own copies of the
# packages left installed (fleet-init purges the copies at boot), as a user's apt would fetch
# them. Four runs of the play, each checked:
#   1. default: both hosts' folders come home with every call paired, from the right kernel,
#      and each host's package list is afterwards exactly what it was before;
#   2. suite_keep_packages: the packages are installed and stay;
#   3. the same again: idempotent, nothing changes but the new results;
#   4. the patched guest is down: the play reports it failed, stock's results still arrive.
# SKIPPED (77) without the image or the packages, or without ansible-playbook.
set -euo pipefail

# read_kernel and the system test's conventions (sourced first: it sets names of its own);
# then this test's own fail.
# shellcheck source=packaging/system-test/run.sh
source "$(dirname "$0")/../../packaging/system-test/run.sh"
fail() {
	echo "fleet-test: FAIL: $*" >&2
	exit 1
}

src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
image=$build/system-test/image/disk.img
pkgs=$build/packages
collector=$build/bin/collector
work=$build/fleet-test
key=$work/key
N=2000

skip() {
	echo "SKIPPED: $*"
	exit 77
}
[ -f "$image" ] || skip "no $image (make system-test builds it)"
ls "$pkgs"/syscall-rewriting-bench_*_amd64.deb "$pkgs"/ioctl-probe-dkms_*_all.deb > /dev/null 2>&1 ||
	skip "no toolkit or DKMS package in $pkgs (make packages)"
command -v ansible-playbook > /dev/null || skip "no ansible-playbook (scripts/install-deps.sh installs ansible)"

# shellcheck source=tests/fleet/guests.sh
source "$src/tests/fleet/guests.sh"
# shellcheck source=tests/fleet/checks.sh
source "$src/tests/fleet/checks.sh"

"$src/packaging/remove-tree.sh" "$work"
mkdir -p "$work"
trap 'stop_guests; rm -f "$work"/*/disk.qcow2' EXIT
ssh-keygen -q -t ed25519 -N '' -C fleet-test -f "$key"
start=$SECONDS

boot_guest stock '6.1.0-*-amd64'
boot_guest patched '*-ioprobe'
wait_guest stock 600
wait_guest patched 600
echo "  UP       both guests answer over ssh after $((SECONDS - start)) s"
write_inventory

# 1. Default: measured, fetched, and the packages purged again.
on_guest stock "$dpkg_list" > "$work/stock.dpkg-before"
on_guest patched "$dpkg_list" > "$work/patched.dpkg-before"
play run1
[ "$play_rc" = 0 ] || fail "run1: ansible-playbook exited $play_rc, see $work/run1.json"
check_measured run1 stock '6.1.0-*-amd64'
check_measured run1 patched '*-ioprobe' entry-patch
check_as_found stock
check_as_found patched
echo "fleet-test: PASS run 1: both folders home, every call paired, each host left as it was"

# 2. and 3. Packages kept: the second such run installs nothing.
play run2 -e suite_keep_packages=true
[ "$play_rc" = 0 ] || fail "run2: ansible-playbook exited $play_rc, see $work/run2.json"
play run3 -e suite_keep_packages=true
[ "$play_rc" = 0 ] || fail "run3: ansible-playbook exited $play_rc, see $work/run3.json"
check_measured run3 stock '6.1.0-*-amd64'
check_measured run3 patched '*-ioprobe' entry-patch
check_idempotent run3
echo "fleet-test: PASS run 3: idempotent, changed only the new results ($(changed_tasks run3 | wc -l) result tasks)"

# 4. One guest down: reported as failed, the other's results arrive.
stop_guest patched
play run4 -e suite_keep_packages=true -e suite_connect_timeout=15
check_down_host run4 patched stock '6.1.0-*-amd64'
echo "fleet-test: PASS run 4: patched down: reported failed ($(jq -r .hosts.patched.reason "$(fleet_dir run4)/fleet.json")), stock measured"
# The two machines of run 1 side by side.
check_compare run1
echo "fleet-test: PASS, 4 runs of the play, $((SECONDS - start)) s"
