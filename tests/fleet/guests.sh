# shellcheck shell=bash
# shellcheck disable=SC2154 # work, image, key: set by fleet_test.sh
# The fleet test's machines (sourced by fleet_test.sh): the system test's Debian image booted
# under QEMU TCG, each guest on a copy-on-write overlay of it (the image itself is only read),
# with a kernel read out of the image's /boot and init=fleet-init (packaging/system-test/), its
# ssh port forwarded to 127.0.0.1:PORT and no other network (user networking, restrict=on).
# Uses: $work (the test's folder), $image (the image), $key (the test's ssh key), read_kernel
# (packaging/system-test/run.sh) and fail.
# no_timer_check: on a loaded host a TCG guest's timer can miss the kernel's early IO-APIC
# timer check, which then panics ("IO-APIC + timer doesn't work"); a VM's timer needs no check.
# thread=single: multi-threaded TCG (QEMU 7.2) can run stale text after the kernel patches its
# own (the tracepoint probe's syscall events do), as the collector's guests found.

declare -A guest_pid guest_port

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# boot_guest NAME RELEASE_GLOB: starts NAME with the image's kernel RELEASE_GLOB; returns at once.
boot_guest() {
	local name=$1 glob=$2 dir=$work/$1 port
	mkdir -p "$dir"
	read_kernel "$image" "$glob" "$dir"
	qemu-img create -q -f qcow2 -F raw -b "$image" "$dir/disk.qcow2"
	port=$(free_port)
	guest_port[$name]=$port
	qemu-system-x86_64 -accel tcg,thread=single -cpu max -m 1024 -smp 2 -nographic -no-reboot \
		-kernel "$dir/vmlinuz" -initrd "$dir/initrd.img" \
		-append "root=/dev/vda rw console=ttyS0 loglevel=4 panic=-1 no_timer_check init=/usr/local/sbin/fleet-init fleet.host=$name fleet.key=$(cut -d' ' -f2 "$key.pub")" \
		-drive "file=$dir/disk.qcow2,format=qcow2,if=virtio" \
		-nic "user,model=virtio-net-pci,restrict=on,hostfwd=tcp:127.0.0.1:$port-:22" \
		< /dev/null > "$dir/console.log" 2>&1 &
	guest_pid[$name]=$!
	echo "  BOOT     $name: $(cat "$dir/release") under tcg, ssh on 127.0.0.1:$port (console: $dir/console.log)"
}

# on_guest NAME COMMAND...: runs COMMAND on NAME as root over ssh.
on_guest() {
	local name=$1
	shift
	ssh -q -i "$key" -p "${guest_port[$name]}" -o BatchMode=yes -o ConnectTimeout=10 \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null root@127.0.0.1 "$@"
}

# wait_guest NAME SECONDS: until NAME answers over ssh.
wait_guest() {
	local name=$1 deadline=$((SECONDS + $2))
	until on_guest "$name" true 2> /dev/null; do
		kill -0 "${guest_pid[$name]}" 2> /dev/null || {
			tail -n 20 "$work/$name/console.log"
			fail "$name: QEMU ended before sshd answered, see $work/$name/console.log"
		}
		[ $SECONDS -lt "$deadline" ] || {
			tail -n 20 "$work/$name/console.log"
			fail "$name: no ssh after $2 s, see $work/$name/console.log"
		}
		sleep 2
	done
}

# stop_guest NAME: ends NAME's QEMU (its overlay is thrown away).
stop_guest() {
	local pid=${guest_pid[$1]:-}
	[ -n "$pid" ] || return 0
	kill "$pid" 2> /dev/null || true
	wait "$pid" 2> /dev/null || true
	guest_pid[$1]=
}

stop_guests() {
	local name
	for name in "${!guest_pid[@]}"; do stop_guest "$name"; done
}
