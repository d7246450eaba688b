/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Round-trip call mechanism: "ioctl" is a function of a separately compiled static
 * library (roundtrip_fnlib.c), as with a regular unikernel's libc/kernel archive:
 * the compiler cannot see or inline it.
 */
#ifndef ROUNDTRIP_CALL_FNCALL_LIB_H
#define ROUNDTRIP_CALL_FNCALL_LIB_H

#define ROUNDTRIP_VARIANT "fncall-lib"

long roundtrip_lib_ioctl(int fd, unsigned long cmd, unsigned long arg);

#define roundtrip_call(fd, cmd, arg) roundtrip_lib_ioctl((fd), (cmd), (arg))

#endif /* ROUNDTRIP_CALL_FNCALL_LIB_H */
