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

/* The two stamps of one measured call and their TSC_AUX processor ids. */
struct tsc_call_stamps {
	uint64_t before, after;
	uint32_t cpu_before, cpu_after;
};

/*
 * One measured ioctl: the ordered stamp is the last thing before the
 * `syscall` instruction. Between them there are only five register moves
 * (save the stamp, load the ioctl number and arg), because rdtscp itself
 * overwrites eax, edx and ecx. r8-r10 survive `syscall` on x86-64 Linux.
 * Right after `syscall` returns, one move saves the result in r11 (which
 * `syscall` clobbers anyway) and the second ordered stamp is taken; the
 * stores to memory all come after it.
 * Always inlined: at -O0 a separate leaf function would keep its locals in
 * the red zone, which a ring-0 unikernel's syscall entry (HermiTux pushes
 * the registers on the caller's stack) overwrites.
 */
static inline __attribute__((always_inline)) long
tsc_stamped_ioctl(int fd, unsigned long cmd, unsigned long arg,
		  struct tsc_call_stamps *s)
{
	register uint64_t lo __asm__("r8");
	register uint64_t hi __asm__("r9");
	register uint64_t aux __asm__("r10");
	register long ret __asm__("r11");
	uint32_t lo2, hi2, aux2;

	__asm__ __volatile__("lfence\n\t"
			     "rdtscp\n\t"
			     "lfence\n\t"
			     "mov %%eax, %%r8d\n\t"
			     "mov %%edx, %%r9d\n\t"
			     "mov %%ecx, %%r10d\n\t"
			     "mov %[arg], %%rdx\n\t"
			     "mov $16, %%eax\n\t" /* __NR_ioctl */
			     "syscall\n\t"
			     "mov %%rax, %%r11\n\t"
			     "lfence\n\t"
			     "rdtscp\n\t"
			     "lfence"
			     : "=&a"(lo2), "=&d"(hi2), "=&c"(aux2), "=&r"(lo),
			       "=&r"(hi), "=&r"(aux), "=&r"(ret)
			     : "D"((long)fd), "S"(cmd), [arg] "r"(arg)
			     : "memory");
	s->before = (hi << 32) | (lo & 0xffffffffu);
	s->cpu_before = TSC_AUX_CPU((uint32_t)aux);
	s->after = ((uint64_t)hi2 << 32) | lo2;
	s->cpu_after = TSC_AUX_CPU(aux2);
	return ret;
}

#endif /* IOPROBE_TSC_H */
