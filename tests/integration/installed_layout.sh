#!/usr/bin/env bash
# The collector as the Debian package installs it (packaging/toolkit.cmake): cmake --install
# into a staging prefix, then the installed collector, away from build/bin/, must find its loops
# in PREFIX/libexec/syscall-rewriting-bench/ and run the round-trip and interposition benchmarks
# with them.
source "$(dirname "$0")/lib.sh"
: "${BUILD:?BUILD must point to the build folder}"

prefix="$OUT/prefix"
cmake --install "$BUILD" --prefix "$prefix" >"$OUT/install.log"
[ -x "$prefix/bin/collector" ] || fail "no bin/collector in the installed tree"
[ -x "$prefix/libexec/syscall-rewriting-bench/roundtrip-loop-raw" ] || fail "no libexec roundtrip-loop-raw"
[ ! -e "$prefix/bin/roundtrip-loop-raw" ] || fail "roundtrip-loop-raw installed on PATH"

"$prefix/bin/collector" --benchmark roundtrip --scenario linux --variant raw,fncall-lib \
  --iterations 10000 --runs 2 --output-dir "$OUT/r" --quiet
s="$OUT/r/summary.json"
expect_eq "$s" '.variants | keys | join(",")' "fncall-lib,raw"
expect_eq "$s" '.variants.raw.cycles_per_call.n' 2

# The interposition loop and its rewritten copies: the rewrite mechanism runs the rewritten one.
for copy in interpose-loop interpose-loop-rewrite interpose-loop-rewrite-emulate interpose-loop-int3; do
  [ -x "$prefix/libexec/syscall-rewriting-bench/$copy" ] || fail "no libexec $copy"
done
"$prefix/bin/collector" --benchmark interpose --scenario linux --mechanism raw,rewrite \
  --call nosys --iterations 2000 --runs 2 --output-dir "$OUT/i" --quiet
s="$OUT/i/summary.json"
expect_eq "$s" '.mechanisms | keys | join(",")' "raw,rewrite"
expect_eq "$s" '.mechanisms.rewrite.nosys.cycles_per_call.n' 2
echo PASS
