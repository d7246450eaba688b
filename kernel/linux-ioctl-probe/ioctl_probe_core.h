/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ioctl entry-latency probe: state and recording logic shared by the
 * built-in fs/ioctl.c hook and by the ioctl_probe module. Each user owns
 * one struct ioctl_probe; nothing here is exported, so the vmlinux copy
 * and the module copy never meet.
 */
#ifndef _IOCTL_PROBE_CORE_H
#define _IOCTL_PROBE_CORE_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/jump_label.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/ioctl_probe.h>

enum ioctl_probe_mode {
	IOCTL_PROBE_OFF,
	IOCTL_PROBE_PRINTK,
	IOCTL_PROBE_BUFFER,
};

struct ioctl_probe_rec {
	u64 tsc;	/* k_enter, read by the caller on entry */
	u64 tsc_exit;	/* k_exit, read after the stamp was recorded */
	u64 arg;
	u32 cpu;
};

struct ioctl_probe_buf {
	atomic_t next;		/* next slot to claim, may pass capacity */
	u32 capacity;
	atomic64_t dropped;	/* stamps that found the buffer full */
	struct ioctl_probe_rec recs[];
};

struct ioctl_probe {
	const char *src;	/* IOPROBE_SRC_PATCH or IOPROBE_SRC_MODULE */
	struct static_key_false *key;	/* follows mode != off, may be NULL */
	struct mutex lock;	/* mode changes, resets and dump reads */
	enum ioctl_probe_mode mode;	/* read locklessly by stamps */
	enum ioctl_probe_mode want;	/* requested, applied once live */
	unsigned int entries;	/* capacity of the next buffer */
	bool live;
	bool failed;		/* set up failed: the mode stays off */
	u64 gen;		/* bumped whenever the buffer is emptied */
	struct ioctl_probe_buf __rcu *buf;
};

#define IOCTL_PROBE_INIT(name, source, initial_mode, static_key) {	\
	.src = source,							\
	.key = static_key,						\
	.lock = __MUTEX_INITIALIZER(name.lock),				\
	.mode = IOCTL_PROBE_OFF,					\
	.want = initial_mode,						\
	.entries = IOPROBE_BUFFER_DEFAULT_ENTRIES,			\
}

int ioctl_probe_start(struct ioctl_probe *p);
void ioctl_probe_stop(struct ioctl_probe *p);
void ioctl_probe_fail(struct ioctl_probe *p);

long ioctl_probe_stamp(struct ioctl_probe *p, u64 tsc, unsigned long arg);
long ioctl_probe_ping(struct ioctl_probe *p);
long ioctl_probe_reset(struct ioctl_probe *p, unsigned long arg);

int ioctl_probe_dump_open(struct ioctl_probe *p, struct file *file);

/* kernel_param_ops for "mode" and "entries"; kp->arg is the probe. */
extern const struct kernel_param_ops ioctl_probe_mode_ops;
extern const struct kernel_param_ops ioctl_probe_entries_ops;

#endif /* _IOCTL_PROBE_CORE_H */
