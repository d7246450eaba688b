// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl entry-latency probe, built-in hook (KBUILD_MODNAME ioctl_probe_hook).
 *
 * The ioctl syscall hands IOPROBE_PATCH_* commands over before it looks up
 * the file descriptor, with the TSC read as its first action, while the
 * static key is on. The key follows the mode, which is off until root sets
 * ioctl_probe_hook.mode=printk|buffer on the command line or writes
 * /sys/module/ioctl_probe_hook/parameters/mode. Buffered stamps are read
 * from /proc/ioctl_probe.
 *
 * The commands come in on any fd, so the caller's privilege is the only
 * gate: STAMP, PING and RESET need perfmon_capable() (CAP_PERFMON or
 * CAP_SYS_ADMIN), the same bar as perf's kernel-side measurements.
 */

#include <linux/build_bug.h>
#include <linux/capability.h>
#include <linux/init.h>
#include <linux/moduleparam.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "ioctl_probe_core.h"
#include "ioctl_probe_hook.h"

DEFINE_STATIC_KEY_FALSE(ioctl_probe_hook_key);

static struct ioctl_probe ioctl_probe_hook =
	IOCTL_PROBE_INIT(ioctl_probe_hook, IOPROBE_SRC_PATCH, IOCTL_PROBE_OFF,
			 &ioctl_probe_hook_key);

module_param_cb(mode, &ioctl_probe_mode_ops, &ioctl_probe_hook, 0644);
MODULE_PARM_DESC(mode, "off (default), printk or buffer");
module_param_cb(entries, &ioctl_probe_entries_ops, &ioctl_probe_hook, 0644);
MODULE_PARM_DESC(entries, "buffer mode capacity, applied when mode is set");

long ioctl_probe_hook_ioctl(u64 tsc, unsigned int cmd, unsigned long arg)
{
	/*
	 * Checked after the caller read the TSC, so the measured interval
	 * does not include it; an unprivileged call prints and records
	 * nothing.
	 */
	if (!perfmon_capable())
		return -EPERM;

	switch (cmd) {
	case IOPROBE_PATCH_STAMP:
		return ioctl_probe_stamp(&ioctl_probe_hook, tsc, arg);
	case IOPROBE_PATCH_PING:
		return ioctl_probe_ping(&ioctl_probe_hook);
	case IOPROBE_PATCH_RESET:
		return ioctl_probe_reset(&ioctl_probe_hook, arg);
	}
	return -ENOTTY;
}

static int ioctl_probe_hook_open(struct inode *inode, struct file *file)
{
	return ioctl_probe_dump_open(&ioctl_probe_hook, file);
}

static const struct proc_ops ioctl_probe_hook_proc_ops = {
	.proc_open = ioctl_probe_hook_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = seq_release_private,
};

static int __init ioctl_probe_hook_init(void)
{
	/* ioctl_probe_hook_wants() relies on the commands being adjacent. */
	BUILD_BUG_ON(IOPROBE_PATCH_PING - IOPROBE_PATCH_STAMP != 1);
	BUILD_BUG_ON(IOPROBE_PATCH_RESET - IOPROBE_PATCH_STAMP != 2);

	/*
	 * IOPROBE_PATCH_DUMP_FILE is "/proc/" followed by the entry name.
	 * Without it buffer mode could record but never be read: stay off.
	 */
	if (!proc_create(IOPROBE_PATCH_DUMP_FILE + sizeof("/proc/") - 1, 0400,
			 NULL, &ioctl_probe_hook_proc_ops)) {
		pr_err("ioctl_probe_hook: cannot create %s, the hook stays off\n",
		       IOPROBE_PATCH_DUMP_FILE);
		ioctl_probe_fail(&ioctl_probe_hook);
		return -ENOMEM;
	}

	/* Apply a mode given on the kernel command line. */
	if (ioctl_probe_start(&ioctl_probe_hook))
		pr_warn("ioctl_probe_hook: mode stays off\n");
	return 0;
}
device_initcall(ioctl_probe_hook_init);
