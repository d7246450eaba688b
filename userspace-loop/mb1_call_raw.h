/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MB1 call mechanism: the `syscall` instruction inlined into the loop, no C
 * library in the timed path. Returns what the kernel returns (-errno).
 */
#ifndef MB1_CALL_RAW_H
#define MB1_CALL_RAW_H

#define MB1_VARIANT "raw"

/* always_inline is honoured at -O0 too: no call frame around `syscall`. */
static inline __attribute__((always_inline)) long
mb1_call(int fd, unsigned long cmd, unsigned long arg)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "0"(16L) /* __NR_ioctl */, "D"((long)fd), "S"(cmd),
			       "d"(arg)
			     : "rcx", "r11", "memory");
	return ret;
}

#endif /* MB1_CALL_RAW_H */
