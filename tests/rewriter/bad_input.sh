#!/usr/bin/env bash
# syscall-rewriter on bad input: one line on stderr, a non-zero exit code, and no
# output file (nor temporary file) left behind. Also --check-image.
# usage: bad_input.sh SYSCALL_REWRITER SNIPPET_DIR
set -euo pipefail
RW=${1:?usage: bad_input.sh SYSCALL_REWRITER SNIPPET_DIR}
SNIP=${2:?usage: bad_input.sh SYSCALL_REWRITER SNIPPET_DIR}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect_error WHAT PATTERN INPUT [OPTIONS...]: rewriting INPUT must fail with one stderr
# line matching PATTERN, and leave nothing in the output directory.
expect_error() {
  local what=$1 pattern=$2 input=$3
  shift 3
  local dir="$OUT/out-$RANDOM" rc=0
  mkdir -p "$dir"
  "$RW" "$input" -o "$dir/result" "$@" >"$OUT/stdout" 2>"$OUT/stderr" </dev/null || rc=$?
  [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ] || fail "$what: exit code $rc (stderr: $(cat "$OUT/stderr"))"
  [ "$(wc -l <"$OUT/stderr")" -eq 1 ] || fail "$what: expected one stderr line, got: $(cat "$OUT/stderr")"
  grep -qE -- "$pattern" "$OUT/stderr" || fail "$what: stderr '$(cat "$OUT/stderr")' lacks /$pattern/"
  [ -z "$(ls -A "$dir")" ] || fail "$what: left files behind: $(ls -A "$dir")"
  echo "ok: $what -> $(cat "$OUT/stderr")"
}

printf '#!/bin/sh\necho not an elf\n' >"$OUT/script.sh"
expect_error "not an ELF" "not an ELF" "$OUT/script.sh"
: >"$OUT/empty"
expect_error "empty file" "not an ELF" "$OUT/empty"
cp "$SNIP/cases" "$OUT/elf32"
printf '\001' | dd of="$OUT/elf32" bs=1 seek=4 conv=notrunc status=none   # EI_CLASS = ELFCLASS32
expect_error "32-bit ELF" "not a 64-bit ELF" "$OUT/elf32"
head -c 200 "$SNIP/cases" >"$OUT/cut200"
expect_error "truncated (200 bytes)" "truncated file" "$OUT/cut200"
size=$(stat -c %s "$SNIP/cases")
head -c $((size / 2)) "$SNIP/cases" >"$OUT/cuthalf"
expect_error "truncated (half)" "truncated file" "$OUT/cuthalf"
expect_error "dynamic executable" "dynamically linked" "$SNIP/dynamic"
expect_error "no syscall" "no syscall instruction" "$SNIP/nosyscall"
expect_error "missing file" "cannot open" "$OUT/does-not-exist"
expect_error "unknown target" "--target must be" "$SNIP/cases" --target elsewhere
expect_error "missing local symbol" "no function symbol 'nope'" "$SNIP/cases" --target local:nope
expect_error "nothing selected" "no syscall site could be rewritten" "$SNIP/cases" --only-nr 4242
expect_error "bad --only-addr" "--only-addr needs a number" "$SNIP/cases" --only-addr zz

# Already rewritten: the first run works, the second is refused.
"$RW" "$SNIP/cases" -o "$OUT/once" >/dev/null || fail "rewriting the snippet failed"
expect_error "already rewritten" "already rewritten by syscall-rewriter" "$OUT/once"

# The input is never the output.
cp "$SNIP/cases" "$OUT/same"
rc=0
"$RW" "$OUT/same" -o "$OUT/same" 2>"$OUT/stderr" >/dev/null || rc=$?
if [ "$rc" -ne 2 ] || ! grep -q "must not be the input" "$OUT/stderr"; then
  fail "input == output accepted"
fi
cmp -s "$OUT/same" "$SNIP/cases" || fail "the input was modified"
echo "ok: input == output refused, input unchanged"

# kernel: target records the image; --check-image accepts it and refuses another file.
"$RW" "$SNIP/cases" -o "$OUT/k" --target "kernel:$SNIP/kernel" --only-function case_forward \
  >/dev/null || fail "kernel: target failed"
"$RW" --check-image "$SNIP/kernel" "$OUT/k" >/dev/null || fail "--check-image refused the right image"
rc=0
"$RW" --check-image "$SNIP/cases" "$OUT/k" >/dev/null 2>"$OUT/stderr" || rc=$?
if [ "$rc" -ne 1 ] || ! grep -q "is not the image" "$OUT/stderr"; then
  fail "--check-image accepted another file"
fi
echo "ok: --check-image"

# --bind: refusals leave nothing behind; bind only (no --target) writes the output, which
# --check-image accepts and a second run refuses.
K="kernel:$SNIP/kernel"
expect_error "--bind .bss object" "no file bytes" "$SNIP/bound" --bind "bss_slot=$K"
expect_error "--bind 4-byte object" "4 bytes, not 8" "$SNIP/bound" --bind "small_slot=$K"
expect_error "--bind missing symbol" "--bind nope: no such symbol" "$SNIP/bound" --bind "nope=$K"
expect_error "--bind not kernel:" "needs kernel:IMAGE" "$SNIP/bound" --bind "bound_fn=local:x"
expect_error "--bind filter without --target" "need --target" "$SNIP/bound" --bind "bound_fn=$K" \
  --only-nr 60
"$RW" "$SNIP/bound" -o "$OUT/b" --bind "bound_fn=$K" >/dev/null || fail "--bind alone failed"
"$RW" --check-image "$SNIP/kernel" "$OUT/b" >/dev/null || fail "--check-image refused a bound binary"
expect_error "already bound" "already rewritten by syscall-rewriter" "$OUT/b" --bind "bound_fn=$K"
echo "ok: --bind"
echo "PASS"
