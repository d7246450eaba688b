// SPDX-License-Identifier: GPL-2.0
/*
 * sud: Syscall User Dispatch (Linux 5.11+). Once on, every `syscall` of the
 * process outside [interpose_exempt_start, interpose_exempt_end) raises
 * SIGSYS instead of running, while the selector byte says BLOCK; the handler
 * (signal_hook.c) re-issues it from the exempt range. The handler's own
 * rt_sigreturn is issued from the exempt range too (its SA_RESTORER), so the
 * selector can stay BLOCK the whole time: no store per call, and no window
 * where a call slips through. The selector must only ever hold ALLOW (0) or
 * BLOCK (1): any other value kills the process.
 * Costs a signal frame per call, like seccomp-trap, but for every call of the
 * process, not only the loop's. Cannot hook: the vDSO (no `syscall`).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>

#include "interpose.h"

static volatile char selector = SYSCALL_DISPATCH_FILTER_ALLOW;

static int sud_on(struct interpose_ctx *ctx)
{
	unsigned long start = (unsigned long)interpose_exempt_start;
	unsigned long len = (unsigned long)interpose_exempt_end - start;

	if (interpose_install_signal_hook(SIGSYS)) {
		perror("interpose-loop: rt_sigaction(SIGSYS)");
		return -1;
	}
	if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, start, len, &selector))
		return interpose_refused(ctx, "prctl(PR_SET_SYSCALL_USER_DISPATCH)",
					 errno == EINVAL ? " (Linux 5.11+ needed)" : "");
	selector = SYSCALL_DISPATCH_FILTER_BLOCK;
	return 0;
}

static void sud_off(struct interpose_ctx *ctx)
{
	(void)ctx;
	selector = SYSCALL_DISPATCH_FILTER_ALLOW;
	prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_OFF, 0, 0, 0);
}

const struct interpose_mechanism interpose_mech_sud = {
	.name = "sud",
	.setup = sud_on,
	.teardown = sud_off,
};
