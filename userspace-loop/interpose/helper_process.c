// SPDX-License-Identifier: GPL-2.0
/*
 * Supervisors (seccomp-notify) and tracers (seccomp-trace, ptrace,
 * ptrace-sysemu) are children of the loop that never outlive it:
 *  - PR_SET_PDEATHSIG(SIGKILL), then a getppid() check for the loop dying
 *    before the prctl took effect; tracers add PTRACE_O_EXITKILL (tracer
 *    dies: the loop dies too, never left running half-hooked);
 *  - pinned to ctx->helper_cpu (the loop's CPU unless --supervisor-cpu);
 *  - a handshake on a socketpair: the loop sends "go" (with the seccomp
 *    listener fd attached, for a supervisor) once it has allowed the child to
 *    trace it (PR_SET_PTRACER, for Yama); the child answers one byte when it
 *    is ready, or after recording in the shared page why it could not be.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "interpose.h"

static int pin_helper(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* Child side: waits for "go"; returns the fd that came with it, or -1. */
static int receive_go(int sock)
{
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf,
			      .msg_controllen = sizeof(c.buf) };
	struct cmsghdr *h;
	int fd = -1;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		_exit(1); /* the loop is gone */
	h = CMSG_FIRSTHDR(&msg);
	if (h && h->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(h), sizeof(int));
	return fd;
}

int interpose_helper_spawn(struct interpose_ctx *ctx, interpose_helper_fn fn)
{
	int sv[2], passed_fd;
	pid_t loop = getpid(), pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		perror("interpose-loop: socketpair");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		perror("interpose-loop: fork");
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != loop)
			_exit(1);
		passed_fd = receive_go(sv[1]);
		if (pin_helper(ctx->helper_cpu))
			interpose_helper_fail(ctx, sv[1], 0, "pinning the helper");
		ctx->shared->helper_cpu = sched_getcpu();
		fn(ctx, loop, sv[1], passed_fd);
		_exit(0);
	}
	close(sv[1]);
	ctx->helper = pid;
	ctx->helper_sock = sv[0];
	return 0;
}

/* Loop side: lets the child start; pass_fd >= 0 travels with the message. */
static int helper_go(struct interpose_ctx *ctx, int pass_fd)
{
	char byte = 'g';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

	/* Yama (ptrace_scope 1) lets only ancestors trace, unless told; no Yama: EINVAL. */
	prctl(PR_SET_PTRACER, ctx->helper, 0, 0, 0);
	if (pass_fd >= 0) {
		memset(&c, 0, sizeof(c));
		msg.msg_control = c.buf;
		msg.msg_controllen = sizeof(c.buf);
		CMSG_FIRSTHDR(&msg)->cmsg_level = SOL_SOCKET;
		CMSG_FIRSTHDR(&msg)->cmsg_type = SCM_RIGHTS;
		CMSG_FIRSTHDR(&msg)->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(CMSG_FIRSTHDR(&msg)), &pass_fd, sizeof(int));
	}
	if (sendmsg(ctx->helper_sock, &msg, MSG_NOSIGNAL) != 1) {
		perror("interpose-loop: starting the helper");
		return -1;
	}
	return 0;
}

/*
 * Loop side: lets the child start (pass_fd >= 0 travels with the message) and
 * waits until it is ready: 0, INTERPOSE_SKIP (the kernel refused what the
 * helper needs), or -1.
 */
int interpose_helper_start(struct interpose_ctx *ctx, int pass_fd)
{
	struct interpose_shared *sh = ctx->shared;
	char byte;
	ssize_t n;

	if (helper_go(ctx, pass_fd))
		return -1;
	do
		n = read(ctx->helper_sock, &byte, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1) {
		fprintf(stderr, "interpose-loop: the %s died before it was ready\n",
			ctx->mech->helper);
		return -1;
	}
	if (!sh->failed_errno)
		return 0;
	errno = sh->failed_errno;
	if (sh->failed_refused)
		return interpose_refused(ctx, sh->failed_what, "");
	fprintf(stderr, "interpose-loop: %s: %s: %s\n", ctx->mech->helper, sh->failed_what,
		strerror(sh->failed_errno));
	return -1;
}

/* Loop side: reaps the helper; kill_it for one that would not exit itself. */
void interpose_helper_stop(struct interpose_ctx *ctx, int kill_it)
{
	if (!ctx->helper)
		return;
	if (kill_it)
		kill(ctx->helper, SIGKILL);
	while (waitpid(ctx->helper, NULL, 0) < 0 && errno == EINTR)
		;
	close(ctx->helper_sock);
	ctx->helper = 0;
}

void interpose_helper_ready(int sock)
{
	if (write(sock, "r", 1) != 1)
		_exit(1);
}

/* Child side: records errno and what failed, tells the loop, exits. */
void interpose_helper_fail(struct interpose_ctx *ctx, int sock, int refused, const char *what)
{
	struct interpose_shared *sh = ctx->shared;

	sh->failed_errno = errno ? errno : EINVAL;
	sh->failed_refused = refused;
	snprintf(sh->failed_what, sizeof(sh->failed_what), "%s", what);
	interpose_helper_ready(sock);
	_exit(1);
}
