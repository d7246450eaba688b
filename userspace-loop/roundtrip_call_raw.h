/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Round-trip call mechanism: the `syscall` instruction inlined into the loop, no C
 * library in the timed path. Returns what the kernel returns (-errno).
 */
#ifndef ROUNDTRIP_CALL_RAW_H
#define ROUNDTRIP_CALL_RAW_H

/*
 * The number: ioctl's. The interposition loop (interpose/) builds this loop
 * a second time with ROUNDTRIP_RAW_NR 500L (a number no kernel assigns) and
 * ROUNDTRIP_VARIANT "raw-nosys".
 */
#ifndef ROUNDTRIP_RAW_NR
#define ROUNDTRIP_RAW_NR 16L /* __NR_ioctl */
#endif
#ifndef ROUNDTRIP_VARIANT
#define ROUNDTRIP_VARIANT "raw"
#endif

/* always_inline is honoured at -O0 too: no call frame around `syscall`. */
static inline __attribute__((always_inline)) long
roundtrip_call(int fd, unsigned long cmd, unsigned long arg)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "0"(ROUNDTRIP_RAW_NR), "D"((long)fd), "S"(cmd),
			       "d"(arg)
			     : "rcx", "r11", "memory");
	return ret;
}

#endif /* ROUNDTRIP_CALL_RAW_H */
