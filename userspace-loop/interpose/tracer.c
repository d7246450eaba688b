// SPDX-License-Identifier: GPL-2.0
/*
 * The tracer of seccomp-trace, ptrace and ptrace-sysemu: a child of the loop
 * that attaches to it (PTRACE_SEIZE) and serves its stops until the loop
 * makes the marker call (interpose_tracer_detach_call), then detaches.
 *
 * Per stop it makes one waitpid, one PTRACE_GET_SYSCALL_INFO (what the call
 * is) and one resume request; ptrace-sysemu adds one PTRACE_POKEUSER to set
 * the result of a call it answers.
 *  - TRACE_SECCOMP: stops only where the filter returns SECCOMP_RET_TRACE
 *    (the loop's calls); PTRACE_CONT lets the kernel run the call.
 *  - TRACE_SYSCALL: PTRACE_SYSCALL stops at entry and at exit of every call
 *    of the loop; the loop's calls are counted at entry.
 *  - TRACE_SYSEMU: PTRACE_SYSEMU stops at entry and the call never runs: the
 *    tracer answers the loop's calls itself (ctx->answer). Any other call
 *    (the loop's printf, open...) is replayed: rewound by 2 bytes to its
 *    `syscall` with rax = its number, the process resumed with PTRACE_SYSCALL
 *    (the skipped call's exit stop, then the real call's entry and exit
 *    stops), then PTRACE_SYSEMU again.
 * Signals are delivered on (re-injected), so SIGINT still stops the loop.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "interpose.h"

struct tracer {
	pid_t pid;
	enum interpose_tracer_mode mode;
	long answer;
	struct interpose_shared *shared;
	int replaying; /* TRACE_SYSEMU: a call is being replayed ... */
	int replay_entered; /* ... and its real entry stop has been seen */
};

static long resume_request(const struct tracer *t)
{
	if (t->mode == TRACE_SECCOMP)
		return PTRACE_CONT;
	if (t->mode == TRACE_SYSEMU && !t->replaying)
		return PTRACE_SYSEMU;
	return PTRACE_SYSCALL;
}

/* Sends the call at this SYSEMU entry stop back through the kernel. */
static int replay_call(struct tracer *t)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, t->pid, 0, &r))
		return -1;
	r.rip -= 2; /* the `syscall` instruction again */
	r.rax = r.orig_rax;
	if (ptrace(PTRACE_SETREGS, t->pid, 0, &r))
		return -1;
	t->replaying = 1;
	t->replay_entered = 0;
	return 0;
}

/* An entry (or seccomp) stop: 1 to detach, 0 to resume, -1 on error. */
static int on_call(struct tracer *t, const struct __ptrace_syscall_info *info)
{
	const uint64_t *a = info->op == PTRACE_SYSCALL_INFO_SECCOMP ? info->seccomp.args
								      : info->entry.args;
	long nr = info->op == PTRACE_SYSCALL_INFO_SECCOMP ? (long)info->seccomp.nr
							  : (long)info->entry.nr;
	int measured = interpose_is_measured(nr, a[0], a[1]);

	if (interpose_is_marker(nr, a[0], a[1]))
		return 1;
	if (t->replaying) {
		t->replay_entered = 1;
		return 0;
	}
	if (measured)
		t->shared->hooked++;
	if (t->mode != TRACE_SYSEMU)
		return 0;
	if (measured)
		return ptrace(PTRACE_POKEUSER, t->pid, offsetof(struct user, regs.rax),
			      t->answer) ? -1 : 0;
	return replay_call(t);
}

/* A PTRACE_O_TRACESYSGOOD stop or a seccomp event stop: 1 to detach, 0, -1. */
static int on_syscall_stop(struct tracer *t)
{
	struct __ptrace_syscall_info info;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->pid, sizeof(info), &info) <= 0)
		return -1;
	if (info.op == PTRACE_SYSCALL_INFO_ENTRY || info.op == PTRACE_SYSCALL_INFO_SECCOMP)
		return on_call(t, &info);
	if (info.op == PTRACE_SYSCALL_INFO_EXIT && t->replaying && t->replay_entered)
		t->replaying = 0; /* the replayed call is done: back to SYSEMU */
	return 0;
}

/* Serves the loop's stops until it exits or makes the marker call. */
static void serve(struct tracer *t)
{
	int status, sig, r;

	for (;;) {
		if (waitpid(t->pid, &status, __WALL) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			return;
		sig = WSTOPSIG(status);
		r = 0;
		if (sig == (SIGTRAP | 0x80) || status >> 8 == (SIGTRAP | PTRACE_EVENT_SECCOMP << 8))
			r = on_syscall_stop(t);
		else if (status >> 16 == PTRACE_EVENT_STOP)
			sig = 0; /* the attach interrupt, or a group stop: go on */
		if (r == 1) {
			ptrace(PTRACE_DETACH, t->pid, 0, 0);
			return;
		}
		if (r < 0)
			return; /* PTRACE_O_EXITKILL ends the loop with us */
		if (sig == (SIGTRAP | 0x80) || status >> 16)
			sig = 0; /* not a signal to deliver */
		if (ptrace(resume_request(t), t->pid, 0, sig))
			return;
	}
}

void interpose_tracer_main(struct interpose_ctx *ctx, pid_t loop, int sock, int passed_fd)
{
	struct tracer t = { .pid = loop, .mode = ctx->tracer_mode, .answer = ctx->answer,
			    .shared = ctx->shared };
	long options = PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD;

	(void)passed_fd;
	if (t.mode == TRACE_SECCOMP)
		options |= PTRACE_O_TRACESECCOMP;
	if (ptrace(PTRACE_SEIZE, loop, 0, options))
		interpose_helper_fail(ctx, sock, 1, "PTRACE_SEIZE");
	/* Syscall stops start with a resume request: stop the loop once for it. */
	if (t.mode != TRACE_SECCOMP) {
		if (ptrace(PTRACE_INTERRUPT, loop, 0, 0))
			interpose_helper_fail(ctx, sock, 0, "PTRACE_INTERRUPT");
	}
	interpose_helper_ready(sock);
	serve(&t);
}

/* Loop side (teardown): the marker call makes the tracer detach and exit. */
void interpose_tracer_detach(struct interpose_ctx *ctx)
{
	syscall(INTERPOSE_NOSYS_NR, INTERPOSE_MARKER, INTERPOSE_MARKER); /* -ENOSYS */
	interpose_helper_stop(ctx, 0);
}
