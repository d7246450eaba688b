# An in-process hook (for rewriter_tests' hook_target_test.cpp): site_getpid's
# syscall, rewritten with --target local:hook_reissue, goes through a leaf
# that counts the call and re-issues it with its own `syscall`. The program
# exits 40 + the number of calls the hook saw: 40 as built, 42 rewritten
# (both getpid calls hooked), and dies of SIGTRAP rewritten with --target int3
# (no handler). site_unknown and site_clone are never run: the rewriter must
# refuse to send them to a hook that enters the kernel.
	.text
	.globl _start
	.type _start, @function
_start:
	call	site_getpid
	test	%rax, %rax
	jle	1f			# getpid must still reach the kernel
	call	site_getpid
	mov	hook_calls(%rip), %rdi
	add	$40, %rdi
	mov	$60, %eax		# exit(40 + hook calls)
	syscall
1:	mov	$1, %edi
	mov	$60, %eax
	syscall
	.size _start, .-_start

	.globl site_getpid
	.type site_getpid, @function
site_getpid:
	mov	$39, %eax
	syscall
	cmp	$-4095, %rax
	ret
	.size site_getpid, .-site_getpid

	.globl site_unknown
	.type site_unknown, @function
site_unknown:
	mov	%rdi, %rax
	syscall
	cmp	$-4095, %rax
	ret
	.size site_unknown, .-site_unknown

	.globl site_clone
	.type site_clone, @function
site_clone:
	mov	$56, %eax
	syscall
	cmp	$-4095, %rax
	ret
	.size site_clone, .-site_clone

	.globl hook_reissue
	.type hook_reissue, @function
hook_reissue:				# leaf: writes rax, rcx, r11 and the flags
	incq	hook_calls(%rip)
	syscall
	ret
	.size hook_reissue, .-hook_reissue

	.bss
	.p2align 3
hook_calls:
	.quad	0
