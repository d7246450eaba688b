// SPDX-License-Identifier: GPL-2.0
/*
 * The "ioctl" of roundtrip-loop-fncall-lib, compiled apart into a static library so
 * that the loop's compiler cannot see it. Same body as roundtrip_same_ioctl() in
 * roundtrip_call_fncall_same.h: what Linux answers for an unknown command.
 */
#include <errno.h>

#include "roundtrip_call_fncall_lib.h"

long roundtrip_lib_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
	(void)fd;
	(void)cmd;
	(void)arg;
	return -ENOTTY;
}
