// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp-trap: a seccomp filter returns SECCOMP_RET_TRAP for the loop's
 * calls (seccomp_filter.c), so each raises SIGSYS instead of running; the
 * handler (signal_hook.c) issues the call from interpose_exempt_ip, which the
 * filter lets through. Costs the filter run, a signal frame (its size grows
 * with the CPU's XSAVE state) and the re-issued call. Cannot hook: the vDSO;
 * and the filter stays until the process exits (no teardown exists).
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>

#include "interpose.h"

static int trap_on(struct interpose_ctx *ctx)
{
	if (interpose_install_signal_hook(SIGSYS)) {
		perror("interpose-loop: rt_sigaction(SIGSYS)");
		return -1;
	}
	if (interpose_install_filter(SECCOMP_RET_TRAP, 0) < 0)
		return interpose_refused(ctx, "seccomp(SECCOMP_SET_MODE_FILTER)", "");
	return 0;
}

const struct interpose_mechanism interpose_mech_seccomp_trap = {
	.name = "seccomp-trap",
	.setup = trap_on,
};
