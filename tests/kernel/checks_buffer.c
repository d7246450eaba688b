// SPDX-License-Identifier: GPL-2.0
/*
 * Probe torture test: the buffer under pressure. Overflow, two CPUs stamping
 * at once, dumps read while stamps, resets and mode switches happen, and
 * unloading the module while its device is open.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ioctl_probe/ioctl_probe.h>

#include "checks.h"
#include "torture_util.h"

#define RUN_BASE 0x5eed0000u

static void check_name(char *name, size_t size, const char *what,
		       const struct target *t)
{
	snprintf(name, size, "%s_%s", what, t->name);
}

static long target_reset(const struct target *t, int fd, uint32_t run)
{
	return fd_call(fd, t->reset, IOPROBE_ARG(run, 0));
}

void check_overflow(const struct target *t)
{
	char name[64];
	struct dump d;
	unsigned int bad, i, in_order = 1;
	int fd, err;

	check_name(name, sizeof(name), "overflow", t);
	err = target_setup(t, "100", "buffer");
	fd = target_open(t);
	target_reset(t, fd, RUN_BASE);
	bad = stamp_run(t, fd, RUN_BASE, 0, 150);
	target_close(t, fd);
	err = err ? err : dump_read(t->dump, &d, 0, NULL, NULL);
	for (i = 0; !err && i < d.count; i++)
		in_order &= d.recs[i].run == RUN_BASE && d.recs[i].seq == i &&
			    d.recs[i].tsc && d.recs[i].tsc <= d.recs[i].tsc_exit;
	report(name,
	       !err && !bad && d.has_end && d.entries == 100 && d.dropped == 50 &&
		       d.capacity == 100 && d.count == 100 && in_order,
	       "150 stamps into 100 entries: err=%d failed=%u entries=%u dropped=%llu capacity=%u records=%zu in-order=%u",
	       err, bad, d.entries, d.dropped, d.capacity, d.count, in_order);
	dump_free(&d);
}

static const struct target *smp_target;
static unsigned int smp_per_cpu;

/* Child pinned to one CPU: its run id is RUN_BASE + 1 + cpu. */
static int smp_stamper(void *ctx)
{
	int cpu = (int)(long)ctx;
	int fd = target_open(smp_target);
	unsigned int bad;

	if (smp_target->module && fd < 0)
		return 100;
	bad = stamp_run(smp_target, fd, RUN_BASE + 1 + cpu, 0, smp_per_cpu);
	target_close(smp_target, fd);
	return bad ? 101 : 0;
}

/*
 * Every record belongs to one of the two runs, was taken on that run's CPU,
 * has its exit stamp at or after its entry stamp (same CPU, same TSC), and
 * each run's sequence numbers increase in slot order without repeats.
 */
static int records_consistent(const struct dump *d, unsigned int per_cpu)
{
	long last[2] = { -1, -1 };
	size_t i;
	unsigned int k;

	for (i = 0; i < d->count; i++) {
		k = d->recs[i].run - (RUN_BASE + 1);
		if (k > 1 || d->recs[i].cpu != k || !d->recs[i].tsc ||
		    d->recs[i].tsc_exit < d->recs[i].tsc ||
		    d->recs[i].seq >= per_cpu || (long)d->recs[i].seq <= last[k])
			return 0;
		last[k] = d->recs[i].seq;
	}
	return 1;
}

static int run_smp_stampers(const struct target *t, unsigned int per_cpu)
{
	pid_t a, b;
	int ra, rb;

	smp_target = t;
	smp_per_cpu = per_cpu;
	a = start_child(0, smp_stamper, (void *)0L);
	b = start_child(1, smp_stamper, (void *)1L);
	ra = wait_child(a);
	rb = wait_child(b);
	return ra ? ra : rb;
}

void check_smp(const struct target *t, unsigned int entries,
	       unsigned int per_cpu)
{
	unsigned int total = 2 * per_cpu;
	unsigned int kept = total < entries ? total : entries;
	char name[64], cap[16];
	struct dump d;
	int fd, err, child;

	snprintf(name, sizeof(name), "smp_%s_%u_into_%u", t->name, total, entries);
	snprintf(cap, sizeof(cap), "%u", entries);
	err = target_setup(t, cap, "buffer");
	fd = target_open(t);
	target_reset(t, fd, RUN_BASE);
	target_close(t, fd);
	child = run_smp_stampers(t, per_cpu);
	err = err ? err : dump_read(t->dump, &d, 0, NULL, NULL);
	report(name,
	       !err && !child && d.has_end && d.entries == kept &&
		       d.count == kept && d.dropped == total - kept &&
		       records_consistent(&d, per_cpu),
	       "err=%d children=%d entries=%u records=%zu dropped=%llu (want %u, %llu)",
	       err, child, d.entries, d.count, d.dropped, kept,
	       (unsigned long long)(total - kept));
	dump_free(&d);
}

/* Stampers of check_dump_while_stamping: until told to stop, counting. */
struct stamp_race {
	volatile int stop;
	unsigned int done[2];
};

static struct stamp_race *race;

static int race_stamper(void *ctx)
{
	int cpu = (int)(long)ctx;
	int fd = target_open(smp_target);
	uint32_t seq;

	if (smp_target->module && fd < 0)
		return 100;
	for (seq = 0; seq < smp_per_cpu && !race->stop; seq++)
		if (fd_call(fd, smp_target->stamp, IOPROBE_ARG(RUN_BASE + 1 + cpu, seq)))
			return 101;
	race->done[cpu] = seq;
	target_close(smp_target, fd);
	return 0;
}

