// SPDX-License-Identifier: GPL-2.0
/*
 * Probe torture test: /init of its own initramfs in the patched guest kernel
 * (tests/kernel/probe_torture.sh boots it). Each check prints one line,
 * "PROBE <check> ok" or "PROBE <check> FAIL <why>", then "PROBE done" and the
 * guest powers off. Argument: the suite, "main" (-smp 2, multi-threaded TCG),
 * "toggle" (single-threaded TCG, where flipping the static key while
 * another vCPU runs the ioctl syscall is safe) or "collector" (the real
 * collector's runs leave the probes as they found them).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "checks.h"
#include "torture_util.h"

static void mount_all(void)
{
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/dev", 0755);
	mkdir("/tmp", 01777);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
}

int main(int argc, char **argv)
{
	const char *suite = argc > 1 ? argv[1] : "main";

	setvbuf(stdout, NULL, _IOLBF, 0);
	mount_all();
	printf("PROBE start %s\n", suite);
	if (!strcmp(suite, "toggle"))
		run_toggle_checks();
	else if (!strcmp(suite, "collector"))
		run_collector_checks();
	else
		run_main_checks();
	printf("PROBE done\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
