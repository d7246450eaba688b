# Function pointers for --bind (rewriter_tests). _start exits 3 while bound_fn
# still points at default_fn, 4 once the rewriter has bound it to something else.
	.text
	.globl _start
	.type _start, @function
_start:
	mov	bound_fn(%rip), %rax
	lea	default_fn(%rip), %rcx
	mov	$3, %edi
	cmp	%rax, %rcx
	je	1f
	mov	$4, %edi
1:	mov	$60, %eax		# exit(3 or 4)
	syscall
	hlt
	.size _start, .-_start

	.globl default_fn
	.type default_fn, @function
default_fn:
	mov	$-25, %eax
	ret
	.size default_fn, .-default_fn

	.data
	.p2align 3
	.globl bound_fn
	.type bound_fn, @object
bound_fn:				# the one to bind
	.quad	default_fn
	.size bound_fn, 8

	.globl small_slot
	.type small_slot, @object
small_slot:				# 4 bytes: refused
	.long	0
	.size small_slot, 4

	.section .rodata
	.p2align 3
	.globl ro_slot
	.type ro_slot, @object
ro_slot:				# read-only: refused
	.quad	0
	.size ro_slot, 8

	.bss
	.p2align 3
	.globl bss_slot
	.type bss_slot, @object
bss_slot:				# no file bytes: refused
	.zero	8
	.size bss_slot, 8
