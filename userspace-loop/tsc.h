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

/* The entry-latency loops' measured call: ioctl (__NR_ioctl = 16); see tsc_stamped_call.h. */
#define TSC_STAMPED_NAME tsc_stamped_ioctl
#define TSC_STAMPED_NR "16"
#include "tsc_stamped_call.h"

#endif /* IOPROBE_TSC_H */
