// SPDX-License-Identifier: GPL-2.0
/*
 * int3: syscall-rewriter --target int3 has turned each of the loop's 2-byte
 * `syscall`s into `int3; nop` (binary interpose-loop-int3). The breakpoint
 * raises SIGTRAP before the call, with rax still holding its number; the
 * handler (signal_hook.c) issues the call and the process resumes on the nop.
 * Costs one exception and one signal frame (save, handler, rt_sigreturn) per
 * call. Cannot hook: what the rewriter did not patch.
 */
#include <signal.h>
#include <stdio.h>

#include "interpose.h"

static int install(struct interpose_ctx *ctx)
{
	(void)ctx;
	if (interpose_install_signal_hook(SIGTRAP)) {
		perror("interpose-loop: rt_sigaction(SIGTRAP)");
		return -1;
	}
	return 0;
}

const struct interpose_mechanism interpose_mech_int3 = {
	.name = "int3",
	.binary_target = "target=int3",
	.setup = install,
};
