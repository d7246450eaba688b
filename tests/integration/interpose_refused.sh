#!/usr/bin/env bash
# A mechanism the kernel refuses is skipped with its reason and recorded, the others measured.
# The first argument, deny-call (userspace-loop/interpose/tests), makes this kernel refuse what
# an older one would: prctl(PR_SET_SYSCALL_USER_DISPATCH) EINVAL (before 5.11), and
# SECCOMP_IOCTL_NOTIF_SET_FLAGS EINVAL (before 6.6: no synchronous wake-up for seccomp-notify).
source "$(dirname "$0")/lib.sh"
DENY=${1:?usage: interpose_refused.sh DENY_CALL_PROGRAM}

# refused CASE MECHANISMS REFUSED REASON DENY_ARGS...
refused() {
  local case=$1 mechanisms=$2 refused=$3 reason=$4
  shift 4
  local dir="$OUT/$case" rc=0
  setsid "$DENY" "$@" -- "$BIN/collector" --benchmark interpose --scenario linux \
    --mechanism "$mechanisms" --call nosys --runs 2 --iterations 1000 --output-dir "$dir" \
    >"$OUT/$case.stdout" 2>"$OUT/$case.stderr" &
  local pid=$!
  wait "$pid" || rc=$?
  [ "$rc" -eq 0 ] || fail "$case: collector exited $rc: $(tail -n 3 "$OUT/$case.stderr")"
  local left
  left=$(ps -e -o sid=,pid=,comm= | awk -v s="$pid" '$1 == s { print $2, $3 }')
  [ -z "$left" ] || fail "$case: left behind: $left"
  local s="$dir/summary.json"
  jq -e --arg m "$refused" --arg r "$reason" '.mechanisms[$m].skipped | contains($r)' "$s" \
    >/dev/null || fail "$case: $refused not recorded as skipped with '$reason' in $s"
  jq -e --arg m "$refused" '.mechanisms[$m] | has("nosys") | not' "$s" >/dev/null ||
    fail "$case: the refused $refused has measurements"
  [ "$(grep -c "mechanism $refused skipped: the kernel refuses it: .*$reason" "$OUT/$case.stderr")" -eq 1 ] ||
    fail "$case: not one skip line on stderr: $(cat "$OUT/$case.stderr")"
  [ ! -e "$dir/raw/$refused-nosys-2.log" ] || fail "$case: $refused was run again after the refusal"
  grep -q "^  $refused .*skipped: the kernel refuses it" "$OUT/$case.stdout" ||
    fail "$case: the table does not show $refused as skipped"
  local other=${mechanisms%%,*}
  expect_eq "$s" ".mechanisms[\"$other\"].nosys.cycles_per_call.n" 2
  echo "ok: $case: $refused skipped ($(jq -r --arg m "$refused" '.mechanisms[$m].skipped' "$s")), $other measured"
}

refused sud raw,sud sud "(Linux 5.11+ needed)" 157 22 0 59
refused notify_sync seccomp-notify,seccomp-notify-sync seccomp-notify-sync "(Linux 6.6+ needed)" \
  16 22 1 0x40082104
echo PASS
