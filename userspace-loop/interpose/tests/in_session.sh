#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: in_session.sh OUT PROGRAM ARGS...
# Runs PROGRAM in a new session (its pid is the session id, printed on
# stdout), its stdout to OUT, waits for it and exits with its status: the
# session id lets session_empty.sh find any child it left behind.
set -eu
out=$1
shift
setsid "$@" >"$out" &
pid=$!
echo "$pid"
rc=0
wait "$pid" || rc=$?
exit "$rc"
