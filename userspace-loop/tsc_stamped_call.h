/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stamped system call, written once for every number that needs one.
 * No include guard on purpose: each inclusion defines
 *   long TSC_STAMPED_NAME(int fd, unsigned long cmd, unsigned long arg,
 *                         struct tsc_call_stamps *s)
 * issuing system call TSC_STAMPED_NR (a string literal: it is part of the
 * instruction), then undefines both macros. tsc.h defines tsc_stamped_ioctl
 * (16) this way; the interposition loop adds its syscall-500 twin.
 * Include tsc.h first.
 */
#if !defined(TSC_STAMPED_NAME) || !defined(TSC_STAMPED_NR)
#error "define TSC_STAMPED_NAME and TSC_STAMPED_NR before including tsc_stamped_call.h"
#endif

/*
 * One measured system call: the ordered stamp is the last thing before the
 * `syscall` instruction. Between them there are only five register moves
 * (save the stamp, load the call's number and arg), because rdtscp itself
 * overwrites eax, edx and ecx. r8-r10 survive `syscall` on x86-64 Linux.
 * Right after `syscall` returns, one move saves the result in r11 (which
 * `syscall` clobbers anyway) and the second ordered stamp is taken; the
 * stores to memory all come after it.
 * Always inlined: at -O0 a separate leaf function would keep its locals in
 * the red zone, which a ring-0 unikernel's syscall entry (HermiTux pushes
 * the registers on the caller's stack) overwrites.
 */
static inline __attribute__((always_inline)) long
TSC_STAMPED_NAME(int fd, unsigned long cmd, unsigned long arg,
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
			     "mov $" TSC_STAMPED_NR ", %%eax\n\t"
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

#undef TSC_STAMPED_NAME
#undef TSC_STAMPED_NR
