#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: check_no_vector.sh OBJDUMP BINARY
# Fails (exit 1) if BINARY's code holds any SSE/AVX/MMX/x87 instruction or
# operand, so that it can run where vector/FPU state is not saved (ring 0 of
# a unikernel). Exit 2 if the disassembly itself fails or is empty.
set -u
objdump=$1 bin=$2
dis=$(mktemp) || exit 2
trap 'rm -f "$dis"' EXIT
"$objdump" -d --no-show-raw-insn "$bin" >"$dis" || exit 2
# Instruction lines are "  addr:<TAB>mnemonic operands".
ninsn=$(grep -c '^ *[0-9a-f]*:	' "$dis")
[ "$ninsn" -gt 0 ] || { echo "no instructions in $bin" >&2; exit 2; }
bad=$(grep '^ *[0-9a-f]*:	' "$dis" | grep -E \
	-e '%([xyz]mm[0-9]|mm[0-7]|st(\(|,|$)|k[0-7])' \
	-e ':	(f[a-z0-9]*|emms|[ls]dmxcsr|vzero[a-z]*|xsave[a-z0-9]*|xrstor[a-z0-9]*)( |$)' \
	)
if [ -n "$bad" ]; then
	echo "$bin: vector/x87 instructions found:" >&2
	echo "$bad" | head -20 >&2
	exit 1
fi
echo "$bin: $ninsn instructions, no SSE/AVX/MMX/x87"
