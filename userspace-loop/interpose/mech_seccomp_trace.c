// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp-trace: a seccomp filter returns SECCOMP_RET_TRACE for the loop's
 * calls; a tracer (tracer.c, attached with PTRACE_O_TRACESECCOMP before the
 * loop makes its first call: without a tracer the call fails with ENOSYS) gets one
 * PTRACE_EVENT_SECCOMP stop per call and resumes it with PTRACE_CONT; the
 * kernel then runs the call. Per call: one stop (two context switches) and
 * the tracer's waitpid, PTRACE_GET_SYSCALL_INFO and PTRACE_CONT.
 * Cannot hook: the vDSO; the filter stays until the process exits.
 */
#include <errno.h>
#include <linux/seccomp.h>

#include "interpose.h"

static int trace_on(struct interpose_ctx *ctx)
{
	ctx->tracer_mode = TRACE_SECCOMP;
	if (interpose_helper_spawn(ctx, interpose_tracer_main))
		return -1;
	/*
	 * The tracer, forked first, is not under the filter; the loop makes none of
	 * the filtered calls before the tracer is attached (they would fail ENOSYS).
	 */
	if (interpose_install_filter(SECCOMP_RET_TRACE, 0) < 0)
		return interpose_refused(ctx, "seccomp(SECCOMP_RET_TRACE)", "");
	return interpose_helper_start(ctx, -1);
}

const struct interpose_mechanism interpose_mech_seccomp_trace = {
	.name = "seccomp-trace",
	.helper = "tracer",
	.setup = trace_on,
	.teardown = interpose_tracer_detach,
};
