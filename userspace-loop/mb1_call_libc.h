/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MB1 call mechanism: the C library's ioctl() wrapper (glibc or musl,
 * whichever libc the binary is linked against, statically).
 */
#ifndef MB1_CALL_LIBC_H
#define MB1_CALL_LIBC_H

#include <sys/ioctl.h>

#ifdef __GLIBC__
#define MB1_VARIANT "libc-glibc"
#else
#define MB1_VARIANT "libc-musl" /* built by musl-gcc only */
#endif

/* glibc declares ioctl(int, unsigned long, ...), musl ioctl(int, int, ...). */
#define mb1_call(fd, cmd, arg) ((long)ioctl((fd), (cmd), (arg)))

#endif /* MB1_CALL_LIBC_H */
