// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl entry-latency probe: recording logic shared by the fs/ioctl.c hook
 * and the ioctl_probe module.
 *
 * Stamps run locklessly: the mode is read with READ_ONCE() and the buffer
 * under RCU, a slot is claimed with one atomic increment and written before
 * the read-side section ends. Mode changes, resets and dump reads serialise
 * on probe->lock and wait for a grace period where they need stamps in
 * flight to be finished: a buffer is freed only after one, a reset clears
 * the records only after one, and a dump reads only slots claimed before
 * one, so it never shows a claimed but unwritten slot.
 */

#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <asm/tsc.h>

#include "ioctl_probe_core.h"

static const char * const ioctl_probe_mode_names[] = {
	[IOCTL_PROBE_OFF] = "off",
	[IOCTL_PROBE_PRINTK] = "printk",
	[IOCTL_PROBE_BUFFER] = "buffer",
};

static struct ioctl_probe_buf *ioctl_probe_buf_alloc(struct ioctl_probe *p)
{
	struct ioctl_probe_buf *buf;

	/* Up to ~540 MB: fail with -ENOMEM rather than wake the OOM killer. */
	buf = kvzalloc(struct_size(buf, recs, p->entries),
		       GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
	if (!buf) {
		pr_warn("ioctl_probe %s: no memory for %u entries\n",
			p->src, p->entries);
		return NULL;
	}
	buf->capacity = p->entries;
	return buf;
}

static struct ioctl_probe_buf *ioctl_probe_buf_locked(struct ioctl_probe *p)
{
	return rcu_dereference_protected(p->buf, lockdep_is_held(&p->lock));
}

/* Switch to @mode; called with p->lock held and p->live set. */
static int ioctl_probe_apply(struct ioctl_probe *p, enum ioctl_probe_mode mode)
{
	struct ioctl_probe_buf *old = ioctl_probe_buf_locked(p);
	struct ioctl_probe_buf *new = NULL;

	if (mode == IOCTL_PROBE_BUFFER) {
		if (old && old->capacity == p->entries)
			new = old;
		else
			new = ioctl_probe_buf_alloc(p);
		if (!new)
			return -ENOMEM;
	}

	if (mode == IOCTL_PROBE_OFF && p->key)
		static_branch_disable(p->key);
	if (new != old) {
		rcu_assign_pointer(p->buf, new);
		p->gen++;
	}
	WRITE_ONCE(p->mode, mode);
	if (mode != IOCTL_PROBE_OFF && p->key)
		static_branch_enable(p->key);

	if (old && old != new) {
		synchronize_rcu();
		kvfree(old);
	}
	return 0;
}

/**
 * ioctl_probe_start - go live and apply the mode requested so far
 * @p: the probe
 *
 * Parameters set before this (boot command line, insmod) are only recorded.
 */
int ioctl_probe_start(struct ioctl_probe *p)
{
	int ret;

	mutex_lock(&p->lock);
	p->live = true;
	ret = ioctl_probe_apply(p, p->want);
	if (ret)
		p->want = p->mode;
	mutex_unlock(&p->lock);
	return ret;
}

/**
 * ioctl_probe_fail - the probe could not be set up: keep it off for good
 * @p: the probe, not yet started
 *
 * Later mode writes fail with -ENODEV instead of being recorded silently.
 */
void ioctl_probe_fail(struct ioctl_probe *p)
{
	mutex_lock(&p->lock);
	p->failed = true;
	p->want = IOCTL_PROBE_OFF;
	mutex_unlock(&p->lock);
}

/**
 * ioctl_probe_stop - switch off and free the buffer
 * @p: the probe
 */
void ioctl_probe_stop(struct ioctl_probe *p)
{
	mutex_lock(&p->lock);
	ioctl_probe_apply(p, IOCTL_PROBE_OFF);
	p->live = false;
	mutex_unlock(&p->lock);
}

/*
 * Called inside an RCU read-side section: see ioctl_probe_dump_start(). The
 * exit stamp is read once the slot holds the rest of the record, and stored
 * before the section ends, so a dump never shows a record without it.
 */
static void ioctl_probe_record(struct ioctl_probe_buf *buf, u64 tsc,
			       unsigned long arg, unsigned int cpu)
{
	struct ioctl_probe_rec *rec;
	unsigned int idx;

	/* Look before claiming so that a full buffer stops the counter. */
	if ((unsigned int)atomic_read(&buf->next) >= buf->capacity)
		goto drop;
	idx = (unsigned int)atomic_inc_return(&buf->next) - 1;
	if (idx >= buf->capacity)
		goto drop;
	rec = &buf->recs[idx];
	rec->tsc = tsc;
	rec->arg = arg;
	rec->cpu = cpu;
	rec->tsc_exit = rdtsc_ordered();
	return;
drop:
	atomic64_inc(&buf->dropped);
}

/**
 * ioctl_probe_stamp - record one stamp
 * @p: the probe
 * @tsc: rdtsc_ordered() value taken by the caller on entry (k_enter)
 * @arg: IOPROBE_ARG(run, seq)
 *
 * The exit stamp (k_exit) is a second rdtsc_ordered() taken here, after the
 * stamp was recorded: what is left of the probe after it is the RCU unlock,
 * put_cpu() and the returns. In printk mode the line is printed after it,
 * so the printk cost falls in the exit part of the call.
 *
 * Return: 0 when the stamp was printed, recorded or counted as dropped;
 * -ENODATA when the probe was off or its buffer was being reset (a call that
 * raced with switching the probe off or with RESET), so that every 0 is
 * accounted for.
 */
long ioctl_probe_stamp(struct ioctl_probe *p, u64 tsc, unsigned long arg)
{
	struct ioctl_probe_buf *buf;
	unsigned int cpu;
	u64 tsc_exit;
	long ret = -ENODATA;

	/*
	 * Pin the task until the stamp is recorded: the cpu id is then the
	 * one the TSC was read on, unless the task was preempted in the few
	 * instructions since the caller's rdtsc_ordered().
	 */
	cpu = get_cpu();
	switch (READ_ONCE(p->mode)) {
	case IOCTL_PROBE_PRINTK:
		tsc_exit = rdtsc_ordered();
		put_cpu();
		pr_info(IOPROBE_KSTAMP_FMT, p->src, IOPROBE_ARG_RUN(arg),
			IOPROBE_ARG_SEQ(arg), cpu, (unsigned long long)tsc,
			(unsigned long long)tsc_exit);
		return 0;
	case IOCTL_PROBE_BUFFER:
		rcu_read_lock();
		buf = rcu_dereference(p->buf);
		if (buf) {
			ioctl_probe_record(buf, tsc, arg, cpu);
			ret = 0;
		}
		rcu_read_unlock();
		break;
	default:
		break;
	}
	put_cpu();
	return ret;
}

/**
 * ioctl_probe_ping - tell userspace whether the probe is enabled
 * @p: the probe
 *
 * Return: IOPROBE_PING_REPLY when enabled, -ENODATA when off.
 */
long ioctl_probe_ping(struct ioctl_probe *p)
{
	if (READ_ONCE(p->mode) == IOCTL_PROBE_OFF)
		return -ENODATA;
	return IOPROBE_PING_REPLY;
}

/**
 * ioctl_probe_reset - empty the buffer and zero the dropped count
 * @p: the probe
 * @arg: IOPROBE_ARG(run, 0) of the run about to start (informational)
 *
 * The buffer is unpublished for a grace period, so that no stamp of the
 * previous run can land in it afterwards, and the records it held are
 * zeroed, so that no later dump can show one of them as this run's.
 * Stamps during the reset are not recorded (they return -ENODATA).
 *
 * Return: 0.
 */
long ioctl_probe_reset(struct ioctl_probe *p, unsigned long arg)
{
	struct ioctl_probe_buf *buf;
	unsigned int used;

	mutex_lock(&p->lock);
	buf = ioctl_probe_buf_locked(p);
	if (buf) {
		RCU_INIT_POINTER(p->buf, NULL);
		synchronize_rcu();
		used = min_t(u32, atomic_read(&buf->next), buf->capacity);
		memset(buf->recs, 0, array_size(used, sizeof(buf->recs[0])));
		atomic_set(&buf->next, 0);
		atomic64_set(&buf->dropped, 0);
		rcu_assign_pointer(p->buf, buf);
		p->gen++;
	}
	mutex_unlock(&p->lock);
	pr_debug("ioctl_probe %s: reset for run %08x\n", p->src,
		 IOPROBE_ARG_RUN(arg));
	return 0;
}

/*
 * Dump: position 0 is the dump-begin line, 1..count the entries, count + 1
 * the dump-end line. count, dropped and capacity are taken when position 0
 * is produced; if the buffer is reset or replaced before the dump is read
 * to the end, the dump stops early without its dump-end line.
 */
struct ioctl_probe_dump {
	struct ioctl_probe *probe;
	struct ioctl_probe_buf *buf;	/* valid between start and stop */
	u64 gen;
	u64 dropped;
	u32 count;
	u32 capacity;
};

static void *ioctl_probe_dump_start(struct seq_file *m, loff_t *pos)
{
	struct ioctl_probe_dump *d = m->private;
	struct ioctl_probe *p = d->probe;
	struct ioctl_probe_buf *buf;

	mutex_lock(&p->lock);
	buf = ioctl_probe_buf_locked(p);
	if (*pos == 0) {
		d->gen = p->gen;
		if (buf) {
			d->capacity = buf->capacity;
			d->count = min_t(u32, atomic_read(&buf->next),
					 buf->capacity);
			d->dropped = atomic64_read(&buf->dropped);
			/*
			 * Every slot below count was claimed inside an RCU
			 * read-side section that began before this point and
			 * writes the record before it ends: after a grace
			 * period all of them are written.
			 */
			synchronize_rcu();
		} else {
			d->capacity = 0;
			d->count = 0;
			d->dropped = 0;
		}
	} else if (d->gen != p->gen) {
		return NULL;
	}
	d->buf = buf;
	if (*pos > (loff_t)d->count + 1)
		return NULL;
	return pos;
}

static void *ioctl_probe_dump_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct ioctl_probe_dump *d = m->private;

