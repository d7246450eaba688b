/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the libc-based loops (entry_loop.c, roundtrip_loop.c):
 * strict number parsing and the TSC read floor. The freestanding loop has
 * its own, since it cannot use the C library.
 */
#ifndef IOPROBE_LOOP_COMMON_H
#define IOPROBE_LOOP_COMMON_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "tsc.h"

/* Whole string, no sign or blank, at most @max; 0 on success. */
static inline int loop_parse_uint(const char *s, unsigned long long max,
				  int base, unsigned long long *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, base);
	if (errno || *end || *out > max)
		return -1;
	return 0;
}

static inline int loop_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Cost of one ordered read: back-to-back pairs, minimum and median. */
static inline int loop_measure_floor(unsigned int samples, uint64_t *min,
				     uint64_t *p50)
{
	uint64_t *d = calloc(samples, sizeof(*d));
	uint32_t cpu;
	unsigned int i;

	if (!d)
		return -1;
	for (i = 0; i < samples; i++) {
		uint64_t t0 = tsc_read_ordered(&cpu);
		uint64_t t1 = tsc_read_ordered(&cpu);

		d[i] = t1 - t0;
	}
	qsort(d, samples, sizeof(*d), loop_cmp_u64);
	*min = d[0];
	*p50 = d[(samples - 1) / 2];
	free(d);
	return 0;
}

#endif /* IOPROBE_LOOP_COMMON_H */
