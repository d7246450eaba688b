/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MB1 call mechanism: "ioctl" is a plain function of the loop's own
 * translation unit (this header is included by mb1_loop.c only), as in a
 * unikernel whose syscall implementation the compiler can see. It answers
 * what Linux answers for an unknown command: -ENOTTY.
 */
#ifndef MB1_CALL_FNCALL_SAME_H
#define MB1_CALL_FNCALL_SAME_H

#include <errno.h>

#define MB1_VARIANT "fncall-same"

static long mb1_same_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
	(void)fd;
	(void)cmd;
	(void)arg;
	return -ENOTTY;
}

#define mb1_call(fd, cmd, arg) mb1_same_ioctl((fd), (cmd), (arg))

#endif /* MB1_CALL_FNCALL_SAME_H */
