# shellcheck shell=bash
# shellcheck disable=SC2154 # work, src, pkgs, key, N: set by fleet_test.sh; guest_port: guests.sh
# The fleet test's plays and checks (sourced by fleet_test.sh). Uses $work, $src, $pkgs, $key,
# $N, guest_port (guests.sh) and fail.

dpkg_list="dpkg-query -W -f '\${db:Status-Abbrev} \${Package} \${Version}\n'"

# The fleet's inventory. Each host runs these commands instead of `collector suite --quick`
# (suite_use_fallback: the whole suite under TCG would cost minutes per host and play),
# smaller than the role's defaults, each into its own folder; the two hosts share the round trip and
# the tracepoint entry probe, and the patched kernel adds its own probe (the DKMS module is
# left out: its build under TCG would cost minutes in every run).
write_inventory() { # write_inventory FILE [GONE_PORT]: with GONE_PORT, a third host "gone" there
	local rt="collector --benchmark roundtrip --scenario linux --variant raw,fncall-lib --runs 2 --iterations 10000"
	local entry="collector --scenario linux --iterations $N --probe"
	{
		cat <<-EOT
			fleet:
			  hosts:
			    stock:
			      ansible_port: ${guest_port[stock]}
			      suite_fallback_commands:
			        roundtrip: $rt
			        entry-tracepoint: $entry tracepoint
			    patched:
			      ansible_port: ${guest_port[patched]}
			      suite_fallback_commands:
			        roundtrip: $rt
			        entry-tracepoint: $entry tracepoint
			        entry-patch: $entry patch
		EOT
		[ -z "${2:-}" ] || printf '    gone:\n      ansible_port: %s\n' "$2"
		cat <<-EOT
			  vars:
			    ansible_host: 127.0.0.1
			    ansible_user: root
			    ansible_become: false
			    ansible_python_interpreter: /usr/bin/python3
			    ansible_ssh_private_key_file: $key
			    ansible_ssh_common_args: -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
			    suite_poll: 5
			    suite_use_fallback: true
		EOT
	} > "$1"
}

# play NAME INVENTORY ARGS...: one run of the playbook, results under $work/NAME/, its JSON
# report $work/NAME.json; the exit status in play_rc.
play() {
	local name=$1 inventory=$2 t=$SECONDS
	shift 2
	play_rc=0
	ANSIBLE_STDOUT_CALLBACK=json ANSIBLE_HOME=$work/ansible-home ANSIBLE_LOCAL_TEMP=$work/ansible-tmp \
		ANSIBLE_SSH_CONTROL_PATH_DIR=$work/ansible-cp ANSIBLE_PIPELINING=true \
		ANSIBLE_RETRY_FILES_ENABLED=false ANSIBLE_HOST_KEY_CHECKING=false \
		ansible-playbook -i "$inventory" "$src/deploy/ansible/suite.yml" \
		-e fleet_packages_dir="$pkgs" -e fleet_results_root="$work/$name" "$@" \
		> "$work/$name.json" 2> "$work/$name.err" || play_rc=$?
	echo "  PLAY     $name: exit $play_rc after $((SECONDS - t)) s"
}

