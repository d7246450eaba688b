# Hand-written syscall sites, one per function, for rewriter_tests. Each
# function shows one situation the rewriter must handle or refuse; the test
# names the function it looks at. Built with gcc -nostdlib -static; _start runs
# the cases that are safe to run and exits with a status the tests check.
	.text

	.globl _start
	.type _start, @function
_start:
	call	case_rip_relative	# rcx = 42 (read RIP-relative after the syscall)
	mov	%rcx, %rbx
	call	case_rel_branch		# rax = 3 (jcc moved into the trampoline)
	add	%rax, %rbx		# 45
	mov	$0, %edi
	call	case_pc_table
	mov	%rbx, %rdi
	mov	$60, %eax		# exit(45)
	syscall
	hlt
	.size _start, .-_start

# Forward window: syscall + cmp (6 bytes) -> rewritten, nr 39 known.
	.globl case_forward
	.type case_forward, @function
case_forward:
	mov	$39, %eax
	mov	%rsi, %rdi		# does not touch rax: nr still known
	syscall
	cmp	$-4095, %rax
	ret
	.size case_forward, .-case_forward

# `syscall; ret`: too short forward (block end), so the mov before is taken.
	.globl case_backward
	.type case_backward, @function
case_backward:
	mov	$102, %eax
	syscall
	ret
	.size case_backward, .-case_backward

# A RIP-relative load after the syscall must be fixed up in the trampoline.
	.globl case_rip_relative
	.type case_rip_relative, @function
case_rip_relative:
	mov	$39, %eax		# getpid
	syscall
	mov	answer(%rip), %rcx
	ret
	.size case_rip_relative, .-case_rip_relative

# A short conditional jump after the syscall is re-encoded as jcc rel32 (and
# relies on the flags surviving, as they do across `syscall`).
	.globl case_rel_branch
	.type case_rel_branch, @function
case_rel_branch:
	mov	$39, %eax
	xor	%edx, %edx		# ZF = 1
	syscall
	jz	1f
	nop
	mov	$7, %eax
	ret
1:	mov	$3, %eax
	ret
	.size case_rel_branch, .-case_rel_branch

# Both windows contain a direct branch target (1: is the syscall itself,
# 2: right after it).
	.globl case_branch_target
	.type case_branch_target, @function
case_branch_target:
	test	%rdi, %rdi
	jz	2f
	js	1f
	mov	$39, %eax
1:	syscall
2:	xor	%edi, %edi
	ret
	.size case_branch_target, .-case_branch_target

# The syscall is the last instruction: the window would cross into the next
# function, and going backwards it crosses into the previous one.
	.globl case_function_end
	.type case_function_end, @function
case_function_end:
	syscall
	.size case_function_end, .-case_function_end
	.globl case_after_end
	.type case_after_end, @function
case_after_end:
	xor	%eax, %eax
	ret
	.size case_after_end, .-case_after_end

# A call after the syscall cannot be moved (its return address would point
# into the trampoline); the syscall starts its function, so nothing before.
	.globl case_call_after
	.type case_call_after, @function
case_call_after:
	syscall
	call	case_after_end
	ret
	.size case_call_after, .-case_call_after

# jrcxz has only a rel8 form: it cannot reach back from the trampoline.
	.globl case_jrcxz
	.type case_jrcxz, @function
case_jrcxz:
	syscall
	jrcxz	1f
	nop
1:	ret
	.size case_jrcxz, .-case_jrcxz

# Two syscalls back to back: each window holds the other.
	.globl case_adjacent
	.type case_adjacent, @function
case_adjacent:
	syscall
	syscall
	ret
	.size case_adjacent, .-case_adjacent

# Forward: `syscall; ret` then padding -> block end; backward the instruction
# before is a jmp, so the syscall is entered from elsewhere -> block end.
	.globl case_block_end
	.type case_block_end, @function
case_block_end:
	jmp	*%rdx
	syscall
	ret
	int3
	int3
	int3
	.size case_block_end, .-case_block_end

# A PC-relative jump table (as gcc emits for switch in PIC code): 1: is reached
# only through the table, 2 bytes after the syscall.
	.globl case_pc_table
	.type case_pc_table, @function
case_pc_table:
	lea	table(%rip), %rdx
	movslq	(%rdx,%rdi,4), %rax
	add	%rdx, %rax
	jmp	*%rax
.Ltable_l0:
	syscall
.Ltable_l1:
	xor	%eax, %eax
	ret
	.size case_pc_table, .-case_pc_table

# A code pointer in data (function pointer / absolute jump table).
	.globl case_data_pointer
	.type case_data_pointer, @function
case_data_pointer:
	jmp	*%rdi
	syscall
.Ldata_pointed:				# .L: no symbol, found only through .data
	xor	%eax, %eax
	ret
	.size case_data_pointer, .-case_data_pointer

# rt_sigreturn is never rewritten.
	.globl case_sigreturn
	.type case_sigreturn, @function
case_sigreturn:
	mov	$15, %eax
	syscall
	hlt
	.size case_sigreturn, .-case_sigreturn

# The number is unknown when rax is written by something else than mov $imm.
	.globl case_nr_unknown
	.type case_nr_unknown, @function
case_nr_unknown:
	mov	$39, %eax
	mov	%rdi, %rax
	syscall
	cmp	$-4095, %rax
	ret
	.size case_nr_unknown, .-case_nr_unknown

# The second syscall's only window (2 instructions before it) would overlap
# the first one's window.
	.globl case_overlap
	.type case_overlap, @function
case_overlap:
	syscall
	mov	%eax, %edi
	nop
	syscall
	ret
	.size case_overlap, .-case_overlap

	.section .rodata
	.p2align 2
table:
	.long	.Ltable_l1 - table
	.long	.Ltable_l0 - table

	.data
	.p2align 3
answer:
	.quad	42
	.quad	.Ldata_pointed
