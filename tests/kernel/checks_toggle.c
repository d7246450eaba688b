// SPDX-License-Identifier: GPL-2.0
/*
 * Probe torture test: the hook switched on and off 1,000 times while another
 * process stamps through it. Each STAMP either took the normal ioctl path
 * (hook off: -EBADF on fd -1), found the mode off after passing the static
 * branch (-ENODATA), or returned 0 and printed exactly one kernel-log line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include <ioctl_probe/ioctl_probe.h>

#include "checks.h"
#include "torture_util.h"

#define RUN_TOGGLE 0x70661e00u
#define TOGGLES 1000

struct stamp_counts {
	volatile int stop;
	unsigned long ok, off, nodata, other, calls;
};

static int toggle_stamper(void *ctx)
{
	struct stamp_counts *c = ctx;
	uint32_t seq = 0;
	long ret;

	while (!c->stop) {
		ret = hook_call(IOPROBE_PATCH_STAMP, IOPROBE_ARG(RUN_TOGGLE, seq++));
		if (ret == 0)
			c->ok++;
		else if (ret == -EBADF)
			c->off++;
		else if (ret == -ENODATA)
			c->nodata++;
		else
			c->other++;
		c->calls++;
	}
	return 0;
}

void check_toggle(void)
{
	struct stamp_counts *c = mmap(NULL, sizeof(*c), PROT_READ | PROT_WRITE,
				      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char needle[64];
	unsigned long lines = 0;
	int kfd = kmsg_open(), failed = 0, i, child;
	pid_t pid;

	snprintf(needle, sizeof(needle), "ioprobe k patch %08x", RUN_TOGGLE);
	pid = start_child(1, toggle_stamper, c);
	for (i = 0; i < TOGGLES; i++) {
		failed += put(HOOK_PARAM("mode"), "printk") != 0;
		failed += put(HOOK_PARAM("mode"), "off") != 0;
		/* Drain the log as we go so the ring never wraps. */
		if (i % 20 == 0)
			lines += kmsg_count(kfd, needle);
	}
	c->stop = 1;
	child = wait_child(pid);
	lines += kmsg_count(kfd, needle);
	report("toggle_1000",
	       !failed && !child && c->ok > 0 && c->off > 0 && !c->other &&
		       lines == c->ok,
	       "%d toggles failed; stamps: %lu calls, %lu recorded, %lu hook off, %lu raced off, %lu other; kernel-log lines %lu",
	       failed, c->calls, c->ok, c->off, c->nodata, c->other, lines);
	close(kfd);
}
