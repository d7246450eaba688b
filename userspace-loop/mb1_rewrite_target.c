// SPDX-License-Identifier: GPL-2.0
/*
 * The function that syscall-rewriter's `--target local:mb1_rewrite_ioctl`
 * sends loop-raw's `syscall` to (bench/trampoline/run.sh). Same body as
 * mb1_lib_ioctl() in mb1_fnlib.c, so rewritten loop-raw and loop-fncall-lib
 * differ only by the trampoline. Nothing in loop-raw calls it directly.
 */
#include <errno.h>

long mb1_rewrite_ioctl(int fd, unsigned long cmd, unsigned long arg);

__attribute__((noinline, used)) long mb1_rewrite_ioctl(int fd, unsigned long cmd,
							unsigned long arg)
{
	(void)fd;
	(void)cmd;
	(void)arg;
	return -ENOTTY;
}
