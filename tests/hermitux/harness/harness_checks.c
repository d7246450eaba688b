// SPDX-License-Identifier: GPL-2.0
/* The HermiTux probe's properties, each checked through its ioctl interface. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#include <hermit/ioctl_probe.h>

#include "harness.h"

void check_full_buffer(void)
{
	struct harness_dump d, after;
	unsigned long odd;
	char why[200];

	set_mode(IOPROBE_HX_MODE_BUFFER, 100);
	odd = run_stampers(4, 100, NULL, NULL);
	flush();
	harness_take_dump(&d);
	/* The counter must still work: after a RESET the next stamp lands in slot 0. */
	reset();
	stamp(7, 42);
	flush();
	harness_take_dump(&after);
	snprintf(why, sizeof(why),
		 "entries=%u dropped=%llu records=%zu odd=%lu; after RESET: entries=%u records=%zu",
		 d.entries, d.dropped, d.count, odd, after.entries, after.count);
	check("full_buffer",
	      !odd && d.entries == 100 && d.count == 100 && d.dropped == 300 &&
		      d.capacity == 100 && records_sane(&d, 4) && after.entries == 1 &&
		      after.count == 1 && after.runs[0] == 7 && after.seqs[0] == 42,
	      why);
	harness_dump_free(&d);
	harness_dump_free(&after);
}

void check_dropped_exact(void)
{
	struct harness_dump d;
	char why[160];

	set_mode(IOPROBE_HX_MODE_BUFFER, 3000);
	run_stampers(2, 5000, NULL, NULL);
	flush();
	harness_take_dump(&d);
	snprintf(why, sizeof(why), "2 x 5000 into 3000: entries=%u dropped=%llu records=%zu",
		 d.entries, d.dropped, d.count);
	check("dropped_exact",
	      d.entries == 3000 && d.dropped == 7000 && d.count == 3000 && records_sane(&d, 2),
	      why);
	harness_dump_free(&d);
}

static int stop_flag;

static void reset_repeatedly(void)
{
	int i;

	for (i = 0; i < 300; i++) {
		reset();
		if (i % 10 == 0)
			flush();
	}
	__atomic_store_n(&stop_flag, 1, __ATOMIC_SEQ_CST);
}

void check_reset_races(void)
{
	struct harness_dump races, d;
	unsigned long odd;
	uint32_t i;
	char why[200];

	set_mode(IOPROBE_HX_MODE_BUFFER, 64);
	stop_flag = 0;
	odd = run_stampers(3, 0, &stop_flag, reset_repeatedly);
	harness_take_dump(&races);
	reset();
	for (i = 0; i < 10; i++)
		stamp(5, i);
	flush();
	harness_take_dump(&d);
	snprintf(why, sizeof(why),
		 "dumps during the races: %d (bad lines %d, framing %d/%d); after: entries=%u dropped=%llu records=%zu",
		 races.begins, races.bad_lines, races.begins, races.ends, d.entries, d.dropped,
		 d.count);
	check("reset_races",
	      !odd && races.begins == 30 && records_sane(&races, 3) && d.entries == 10 &&
		      d.dropped == 0 && d.count == 10 && d.runs[0] == 5 && d.seqs[9] == 9,
	      why);
	harness_dump_free(&races);
	harness_dump_free(&d);
}

static int flushes_done;

static void *flusher_main(void *arg)
{
	(void)arg;
	/* 50 dumps are enough; then only the switches and stamps race on. */
	while (!__atomic_load_n(&stop_flag, __ATOMIC_SEQ_CST) &&
	       __atomic_load_n(&flushes_done, __ATOMIC_SEQ_CST) < 50) {
		if (flush() == 0)
			__atomic_fetch_add(&flushes_done, 1, __ATOMIC_SEQ_CST);
		sched_yield();
	}
	return NULL;
}

static void switch_modes(void)
{
	static const uint32_t entries[] = { 1000, 50, 0, 7 };
	pthread_t flusher;
	int i;

	flushes_done = 0;
	pthread_create(&flusher, NULL, flusher_main, NULL);
	/* At least 400 switches, and until 50 flushes found a buffer to dump. */
	for (i = 0; i < 400 || __atomic_load_n(&flushes_done, __ATOMIC_SEQ_CST) < 50; i++) {
		if (i % 3 == 2)
			set_mode(i % 2 ? IOPROBE_HX_MODE_PRINTK : IOPROBE_HX_MODE_OFF, 0);
		else
			set_mode(IOPROBE_HX_MODE_BUFFER, entries[i % 4] + 1);
		if (i % 5 == 0)
			reset();
		sched_yield();
	}
	__atomic_store_n(&stop_flag, 1, __ATOMIC_SEQ_CST);
	pthread_join(flusher, NULL);
}

void check_mode_races(void)
{
	struct harness_dump d;
	unsigned long odd;
	char why[160];

	set_mode(IOPROBE_HX_MODE_OFF, 0);	/* no records of earlier checks */
	stop_flag = 0;
	odd = run_stampers(3, 0, &stop_flag, switch_modes);
	harness_take_dump(&d);
	harness_klog_lines();
	snprintf(why, sizeof(why), "%d dumps, %zu records, bad lines %d, odd returns %lu",
		 d.begins, d.count, d.bad_lines, odd);
	check("mode_races", !odd && d.begins == 50 && records_sane(&d, 3), why);
	harness_dump_free(&d);
}

