// SPDX-License-Identifier: GPL-2.0
/*
 * ptrace, ptrace-sysemu: a tracer (tracer.c) attached to the loop.
 *   ptrace         PTRACE_SYSCALL: two stops per call (entry and exit), the
 *                  kernel runs the call in between; four context switches and
 *                  2 x (waitpid, PTRACE_GET_SYSCALL_INFO, PTRACE_SYSCALL).
 *   ptrace-sysemu  PTRACE_SYSEMU: one stop at entry, the call never runs, the
 *                  tracer writes the result (PTRACE_POKEUSER on rax): gVisor's
 *                  old ptrace platform. Every other call of the loop is replayed
 *                  through the kernel (see tracer.c).
 * Both stop at every system call of the loop, not only the measured ones.
 * Cannot hook: the vDSO.
 */
#include "interpose.h"

static int attach(struct interpose_ctx *ctx, enum interpose_tracer_mode mode)
{
	ctx->tracer_mode = mode;
	if (interpose_helper_spawn(ctx, interpose_tracer_main))
		return -1;
	return interpose_helper_start(ctx, -1);
}

static int attach_syscall(struct interpose_ctx *ctx)
{
	return attach(ctx, TRACE_SYSCALL);
}

static int attach_sysemu(struct interpose_ctx *ctx)
{
	return attach(ctx, TRACE_SYSEMU);
}

const struct interpose_mechanism interpose_mech_ptrace = {
	.name = "ptrace",
	.helper = "tracer",
	.setup = attach_syscall,
	.teardown = interpose_tracer_detach,
};

const struct interpose_mechanism interpose_mech_ptrace_sysemu = {
	.name = "ptrace-sysemu",
	.helper = "tracer",
	.emulates = 1,
	.setup = attach_sysemu,
	.teardown = interpose_tracer_detach,
};
