// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp-notify, seccomp-notify-sync: a seccomp filter returns
 * SECCOMP_RET_USER_NOTIF for the loop's calls; the loop blocks while a
 * supervisor process, which the filter does not catch (forked before it),
 * receives the notification (SECCOMP_IOCTL_NOTIF_RECV) and answers
 * SECCOMP_USER_NOTIF_FLAG_CONTINUE (SECCOMP_IOCTL_NOTIF_SEND): the kernel
 * then runs the call. Per call: two ioctls in the supervisor and two wake-ups
 * (loop -> supervisor -> loop), each a context switch when both share a CPU.
 * seccomp-notify-sync sets SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP on the listener
 * (Linux 6.6+): the wake-ups hand the CPU over directly (WF_CURRENT_CPU)
 * instead of going through the scheduler's usual wake-up path.
 * Cannot hook: the vDSO; the filter stays until the process exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "interpose.h"

/* Linux 6.6 uapi; Debian 12's headers are 6.1. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

static void supervise(struct interpose_ctx *ctx, pid_t loop, int sock, int listener)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	if (listener < 0)
		interpose_helper_fail(ctx, sock, 0, "receiving the listener fd");
	interpose_helper_ready(sock);
	for (;;) {
		memset(&req, 0, sizeof(req)); /* the kernel insists */
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req)) {
			if (errno == EINTR || (errno == ENOENT && getppid() == loop))
				continue; /* ENOENT: the loop's call was interrupted */
			_exit(1);
		}
		if (interpose_is_measured(req.data.nr, req.data.args[0], req.data.args[1]))
			ctx->shared->hooked++;
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) && errno != ENOENT)
			_exit(1);
	}
}

static int notify_on(struct interpose_ctx *ctx, int sync_wake_up)
{
	int listener, r;

	if (interpose_helper_spawn(ctx, supervise))
		return -1;
	listener = interpose_install_filter(SECCOMP_RET_USER_NOTIF,
					    SECCOMP_FILTER_FLAG_NEW_LISTENER);
	if (listener < 0)
		return interpose_refused(ctx, "seccomp(SECCOMP_RET_USER_NOTIF)",
					 errno == EINVAL ? " (Linux 5.0+ needed)" : "");
	if (sync_wake_up &&
	    ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP)) {
		close(listener);
		return interpose_refused(ctx, "SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP",
					 " (Linux 6.6+ needed)");
	}
	r = interpose_helper_start(ctx, listener);
	close(listener);
	return r;
}

static int notify_async(struct interpose_ctx *ctx)
{
	return notify_on(ctx, 0);
}

static int notify_sync(struct interpose_ctx *ctx)
{
	return notify_on(ctx, 1);
}

static void notify_off(struct interpose_ctx *ctx)
{
	interpose_helper_stop(ctx, 1);
}

const struct interpose_mechanism interpose_mech_seccomp_notify = {
	.name = "seccomp-notify",
	.helper = "supervisor",
	.setup = notify_async,
	.teardown = notify_off,
};

const struct interpose_mechanism interpose_mech_seccomp_notify_sync = {
	.name = "seccomp-notify-sync",
	.helper = "supervisor",
	.setup = notify_sync,
	.teardown = notify_off,
};
