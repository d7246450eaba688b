# A static program without any syscall instruction (rewriter_tests).
	.text
	.globl _start
	.type _start, @function
_start:
	int	$0x80
	hlt
	.size _start, .-_start