	++*pos;
	if (*pos > (loff_t)d->count + 1)
		return NULL;
	return pos;
}

static void ioctl_probe_dump_stop(struct seq_file *m, void *v)
{
	struct ioctl_probe_dump *d = m->private;

	d->buf = NULL;
	mutex_unlock(&d->probe->lock);
}

static int ioctl_probe_dump_show(struct seq_file *m, void *v)
{
	struct ioctl_probe_dump *d = m->private;
	const char *src = d->probe->src;
	loff_t i = *(loff_t *)v;
	const struct ioctl_probe_rec *rec;

	if (i == 0) {
		seq_printf(m, IOPROBE_DUMP_BEGIN_FMT, src, d->count,
			   (unsigned long long)d->dropped, d->capacity);
	} else if (i <= d->count) {
		rec = &d->buf->recs[i - 1];
		seq_printf(m, IOPROBE_KSTAMP_FMT, src, IOPROBE_ARG_RUN(rec->arg),
			   IOPROBE_ARG_SEQ(rec->arg), rec->cpu,
			   (unsigned long long)rec->tsc,
			   (unsigned long long)rec->tsc_exit);
	} else {
		seq_printf(m, IOPROBE_DUMP_END_FMT, src, d->count);
	}
	return 0;
}

static const struct seq_operations ioctl_probe_dump_ops = {
	.start = ioctl_probe_dump_start,
	.next = ioctl_probe_dump_next,
	.stop = ioctl_probe_dump_stop,
	.show = ioctl_probe_dump_show,
};