fleet_dir() { # fleet_dir RUN: the run's one results/fleet-TIME folder
	local d=("$work/$1"/fleet-*)
	if [ ${#d[@]} -ne 1 ] || [ ! -d "${d[0]}" ]; then
		fail "$1: not one fleet-* folder in $work/$1: ${d[*]}"
	fi
	echo "${d[0]}"
}

# changed_tasks RUN: "HOST<TAB>TASK" for every task that changed something.
changed_tasks() {
	jq -r '.plays[].tasks[] | .task.name as $t | .hosts | to_entries[]
		| select(.value.changed == true) | "\(.key)\t\($t)"' "$work/$1.json"
}

# check_measured RUN HOST KERNEL_GLOB ENTRY...: the host's folder came home with a folder per
# command the host ran (suite_fallback_commands, and fleet.json says so), each from the kernel
# the host booted; every entry folder has every call paired, nothing lost; the fleet record
# says the host was measured.
check_measured() {
	local run=$1 host=$2 glob=$3 dir f s kernel field name
	shift 3
	dir=$(fleet_dir "$run")
	f=$dir/fleet.json
	[ "$(jq -r ".hosts.$host.status" "$f")" = measured ] || fail "$run: $host: fleet.json says $(jq -c ".hosts.$host" "$f")"
	[[ "$(jq -r ".hosts.$host.suite" "$f")" == "fallback: suite_use_fallback is set" ]] ||
		fail "$run: $host: fleet.json does not record the fallback: $(jq -c ".hosts.$host.suite" "$f")"
	[ "$(jq -r "[.hosts.$host.runs[].name] | join(\" \")" "$f")" = "roundtrip entry-tracepoint${*:+ $*}" ] ||
		fail "$run: $host: fleet.json records these runs: $(jq -c ".hosts.$host.runs" "$f")"
	[ "$(jq "[.hosts.$host.runs[].exit_status] | all(. == 0)" "$f")" = true ] ||
		fail "$run: $host: not every run exited 0: $(jq -c ".hosts.$host.runs" "$f")"
	for name in roundtrip entry-tracepoint "$@"; do
		s=$dir/$host/$name/summary.json
		[ -f "$s" ] || fail "$run: $host: no $name/summary.json in $dir/$host"
		kernel=$(jq -er .environment.kernel "$s") || fail "$run: $host: $name: no environment.kernel"
		# shellcheck disable=SC2053
		[[ $kernel == $glob ]] || fail "$run: $host: $name: environment.kernel is $kernel, expected $glob"
		[ "$name" != roundtrip ] || continue
		for field in expected paired; do
			[ "$(jq -er ".$field" "$s")" = "$N" ] || fail "$run: $host: $name: $field is $(jq ".$field" "$s"), expected $N"
		done
		for field in lost negative cross_cpu rejected duplicate order_violations; do
			[ "$(jq -er ".$field" "$s")" = 0 ] || fail "$run: $host: $name: $field is $(jq ".$field" "$s"), expected 0"
		done
	done
	echo "  RESULTS  $run: $host: $kernel, $(jq -r "[.hosts.$host.runs[].name] | join(\", \")" "$f"): every entry call paired ($N/$N)"
}

# check_as_found HOST: the host's packages after run 1 are exactly those before it, and the
# run's scratch folder is gone; what run 1 installed was really installed (and purged).
check_as_found() {
	local host=$1 installed
	on_guest "$host" "$dpkg_list" > "$work/$host.dpkg-after"
	diff -u "$work/$host.dpkg-before" "$work/$host.dpkg-after" ||
		fail "$host: its packages after run 1 are not those before it"
	! on_guest "$host" 'ls -d /var/tmp/syscall-rewriting-bench-*' 2> /dev/null ||
		fail "$host: run 1 left its scratch folder"
	installed=$(jq -r ".hosts.$host.installed | keys | join(\" \")" "$(fleet_dir run1)/fleet.json")
	[[ " $installed " == *" syscall-rewriting-bench "* ]] ||
		fail "$host: fleet.json of run 1 lists as installed: $installed"
	[ "$(jq -r ".hosts.$host.purged | sort | join(\" \")" "$(fleet_dir run1)/fleet.json")" = \
		"$(tr ' ' '\n' <<< "$installed" | sort | xargs)" ] || fail "$host: run 1 did not purge all it installed"
	echo "  CLEAN    $host: run 1 installed and purged: $installed"
}

# check_idempotent RUN: the run changed nothing on any host but the results' own tasks.
check_idempotent() {
	local others
	others=$(changed_tasks "$1" | grep -v $'\t''\(suite : \)\?Results: ' || true)
	[ -z "$others" ] || fail "$1: not idempotent, these tasks changed something: $others"
	[ "$(jq '[.hosts[].installed | length] | add' "$(fleet_dir "$1")/fleet.json")" = 0 ] ||
		fail "$1: installed packages again"
}

# check_down_host RUN DOWN: the play failed, naming DOWN, and fleet.json records DOWN (only)
# as failed.
check_down_host() {
	local run=$1 down=$2 f
	f=$(fleet_dir "$run")/fleet.json
	[ "$play_rc" != 0 ] || fail "$run: ansible-playbook exited 0 with $down down"
	[ "$(jq -c .failed "$f")" = "[\"$down\"]" ] || fail "$run: fleet.json failed is $(jq -c .failed "$f")"
	[ "$(jq -r ".hosts.$down.status" "$f")" = failed ] || fail "$run: $down is $(jq -c ".hosts.$down" "$f")"
	grep -q "$down" <(jq -r '.plays[-1].tasks[-1].hosts.localhost.msg' "$work/$run.json") ||
		fail "$run: the play's last task does not name $down"
	echo "  DOWN     $run: $down reported failed: $(jq -r ".hosts.$down.reason" "$f")"
}

# check_order RUN SERIAL: fleet.json records how many hosts were measured at a time.
check_order() {
	local f
	f=$(fleet_dir "$1")/fleet.json
	[ "$(jq -r .order.serial "$f")" = "$2" ] || fail "$1: fleet.json order is $(jq -c .order "$f"), expected serial $2"
	[ "$(jq -r .order.one_after_another "$f")" = "$([ "$2" = 1 ] && echo true || echo false)" ] ||
		fail "$1: fleet.json order is $(jq -c .order "$f")"
}

# check_compare RUN: collector compare --by machine draws the two hosts side by side: every row
# of its CSV names the kernel its machine booted, and its cycles are labelled emulated.
check_compare() {
	local dir out=$work/$1-compare
	dir=$(fleet_dir "$1")
	"$collector" compare --by machine "$dir/stock" "$dir/patched" -o "$out" > "$out.log" 2>&1 ||
		{ cat "$out.log"; fail "$1: collector compare --by machine failed"; }
	[ -f "$out/compare.svg" ] || fail "$1: compare --by machine drew no figure in $out"
	python3 - "$out/compare.csv" <<-'EOT' || fail "$1: compare.csv: see above"
		import csv, fnmatch, sys
		rows = list(csv.DictReader(open(sys.argv[1])))
		want = {"stock": "6.1.0-*-amd64", "patched": "6.1.*-ioprobe"}
		for machine, glob in want.items():
		    mine = [r for r in rows if r["machine"] == machine]
		    if not mine or not all(fnmatch.fnmatch(r["kernel"], glob) for r in mine):
		        sys.exit(f"{machine}: rows {len(mine)}, kernels {sorted({r['kernel'] for r in mine})}")
		    if not all(r["cycles_kind"].startswith("emulated") for r in mine):
		        sys.exit(f"{machine}: cycles not labelled emulated")
		shared = {r["series"] for r in rows if r["machine"] == "stock"} & {r["series"] for r in rows if r["machine"] == "patched"}
		if len(shared) < 3:
		    sys.exit(f"fewer than 3 series on both machines: {sorted(shared)}")
	EOT
	if ! grep -q "stock: .*kernel 6.1.0-[0-9]*-amd64" "$out.log" || ! grep -q "patched: .*kernel 6.1.[0-9]*-ioprobe" "$out.log"; then
		fail "$1: the printed table does not name both kernels: $(cat "$out.log")"
	fi
	echo "  COMPARE  $1: $(($(wc -l < "$out/compare.csv") - 1)) rows, both kernels named, emulated cycles labelled"
}
