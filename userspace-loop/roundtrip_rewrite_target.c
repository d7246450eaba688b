// SPDX-License-Identifier: GPL-2.0
/*
 * The function that syscall-rewriter's `--target local:roundtrip_rewrite_ioctl`
 * sends roundtrip-loop-raw's `syscall` to (bench/trampoline/run.sh). Same body
 * as roundtrip_lib_ioctl() in roundtrip_fnlib.c, so rewritten
 * roundtrip-loop-raw and roundtrip-loop-fncall-lib differ only by the
 * trampoline. Nothing in roundtrip-loop-raw calls it directly.
 */
#include <errno.h>

long roundtrip_rewrite_ioctl(int fd, unsigned long cmd, unsigned long arg);

__attribute__((noinline, used)) long roundtrip_rewrite_ioctl(int fd, unsigned long cmd,
							unsigned long arg)
{
	(void)fd;
	(void)cmd;
	(void)arg;
	return -ENOTTY;
}
