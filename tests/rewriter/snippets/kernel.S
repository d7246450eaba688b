# A stand-in for a unikernel image (HermiTux kernel ELF) for rewriter_tests:
# only its symbol table and code matter. Linked at 0x40000000, away from the application.
	.text
	.globl sys_ioctl
	.type sys_ioctl, @function
sys_ioctl:				# leaf: writes rax only
	mov	$-25, %rax
	ret
	.size sys_ioctl, .-sys_ioctl

	.globl syscall_dispatch
	.type syscall_dispatch, @function
syscall_dispatch:			# not a leaf: full save
	push	%rbx
	call	sys_ioctl
	pop	%rbx
	ret
	.size syscall_dispatch, .-syscall_dispatch

	.globl uses_sse
	.type uses_sse, @function
uses_sse:				# writes xmm0: refused as a target
	pxor	%xmm0, %xmm0
	xor	%eax, %eax
	ret
	.size uses_sse, .-uses_sse

	.globl clobbers_some
	.type clobbers_some, @function
clobbers_some:				# writes rdi and r8 and the flags
	xor	%edi, %edi
	mov	%rsi, %r8
	mov	%r8, %rax
	ret
	.size clobbers_some, .-clobbers_some

	.globl _start
_start:
	hlt
