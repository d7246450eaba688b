/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MB1 call mechanism: the `syscall` instruction inlined into the loop, no C
 * library in the timed path. Returns what the kernel returns (-errno).
 */
#ifndef MB1_CALL_RAW_H
#define MB1_CALL_RAW_H

/*
 * The number: ioctl's. The interposition loop (interpose/) builds this loop
 * a second time with MB1_RAW_NR 500L (a number no kernel assigns) and
 * MB1_VARIANT "raw-nosys".
 */
#ifndef MB1_RAW_NR
#define MB1_RAW_NR 16L /* __NR_ioctl */
#endif
#ifndef MB1_VARIANT
#define MB1_VARIANT "raw"
#endif

/* always_inline is honoured at -O0 too: no call frame around `syscall`. */
static inline __attribute__((always_inline)) long
mb1_call(int fd, unsigned long cmd, unsigned long arg)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "0"(MB1_RAW_NR), "D"((long)fd), "S"(cmd),
			       "d"(arg)
			     : "rcx", "r11", "memory");
	return ret;
}

#endif /* MB1_CALL_RAW_H */
