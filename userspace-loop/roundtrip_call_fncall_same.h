/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Round-trip call mechanism: "ioctl" is a plain function of the loop's own
 * translation unit (this header is included by roundtrip_loop.c only), as in a
 * unikernel whose syscall implementation the compiler can see. It answers
 * what Linux answers for an unknown command: -ENOTTY.
 */
#ifndef ROUNDTRIP_CALL_FNCALL_SAME_H
#define ROUNDTRIP_CALL_FNCALL_SAME_H

#include <errno.h>

#define ROUNDTRIP_VARIANT "fncall-same"

static long roundtrip_same_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
	(void)fd;
	(void)cmd;
	(void)arg;
	return -ENOTTY;
}

#define roundtrip_call(fd, cmd, arg) roundtrip_same_ioctl((fd), (cmd), (arg))

#endif /* ROUNDTRIP_CALL_FNCALL_SAME_H */
