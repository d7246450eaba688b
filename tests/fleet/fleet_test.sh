#!/bin/bash
# Usage: tests/fleet/fleet_test.sh SOURCE_DIR BUILD_DIR   (ctest fleet_ansible)
#
# deploy/ansible/suite.yml against a fleet of two real Debian 12 systems: the system test's
# image (BUILD/system-test/image, from `make system-test`) booted twice under QEMU TCG, once
# with Debian's kernel ("stock") and once with the patched
# -ioprobe kernel ("patched"), each reached over its own forwarded ssh port. The guests have
# no network beyond that: the packages' dependencies are those the image's own copies of the
# packages left installed (fleet-init purges the copies at boot), as a user's apt would fetch
# them. Three runs of the play, each checked:
#   1. default (one host after another): both hosts' folders come home with every call paired,
#      from the right kernel, and each host's package list is afterwards exactly what it was;
#   2. suite_keep_packages, both hosts at once (fleet_serial=2, recorded): installed, they stay;
#   3. the same again, with a third host "gone" in the inventory whose machine is down (its
#      port answers nothing): idempotent on the two up hosts, nothing changes but the new
#      results; "gone" is reported failed and the others' results still arrive.
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
write_inventory "$work/inventory.yml"
write_inventory "$work/inventory-gone.yml" "$(free_port)"

# 1. Default: measured one host after another, fetched, and the packages purged again.
on_guest stock "$dpkg_list" > "$work/stock.dpkg-before"
on_guest patched "$dpkg_list" > "$work/patched.dpkg-before"
play run1 "$work/inventory.yml"
[ "$play_rc" = 0 ] || fail "run1: ansible-playbook exited $play_rc, see $work/run1.json"
check_order run1 1
check_measured run1 stock '6.1.0-*-amd64'
check_measured run1 patched '*-ioprobe' entry-patch
check_as_found stock
check_as_found patched
echo "fleet-test: PASS run 1: both folders home, every call paired, each host left as it was"

# 2. Packages kept, both hosts at once.
play run2 "$work/inventory.yml" -e suite_keep_packages=true -e fleet_serial=2
[ "$play_rc" = 0 ] || fail "run2: ansible-playbook exited $play_rc, see $work/run2.json"
check_order run2 2
check_measured run2 stock '6.1.0-*-amd64'
check_measured run2 patched '*-ioprobe' entry-patch

# 3. Again, with a host that is down: the second such run installs nothing on the up hosts.
play run3 "$work/inventory-gone.yml" -e suite_keep_packages=true -e fleet_serial=2 -e suite_connect_timeout=15
check_down_host run3 gone
check_measured run3 stock '6.1.0-*-amd64'
check_measured run3 patched '*-ioprobe' entry-patch
check_idempotent run3
echo "fleet-test: PASS run 3: gone reported failed, the others measured; idempotent, changed only the new results ($(changed_tasks run3 | wc -l) result tasks)"

# The two machines of run 1 side by side.
check_compare run1
echo "fleet-test: PASS, 3 runs of the play, $((SECONDS - start)) s"
