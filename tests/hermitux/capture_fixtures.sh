#!/usr/bin/env bash
# Regenerates tests/fixtures/hermitux/ from real HermiTux runs (needs KVM and two HermiTux
# installs: one built with kernel/hermitux-ioctl-probe's patch, one without). Each fixture is
# the raw/ capture the collector keeps (run.json, guest-stdout.log, guest-stderr.log);
# the large ones are xz-compressed. The tests replay them with `collector --replay`.
#
#   tests/hermitux/capture_fixtures.sh BUILD_DIR PATCHED_PREFIX UNPATCHED_PREFIX
set -euo pipefail
build=$1 patched=$2 unpatched=$3
here=$(cd "$(dirname "$0")" && pwd)
dest=$here/../fixtures/hermitux
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
collector=$build/bin/collector

# capture NAME [collector args...]: the collector may fail (that is the point of some).
capture() {
  local name=$1
  shift
  echo "== $name: collector --scenario hermitux $*"
  "$collector" --scenario hermitux "$@" --output-dir "$work/$name" -q || true
  rm -rf "${dest:?}/$name"
  mkdir -p "$dest/$name"
  for f in run.json guest-stdout.log guest-stderr.log; do
    cp "$work/$name/raw/$f" "$dest/$name/$f"
  done
  # Above 1 MiB: compressed (the tests decompress into their output folder).
  for f in "$dest/$name"/*.log; do
    if [ "$(stat -c %s "$f")" -gt 1048576 ]; then xz -9 -f "$f"; fi
  done
}

capture buffer-1000 --hermitux-prefix "$patched" --mode buffer --iterations 1000 --warmup 100 --run-id 1a2b3c4d
capture buffer-100000 --hermitux-prefix "$patched" --mode buffer --iterations 100000 --warmup 1000 --run-id 5e6f7a8b
# Default warm-up (1,000 calls): the probe prints none of it.
capture printk-150 --hermitux-prefix "$patched" --mode printk --iterations 150 --run-id 0badcafe
# printk-1000-wrapped is kept as recorded: the collector now refuses a printk run that cannot fit
# in the kernel log, so a wrapped ring no longer comes from it (the replay still tests the wrap).
# Two vCPUs (forced: HermiTux's SMP boot hangs now and then, doc/hermitux-smp-hang.md; rerun the
# script if it did): the run record and the environment keep where each vCPU ran on the host.
capture vcpus-2 --hermitux-prefix "$patched" --mode buffer --iterations 100 --warmup 10 --hermitux-cpus 2 --hermitux-force-smp --run-id 0000c002
capture no-probe --hermitux-prefix "$unpatched" --mode buffer --iterations 10 --warmup 0 --run-id 00000bad
capture crash-glibc-sse --hermitux-prefix "$patched" --entry-variant libc-glibc --iterations 10 --warmup 0 --run-id 0000dead
capture crash-musl-sse --hermitux-prefix "$patched" --entry-variant libc-musl --iterations 10 --warmup 0 --run-id 0000dea1
capture timeout --hermitux-prefix "$patched" --mode buffer --iterations 100000 --warmup 0 --timeout 8 --run-id 00000010
ls -la "$dest"/*
