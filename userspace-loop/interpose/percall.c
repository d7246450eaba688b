// SPDX-License-Identifier: GPL-2.0
/*
 * The per-call pass: after the round trip's total pass, the same process,
 * with the mechanism still installed, makes `calls` more calls with an
 * ordered TSC stamp right before and right after each `syscall`
 * (tsc_stamped_call.h, the entry loop's stamped site), and gives the
 * distribution of after - before (p50, p99...). It is a second pass so that
 * the total pass's cycles per call carry no stamp cost: the stamp pair costs
 * about the TSC floor (printed on the floor line) per call.
 * interpose_percall_calls is the only function with per-call sites: the
 * rewriter selects it by name (CMakeLists.txt). Built at -O0 like the loop.
 */
#include <errno.h>
#include <stdlib.h>

#include <ioctl_probe/ioctl_probe.h>

#include "../tsc.h"
#include "interpose.h"

#define TSC_STAMPED_NAME tsc_stamped_nosys
#define TSC_STAMPED_NR "500" /* INTERPOSE_NOSYS_NR */
#include "../tsc_stamped_call.h"

/* warmup + calls stamped calls; keeps the last `calls` deltas and their tally. */
void interpose_percall_calls(int nosys, int fd, unsigned long arg, unsigned int warmup,
			     unsigned int calls, long expected, int64_t *deltas,
			     struct interpose_percall *out);

void interpose_percall_calls(int nosys, int fd, unsigned long arg, unsigned int warmup,
			     unsigned int calls, long expected, int64_t *deltas,
			     struct interpose_percall *out)
{
	unsigned long cmd = IOPROBE_NULL_CMD;
	struct tsc_call_stamps s;
	uint32_t prev_cpu = 0;
	unsigned int i, k;
	long r;

	for (i = 0; i < warmup + calls; i++) {
		if (nosys)
			r = tsc_stamped_nosys(fd, cmd, arg, &s);
		else
			r = tsc_stamped_ioctl(fd, cmd, arg, &s);
		if (i < warmup) {
			prev_cpu = s.cpu_after;
			continue;
		}
		k = i - warmup;
		if (k == 0)
			out->first_result = r;
		if (r != expected)
			out->errors++;
		deltas[k] = (int64_t)(s.after - s.before);
		if (deltas[k] < 0)
			out->negative++;
		if (s.cpu_before != prev_cpu || s.cpu_after != s.cpu_before)
			out->migrations++;
		prev_cpu = s.cpu_after;
	}
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

void interpose_percall_run(enum interpose_call call, int fd, unsigned long arg,
			   unsigned int warmup, unsigned int calls, long expected,
			   int64_t *deltas, struct interpose_percall *out)
{
	out->calls = calls;
	out->errors = out->negative = out->migrations = 0;
	interpose_percall_calls(call == INTERPOSE_CALL_NOSYS, fd, arg, warmup, calls, expected,
				deltas, out);
	qsort(deltas, calls, sizeof(*deltas), cmp_i64);
	out->min = deltas[0];
	out->p50 = deltas[(calls - 1) / 2];
	out->p99 = deltas[(99ull * calls + 99) / 100 - 1]; /* nearest rank */
	out->max = deltas[calls - 1];
}
