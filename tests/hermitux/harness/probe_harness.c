// SPDX-License-Identifier: GPL-2.0
/*
 * Drives the HermiTux probe's SET_MODE, STAMP, FLUSH and RESET from several threads (built with
 * -fsanitize=thread by CMake: any data race fails the run). Prints one line per check and exits
 * non-zero if any failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <hermit/ioctl_probe.h>

#include "harness.h"

static int failures;


void check(const char *name, int ok, const char *detail)
{
	printf("%s %s%s%s\n", ok ? "ok" : "FAIL", name, *detail ? ": " : "", detail);
	failures += !ok;
}

int set_mode(uint32_t mode, uint32_t entries)
{
	return ioctl_probe_ioctl(0, 0, IOPROBE_HX_SET_MODE, ARG(entries, mode));
}

int stamp(uint32_t run, uint32_t seq)
{
	return ioctl_probe_ioctl(seq + 1, run, IOPROBE_HX_STAMP, ARG(run, seq));
}

int flush(void)
{
	return ioctl_probe_ioctl(0, 0, IOPROBE_HX_FLUSH, 1);
}

int reset(void)
{
	return ioctl_probe_ioctl(0, 0, IOPROBE_HX_RESET, 0);
}

/* Every record of run 1..@runs, each run's seqs increasing (a slot is claimed in call order). */
int records_sane(const struct harness_dump *d, uint32_t runs)
{
	long last[8];
	size_t i;

	memset(last, 0xff, sizeof(last));
	for (i = 0; i < d->count; i++) {
		if (d->runs[i] < 1 || d->runs[i] > runs) {
			fprintf(stderr, "record %zu: run %#x\n", i, d->runs[i]);
			return 0;
		}
		if (d->begins == 1 && (long)d->seqs[i] <= last[d->runs[i]])
			return 0;
		last[d->runs[i]] = d->seqs[i];
	}
	return !d->bad_lines && d->begins == d->ends;
}

struct stamper {
	pthread_t thread;
	uint32_t run, count;
	const int *stop;	/* stamp until set, when not NULL */
	unsigned long odd;	/* returns other than 0 and -ENODATA */
};

static void *stamper_main(void *arg)
{
	struct stamper *s = arg;
	uint32_t seq;
	int ret;

	for (seq = 0; s->stop ? !__atomic_load_n(s->stop, __ATOMIC_RELAXED) : seq < s->count;
	     seq++) {
		ret = stamp(s->run, seq);
		s->odd += ret != 0 && ret != -ENODATA;
	}
	return NULL;
}

unsigned long run_stampers(int n, uint32_t count, const int *stop,
				  void (*meanwhile)(void))
{
	struct stamper s[8];
	unsigned long odd = 0;
	int i;

	for (i = 0; i < n; i++) {
		s[i] = (struct stamper){ .run = (uint32_t)i + 1, .count = count, .stop = stop };
		pthread_create(&s[i].thread, NULL, stamper_main, &s[i]);
	}
	if (meanwhile)
		meanwhile();
	for (i = 0; i < n; i++) {
		pthread_join(s[i].thread, NULL);
		odd += s[i].odd;
	}
	return odd;
}

int main(void)
{
	check_full_buffer();
	check_dropped_exact();
	check_reset_races();
	check_mode_races();
	check_failed_set_mode();
	check_flush_errno();
	check_fresh_buffer_clean();
	check_printk_count();
	check_printk_warmup_quiet();
	set_mode(IOPROBE_HX_MODE_OFF, 0);
	printf("%s\n", failures ? "FAILED" : "all checks passed");
	return failures ? 1 : 0;
}
