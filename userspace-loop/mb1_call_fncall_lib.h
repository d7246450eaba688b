/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MB1 call mechanism: "ioctl" is a function of a separately compiled static
 * library (mb1_fnlib.c), as with a regular unikernel's libc/kernel archive:
 * the compiler cannot see or inline it.
 */
#ifndef MB1_CALL_FNCALL_LIB_H
#define MB1_CALL_FNCALL_LIB_H

#define MB1_VARIANT "fncall-lib"

long mb1_lib_ioctl(int fd, unsigned long cmd, unsigned long arg);

#define mb1_call(fd, cmd, arg) mb1_lib_ioctl((fd), (cmd), (arg))

#endif /* MB1_CALL_FNCALL_LIB_H */