/* Ten dumps while two CPUs stamp: each consistent, never a claimed but unwritten slot. */
void check_dump_while_stamping(const struct target *t)
{
	unsigned int dumps, bad_dumps = 0, total;
	char name[64];
	struct dump d;
	pid_t a, b;
	int fd, ra, rb;

	check_name(name, sizeof(name), "dump_while_stamping", t);
	race = mmap(NULL, sizeof(*race), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	target_setup(t, "40000", "buffer");
	fd = target_open(t);
	target_reset(t, fd, RUN_BASE);
	target_close(t, fd);
	smp_target = t;
	smp_per_cpu = 20000;
	a = start_child(0, race_stamper, (void *)0L);
	b = start_child(1, race_stamper, (void *)1L);
	for (dumps = 0; dumps < 10; dumps++) {
		if (dump_read(t->dump, &d, 0, NULL, NULL) || !d.has_end ||
		    d.count != d.entries || d.bad_lines ||
		    !records_consistent(&d, smp_per_cpu))
			bad_dumps++;
		dump_free(&d);
	}
	race->stop = 1;
	ra = wait_child(a);
	rb = wait_child(b);
	total = race->done[0] + race->done[1];
	dump_read(t->dump, &d, 0, NULL, NULL);
	report(name,
	       !ra && !rb && !bad_dumps && d.count == total && d.dropped == 0 &&
		       records_consistent(&d, smp_per_cpu),
	       "%u dumps during the stamps, %u inconsistent; final records=%zu of %u stamps, dropped=%llu (children %d %d)",
	       dumps, bad_dumps, d.count, total, d.dropped, ra, rb);
	dump_free(&d);
	munmap(race, sizeof(*race));
}

/* What happens in the middle of a dump: a RESET and 10 stamps of a new run. */
static void reset_and_restamp(void *ctx)
{
	const struct target *t = ctx;
	int fd = target_open(t);

	target_reset(t, fd, RUN_BASE + 9);
	stamp_run(t, fd, RUN_BASE + 9, 0, 10);
	target_close(t, fd);
}

static int fill(const struct target *t, unsigned int n)
{
	char cap[16];
	int fd, err;

	snprintf(cap, sizeof(cap), "%u", n);
	err = target_setup(t, cap, "buffer");
	fd = target_open(t);
	target_reset(t, fd, RUN_BASE + 8);
	err = err ? err : (int)stamp_run(t, fd, RUN_BASE + 8, 0, n);
	target_close(t, fd);
	return err;
}

void check_reset_during_dump(const struct target *t)
{
	char name[64];
	struct dump d, after;
	int err, err2;

	check_name(name, sizeof(name), "reset_during_dump", t);
	err = fill(t, 20000);
	err = err ? err : dump_read(t->dump, &d, 4096, reset_and_restamp, (void *)t);
	err2 = dump_read(t->dump, &after, 0, NULL, NULL);
	report(name,
	       !err && !err2 && d.has_begin && !d.has_end && d.count < 20000 &&
		       dump_count_run(&d, RUN_BASE + 8) == d.count &&
		       after.has_end && after.count == 10 &&
		       dump_count_run(&after, RUN_BASE + 9) == 10,
	       "err=%d,%d interrupted dump: end=%d records=%zu of the old run=%zu; next dump: records=%zu",
	       err, err2, d.has_end, d.count, dump_count_run(&d, RUN_BASE + 8),
	       after.count);
	dump_free(&d);
	dump_free(&after);
}

static void switch_to_printk(void *ctx)
{
	target_setup(ctx, NULL, "printk");
}

void check_mode_switch_during_dump(const struct target *t)
{
	char name[64];
	struct dump d, after;
	int err, err2;

	check_name(name, sizeof(name), "mode_switch_during_dump", t);
	err = fill(t, 20000);
	err = err ? err : dump_read(t->dump, &d, 4096, switch_to_printk, (void *)t);
	err2 = dump_read(t->dump, &after, 0, NULL, NULL);
	report(name,
	       !err && !err2 && d.has_begin && !d.has_end && d.count < 20000 &&
		       after.has_end && after.entries == 0 && after.capacity == 0,
	       "err=%d,%d interrupted dump: end=%d records=%zu; next dump: entries=%u capacity=%u",
	       err, err2, d.has_end, d.count, after.entries, after.capacity);
	dump_free(&d);
	dump_free(&after);
}

void check_rmmod_busy(void)
{
	int fd = open(IOPROBE_MODULE_DEVICE, O_RDONLY), busy, gone;

	busy = module_unload(IOPROBE_MODULE_NAME);
	if (fd >= 0)
		close(fd);
	gone = module_unload(IOPROBE_MODULE_NAME);
	/* The kernel answers EWOULDBLOCK (= EAGAIN) for a module still in use. */
	report("rmmod_busy", fd >= 0 && busy == -EWOULDBLOCK && gone == 0 &&
				     access("/sys/module/ioctl_probe", F_OK) != 0,
	       "unload with the device open -> %d (want %d), after close -> %d",
	       busy, -EWOULDBLOCK, gone);
}
