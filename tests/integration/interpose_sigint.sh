#!/usr/bin/env bash
# SIGINT to the collector while a mechanism with a helper process (a tracer, a supervisor) is
# measured: the collector stops, and no loop, supervisor or tracer of its session is left.
source "$(dirname "$0")/lib.sh"

# interrupt MECHANISM
interrupt() {
  local m=$1 rc=0 loop="" helper=""
  # Background commands of a non-interactive shell ignore SIGINT: restore it.
  setsid env --default-signal=INT "$BIN/collector" --benchmark interpose --scenario linux \
    --mechanism "$m" --call ioctl --runs 1 --iterations 50000000 --output-dir "$OUT/$m" \
    >"$OUT/$m.stdout" 2>"$OUT/$m.stderr" &
  local pid=$!
  for _ in $(seq 200); do
    loop=$(pgrep -P "$pid" | head -n1 || true)
    [ -n "$loop" ] && helper=$(cat "/proc/$loop/task/$loop/children" 2>/dev/null || true)
    [ -n "$helper" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if [ -z "$helper" ]; then
    wait "$pid" || rc=$?
    if grep -q "mechanism $m skipped" "$OUT/$m.stderr"; then
      echo "SKIPPED: the kernel refuses $m"
      return 77
    fi
    fail "$m: no helper process appeared (collector exit $rc): $(cat "$OUT/$m.stderr")"
  fi
  sleep 0.3 # into the measured loop
  kill -INT "$pid"
  wait "$pid" || rc=$?
  [ "$rc" -ne 0 ] || fail "$m: the collector exited 0 after SIGINT"
  grep -q "interrupted" "$OUT/$m.stderr" || fail "$m: no word of the interruption: $(cat "$OUT/$m.stderr")"
  local left=""
  for _ in $(seq 20); do
    left=$(ps -e -o sid=,pid=,comm= | awk -v s="$pid" '$1 == s { print $2, $3 }')
    [ -z "$left" ] && break
    sleep 0.1
  done
  [ -z "$left" ] || fail "$m: left behind after SIGINT: $left"
  echo "ok: $m: SIGINT ended the collector (exit $rc), its loop ($loop) and helper ($helper)"
}

skipped=0
for m in ptrace seccomp-notify; do
  interrupt "$m" || skipped=$((skipped + 1))
done
[ "$skipped" -lt 2 ] || exit 77
echo PASS