void check_failed_set_mode(void)
{
	struct harness_dump d;
	int nomem, bad_mode, too_big, ping, printk_nomem;
	unsigned long lines;
	char why[220];

	set_mode(IOPROBE_HX_MODE_BUFFER, 10);
	stamp(1, 0);
	stamp(1, 1);
	stamp(1, 2);
	harness_fail_allocs(1);
	nomem = set_mode(IOPROBE_HX_MODE_BUFFER, 20);
	bad_mode = set_mode(5, 0);
	too_big = set_mode(IOPROBE_HX_MODE_BUFFER, IOPROBE_BUFFER_MAX_ENTRIES + 1);
	ping = ioctl_probe_ioctl(0, 0, IOPROBE_HX_PING, 0);
	flush();
	harness_take_dump(&d);
	set_mode(IOPROBE_HX_MODE_PRINTK, 0);
	harness_klog_lines();
	harness_fail_allocs(1);
	printk_nomem = set_mode(IOPROBE_HX_MODE_BUFFER, 20);
	stamp(1, 3);
	lines = harness_klog_lines();
	snprintf(why, sizeof(why),
		 "-ENOMEM:%d -EINVAL:%d,%d ping=%#x kept entries=%u capacity=%u; from printk: %d, then %lu log line",
		 nomem, bad_mode, too_big, ping, d.entries, d.capacity, printk_nomem, lines);
	check("failed_set_mode_keeps_mode",
	      nomem == -ENOMEM && bad_mode == -EINVAL && too_big == -EINVAL &&
		      ping == IOPROBE_PING_REPLY && d.entries == 3 && d.capacity == 10 &&
		      d.count == 3 && printk_nomem == -ENOMEM && lines == 1,
	      why);
	harness_dump_free(&d);
}

void check_flush_errno(void)
{
	struct harness_dump d;
	int uhyve_fail, bad_fd, fine;
	char why[120];

	set_mode(IOPROBE_HX_MODE_BUFFER, 10);
	stamp(1, 0);
	harness_fail_writes(-1);
	uhyve_fail = flush();
	harness_fail_writes(-EBADF);
	bad_fd = flush();
	harness_fail_writes(0);
	fine = flush();
	harness_take_dump(&d);
	snprintf(why, sizeof(why), "uhyve's -1 -> %d, -EBADF -> %d, then %d with %zu records",
		 uhyve_fail, bad_fd, fine, d.count);
	check("flush_errno",
	      uhyve_fail == -EIO && bad_fd == -EBADF && fine == 0 && d.count == 1, why);
	harness_dump_free(&d);
}

void check_fresh_buffer_clean(void)
{
	struct harness_dump empty, two, again;
	char why[160];

	set_mode(IOPROBE_HX_MODE_BUFFER, 100);	/* kmalloc hands out dirty memory */
	flush();
	harness_take_dump(&empty);
	stamp(3, 0);
	stamp(3, 1);
	flush();
	harness_take_dump(&two);
	reset();
	flush();
	harness_take_dump(&again);
	snprintf(why, sizeof(why), "fresh: entries=%u records=%zu; 2 stamps: %zu; after RESET: %zu",
		 empty.entries, empty.count, two.count, again.count);
	check("fresh_buffer_clean",
	      empty.entries == 0 && empty.count == 0 && !empty.bad_lines && two.count == 2 &&
		      records_sane(&two, 3) && again.entries == 0 && again.count == 0,
	      why);
	harness_dump_free(&empty);
	harness_dump_free(&two);
	harness_dump_free(&again);
}

void check_printk_count(void)
{
	unsigned long odd, lines;
	char why[80];

	set_mode(IOPROBE_HX_MODE_PRINTK, 0);
	harness_klog_lines();
	odd = run_stampers(2, 1000, NULL, NULL);
	lines = harness_klog_lines();
	snprintf(why, sizeof(why), "2 x 1000 stamps -> %lu log lines", lines);
	check("printk_count", !odd && lines == 2000, why);
}

/* printk mode: warm-up calls answer 0 and print nothing; buffer mode still records them. */
void check_printk_warmup_quiet(void)
{
	struct harness_dump d;
	unsigned long lines;
	int ret = 0;
	uint32_t i;
	char why[96];

	set_mode(IOPROBE_HX_MODE_PRINTK, 0);
	harness_klog_lines();
	for (i = 0; i < 100; i++)
		ret |= stamp(1, IOPROBE_SEQ_WARMUP | i);
	ret |= stamp(1, 0);
	lines = harness_klog_lines();
	set_mode(IOPROBE_HX_MODE_BUFFER, 200);
	for (i = 0; i < 100; i++)
		ret |= stamp(1, IOPROBE_SEQ_WARMUP | i);
	flush();
	harness_take_dump(&d);
	snprintf(why, sizeof(why), "100 warm-up + 1 stamp -> %lu log lines; buffer: %zu records, ret %d",
		 lines, d.count, ret);
	check("printk_warmup_quiet", ret == 0 && lines == 1 && d.count == 100, why);
	harness_dump_free(&d);
}
