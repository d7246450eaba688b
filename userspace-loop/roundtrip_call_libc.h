/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Round-trip call mechanism: the C library's ioctl() wrapper (glibc or musl,
 * whichever libc the binary is linked against, statically).
 */
#ifndef ROUNDTRIP_CALL_LIBC_H
#define ROUNDTRIP_CALL_LIBC_H

#include <sys/ioctl.h>

#ifdef __GLIBC__
#define ROUNDTRIP_VARIANT "libc-glibc"
#else
#define ROUNDTRIP_VARIANT "libc-musl" /* built by musl-gcc only */
#endif

/* glibc declares ioctl(int, unsigned long, ...), musl ioctl(int, int, ...). */
#define roundtrip_call(fd, cmd, arg) ((long)ioctl((fd), (cmd), (arg)))

#endif /* ROUNDTRIP_CALL_LIBC_H */
