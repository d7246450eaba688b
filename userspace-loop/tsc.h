/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ordered TSC reads for the userspace loop.
 *
 * rdtscp waits until every earlier instruction has executed; the lfence
 * after it keeps later instructions from starting before the read. TSC_AUX,
 * which rdtscp returns in ecx, holds (node << 12) | cpu on Linux.
 */
#ifndef IOPROBE_TSC_H
#define IOPROBE_TSC_H

#include <stdint.h>

#define TSC_AUX_CPU(aux) ((aux) & 0xfffu)

static inline uint64_t tsc_read_ordered(uint32_t *cpu)
{
	uint32_t lo, hi, aux;

	__asm__ __volatile__("lfence\n\trdtscp\n\tlfence"
			     : "=a"(lo), "=d"(hi), "=c"(aux)
			     :
			     : "memory");
	*cpu = TSC_AUX_CPU(aux);
	return ((uint64_t)hi << 32) | lo;
}

/*
 * One measured ioctl: the ordered stamp is the last thing before the
 * `syscall` instruction. Between them there are only five register moves
 * (save the stamp, load the ioctl number and arg), because rdtscp itself
 * overwrites eax, edx and ecx. r8-r10 survive `syscall` on x86-64 Linux.
 * Always inlined: at -O0 a separate leaf function would keep its locals in
 * the red zone, which a ring-0 unikernel's syscall entry (HermiTux pushes
 * the registers on the caller's stack) overwrites.
 */
static inline __attribute__((always_inline)) long
tsc_stamped_ioctl(int fd, unsigned long cmd, unsigned long arg, uint64_t *tsc,
		  uint32_t *cpu)
{
	register uint64_t lo __asm__("r8");
	register uint64_t hi __asm__("r9");
	register uint64_t aux __asm__("r10");
	long ret;

	__asm__ __volatile__("lfence\n\t"
			     "rdtscp\n\t"
			     "lfence\n\t"
			     "mov %%eax, %%r8d\n\t"
			     "mov %%edx, %%r9d\n\t"
			     "mov %%ecx, %%r10d\n\t"
			     "mov %[arg], %%rdx\n\t"
			     "mov $16, %%eax\n\t" /* __NR_ioctl */
			     "syscall"
			     : "=&a"(ret), "=&r"(lo), "=&r"(hi), "=&r"(aux)
			     : "D"((long)fd), "S"(cmd), [arg] "r"(arg)
			     : "rcx", "rdx", "r11", "memory");
	*tsc = (hi << 32) | (lo & 0xffffffffu);
	*cpu = TSC_AUX_CPU((uint32_t)aux);
	return ret;
}

#endif /* IOPROBE_TSC_H */