/**
 * ioctl_probe_dump_open - open a streaming dump of the buffer
 * @p: the probe
 * @file: the file being opened; ->private_data becomes the seq_file
 *
 * Release with seq_release_private().
 *
 * Return: 0 or -errno.
 */
int ioctl_probe_dump_open(struct ioctl_probe *p, struct file *file)
{
	struct ioctl_probe_dump *d;

	file->private_data = NULL;
	d = __seq_open_private(file, &ioctl_probe_dump_ops, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->probe = p;
	return 0;
}

static int ioctl_probe_mode_set(const char *val, const struct kernel_param *kp)
{
	struct ioctl_probe *p = kp->arg;
	int mode, ret = 0;

	mode = sysfs_match_string(ioctl_probe_mode_names, val);
	if (mode < 0)
		return -EINVAL;

	mutex_lock(&p->lock);
	if (p->failed) {
		ret = -ENODEV;
	} else if (p->live) {
		ret = ioctl_probe_apply(p, mode);
		if (!ret)
			p->want = mode;
	} else {
		p->want = mode;
	}
	mutex_unlock(&p->lock);
	return ret;
}

static int ioctl_probe_mode_get(char *buffer, const struct kernel_param *kp)
{
	struct ioctl_probe *p = kp->arg;
	enum ioctl_probe_mode mode;

	mutex_lock(&p->lock);
	mode = p->live ? p->mode : p->want;
	mutex_unlock(&p->lock);
	return scnprintf(buffer, PAGE_SIZE, "%s\n",
			 ioctl_probe_mode_names[mode]);
}

const struct kernel_param_ops ioctl_probe_mode_ops = {
	.set = ioctl_probe_mode_set,
	.get = ioctl_probe_mode_get,
};

/*
 * Takes effect the next time the mode is set to buffer. Out of
 * [1, IOPROBE_BUFFER_MAX_ENTRIES] is -EINVAL: a silently clamped buffer would
 * report drops the caller did not ask for.
 */
static int ioctl_probe_entries_set(const char *val,
				   const struct kernel_param *kp)
{
	struct ioctl_probe *p = kp->arg;
	unsigned int n;
	int ret;

	ret = kstrtouint(val, 0, &n);
	if (ret)
		return ret == -ERANGE ? -EINVAL : ret;
	if (n < 1 || n > IOPROBE_BUFFER_MAX_ENTRIES)
		return -EINVAL;

	mutex_lock(&p->lock);
	p->entries = n;
	mutex_unlock(&p->lock);
	return 0;
}

static int ioctl_probe_entries_get(char *buffer, const struct kernel_param *kp)
{
	struct ioctl_probe *p = kp->arg;

	return scnprintf(buffer, PAGE_SIZE, "%u\n", READ_ONCE(p->entries));
}

const struct kernel_param_ops ioctl_probe_entries_ops = {
	.set = ioctl_probe_entries_set,
	.get = ioctl_probe_entries_get,
};
