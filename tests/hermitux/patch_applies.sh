#!/usr/bin/env bash
# Does kernel/hermitux-ioctl-probe's patch still apply to a hermitux-kernel checkout?
# Runs `make -f Makefile.kernel hermitux-check` against $HERMITUX_KERNEL_SRC; skipped (77) when
# that is not set, since CI has no HermiTux sources.
set -euo pipefail
: "${ROOT:?}"
if [ -z "${HERMITUX_KERNEL_SRC:-}" ]; then
  echo "SKIP: HERMITUX_KERNEL_SRC is not set (a hermitux-kernel git checkout to check the patch against)"
  exit 77
fi
make -s -f "$ROOT/Makefile.kernel" hermitux-check HERMITUX_SRC="$HERMITUX_KERNEL_SRC"
# The check must be able to fail: a checkout that already carries the probe is refused.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/kernel/syscalls"
cp "$HERMITUX_KERNEL_SRC/kernel/syscalls/ioctl.c" "$tmp/kernel/syscalls/"
: >"$tmp/kernel/ioctl_probe.c"
if make -s -f "$ROOT/Makefile.kernel" hermitux-check HERMITUX_SRC="$tmp" 2>/dev/null; then
  echo "FAIL: hermitux-check accepted a tree that already has kernel/ioctl_probe.c" >&2
  exit 1
fi
echo "ok: the patch applies to $HERMITUX_KERNEL_SRC, and a patched tree is refused"
