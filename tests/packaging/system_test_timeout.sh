#!/bin/bash
# The system test (packaging/system-test/run.sh) tells a guest that timed out from a KVM guest
# that printed no kernel banner: only the second is booted again under TCG; the first fails,
# saying it timed out. A stand-in qemu-system-x86_64 on PATH plays each guest; run.sh's own
# functions (qemu, boot_under) decide. Seconds, no real guest.
# shellcheck source=tests/packaging/lib.sh
source "$(dirname "$0")/lib.sh"

run_sh=$1

# The stand-in: what it does under each accelerator comes from FAKE_KVM / FAKE_TCG.
mkdir "$tmp/bin"
cat > "$tmp/bin/qemu-system-x86_64" << 'EOF'
#!/bin/bash
accel=
while [ $# -gt 0 ]; do
	[ "$1" = -accel ] && accel=$2
	shift
done
echo "$accel" >> "$FAKE_CALLS"
mode=FAKE_${accel^^}
case ${!mode} in
banner-hang) echo "Linux version 6.1.0-fake"; exec sleep 30 ;;
silent-hang) exec sleep 30 ;;
exit-early) echo "qemu: could not initialise the accelerator" >&2; exit 1 ;;
banner-ok) echo "Linux version 6.1.0-fake"; exit 0 ;;
esac
EOF
chmod +x "$tmp/bin/qemu-system-x86_64"
export PATH="$tmp/bin:$PATH" FAKE_CALLS=$tmp/calls

# scenario KVM_MODE TCG_MODE: runs boot_under kvm in a subshell (fail exits it); prints its
# status, its output lands in $tmp/said, the accelerators booted in $tmp/calls.
scenario() {
	: > "$tmp/calls"
	(
		# shellcheck source=/dev/null
		source "$run_sh"
		# shellcheck disable=SC2034 # read by run.sh's functions
		out=$tmp/st image=$tmp/st/image TIMEOUT=3 KVM_DEADLINE=2
		mkdir -p "$out/boot-stock" "$image"
		: > "$image/disk.img"
		FAKE_KVM=$1 FAKE_TCG=$2 boot_under kvm stock
	) > "$tmp/said" 2>&1 && echo 0 || echo $?
}
boots() { tr '\n' ' ' < "$tmp/calls" | sed 's/ $//'; }

# 1. The KVM guest printed its banner, then ran out of time: a timeout, no TCG boot.
rc=$(scenario banner-hang banner-ok)
[ "$rc" = 1 ] || fail "a KVM guest that timed out: status $rc, expected 1 ($(cat "$tmp/said"))"
[ "$(boots)" = kvm ] || fail "a KVM guest that timed out was booted again: $(boots)"
grep -q "stock: the kvm guest timed out after 3 s" "$tmp/said" ||
	fail "a KVM guest that timed out was reported as: $(cat "$tmp/said")"
! grep -q "no kernel banner" "$tmp/said" || fail "a timeout was called a missing banner"
echo "ok: KVM timeout reported as a timeout, not rerun"

# 2. No banner within the deadline under KVM: booted again under TCG, which succeeds.
rc=$(scenario silent-hang banner-ok)
[ "$rc" = 0 ] || fail "no banner under KVM: status $rc, expected 0 ($(cat "$tmp/said"))"
[ "$(boots)" = "kvm tcg" ] || fail "no banner under KVM: booted $(boots), expected kvm tcg"
grep -q "printed no kernel banner" "$tmp/said" || fail "no banner under KVM was reported as: $(cat "$tmp/said")"
echo "ok: no banner under KVM -> TCG"

# 3. QEMU ended under KVM before any banner (KVM cannot run the guest): TCG as well.
rc=$(scenario exit-early banner-ok)
[ "$rc" = 0 ] && [ "$(boots)" = "kvm tcg" ] ||
	fail "QEMU ending early under KVM: status $rc, booted $(boots) ($(cat "$tmp/said"))"
echo "ok: QEMU ending before the banner under KVM -> TCG"

# 4. The TCG guest then times out: a timeout, named as such.
rc=$(scenario silent-hang banner-hang)
[ "$rc" = 1 ] && grep -q "stock: the tcg guest timed out after 3 s" "$tmp/said" ||
	fail "a TCG timeout after the fallback: status $rc, said $(cat "$tmp/said")"
echo "ok: TCG timeout after the fallback reported as a timeout"
echo PASS
