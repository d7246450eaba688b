/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The code every in-process hook runs: hand-written so that what it costs per
 * call is visible here, and so that its addresses are known.
 *
 * [interpose_exempt_start, interpose_exempt_end) is the one range whose
 * `syscall`s no mechanism intercepts: Syscall User Dispatch is given it as its
 * allowed range, and the seccomp-trap filter lets through calls whose
 * instruction pointer is interpose_exempt_ip. The signal handlers' rt_sigreturn
 * is issued from here too (interpose_exempt_restorer, installed as
 * SA_RESTORER), so SUD does not dispatch a handler's own return.
 */
	.text
	.p2align 4
	.globl interpose_exempt_start
interpose_exempt_start:

/* long interpose_exempt_syscall(long nr, long a1, long a2, long a3, long a4,
 *                               long a5, long a6): the C ABI in, syscall out. */
	.globl interpose_exempt_syscall
	.type interpose_exempt_syscall, @function
interpose_exempt_syscall:
	mov	%rdi, %rax
	mov	%rsi, %rdi
	mov	%rdx, %rsi
	mov	%rcx, %rdx
	mov	%r8, %r10
	mov	%r9, %r8
	mov	8(%rsp), %r9
	syscall
	.globl interpose_exempt_ip
interpose_exempt_ip:			/* seccomp_data.instruction_pointer */
	ret
	.size interpose_exempt_syscall, .-interpose_exempt_syscall

	.globl interpose_exempt_restorer
	.type interpose_exempt_restorer, @function
interpose_exempt_restorer:
	mov	$15, %eax		/* rt_sigreturn */
	syscall
	ud2
	.size interpose_exempt_restorer, .-interpose_exempt_restorer

	.globl interpose_exempt_end
interpose_exempt_end:

/*
 * The rewrite mechanisms' hooks: syscall-rewriter --target local:SYMBOL sends
 * the loop's rewritten sites here (lea -128(%rsp),%rsp; mov %r10,%rcx;
 * call SYMBOL; lea 128(%rsp),%rsp). rax holds the system call number, the
 * other registers its arguments, as at the `syscall` they replace. Both are
 * leaves that write no argument register, so the trampoline saves none; they
 * write the flags (incq), which the loop's inline `syscall` clobbers anyway
 * (GCC treats every x86 asm statement as clobbering them), hence
 * --no-preserve-flags.
 */
	.p2align 4
	.globl interpose_hook_passthrough
	.type interpose_hook_passthrough, @function
interpose_hook_passthrough:		/* the kernel runs the call */
	incq	interpose_hook_calls(%rip)
	syscall
	ret
	.size interpose_hook_passthrough, .-interpose_hook_passthrough

	.p2align 4
	.globl interpose_hook_emulate
	.type interpose_hook_emulate, @function
interpose_hook_emulate:			/* answered here, no kernel entry */
	incq	interpose_hook_calls(%rip)
	mov	interpose_emulate_answer(%rip), %rax
	ret
	.size interpose_hook_emulate, .-interpose_hook_emulate

	.bss
	.p2align 6
	.globl interpose_hook_calls
	.type interpose_hook_calls, @object
interpose_hook_calls:
	.quad	0
	.size interpose_hook_calls, 8
	.globl interpose_emulate_answer
	.type interpose_emulate_answer, @object
interpose_emulate_answer:
	.quad	0
	.size interpose_emulate_answer, 8

	.section .note.GNU-stack, "", @progbits
