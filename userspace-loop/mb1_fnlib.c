// SPDX-License-Identifier: GPL-2.0
/*
 * The "ioctl" of loop-fncall-lib, compiled apart into a static library so
 * that the loop's compiler cannot see it. Same body as mb1_same_ioctl() in
 * mb1_call_fncall_same.h: what Linux answers for an unknown command.
 */
#include <errno.h>

#include "mb1_call_fncall_lib.h"

long mb1_lib_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
	(void)fd;
	(void)cmd;
	(void)arg;
	return -ENOTTY;
}
