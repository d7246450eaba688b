// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl entry-latency probe, module side: /dev/ioctl_probe, a misc device
 * whose unlocked_ioctl reads the TSC first thing. The stamps of
 * IOPROBE_MOD_STAMP go to the kernel log (mode=printk, the default) or to
 * a buffer (mode=buffer) that read() on the device dumps.
 */

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <asm/tsc.h>

#include "ioctl_probe_core.h"

static struct ioctl_probe ioctl_probe_mod =
	IOCTL_PROBE_INIT(ioctl_probe_mod, IOPROBE_SRC_MODULE,
			 IOCTL_PROBE_PRINTK, NULL);

module_param_cb(mode, &ioctl_probe_mode_ops, &ioctl_probe_mod, 0644);
MODULE_PARM_DESC(mode, "off, printk (default) or buffer");
module_param_cb(entries, &ioctl_probe_entries_ops, &ioctl_probe_mod, 0644);
MODULE_PARM_DESC(entries, "buffer mode capacity, applied when mode is set");

static long ioctl_probe_dev_ioctl(struct file *file, unsigned int cmd,
				  unsigned long arg)
{
	u64 tsc = rdtsc_ordered();

	switch (cmd) {
	case IOPROBE_MOD_STAMP:
		return ioctl_probe_stamp(&ioctl_probe_mod, tsc, arg);
	case IOPROBE_MOD_PING:
		return ioctl_probe_ping(&ioctl_probe_mod);
	case IOPROBE_MOD_RESET:
		return ioctl_probe_reset(&ioctl_probe_mod, arg);
	}
	return -ENOTTY;
}

static int ioctl_probe_dev_open(struct inode *inode, struct file *file)
{
	return ioctl_probe_dump_open(&ioctl_probe_mod, file);
}

static const struct file_operations ioctl_probe_dev_fops = {
	.owner = THIS_MODULE,
	.open = ioctl_probe_dev_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release_private,
	.unlocked_ioctl = ioctl_probe_dev_ioctl,
};

static struct miscdevice ioctl_probe_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	/* IOPROBE_MODULE_DEVICE is "/dev/" followed by the node name. */
	.name = IOPROBE_MODULE_DEVICE + sizeof("/dev/") - 1,
	.fops = &ioctl_probe_dev_fops,
	.mode = 0600,
};

static int __init ioctl_probe_init(void)
{
	int ret;

	ret = ioctl_probe_start(&ioctl_probe_mod);
	if (ret)
		return ret;
	ret = misc_register(&ioctl_probe_dev);
	if (ret)
		ioctl_probe_stop(&ioctl_probe_mod);
	return ret;
}

static void __exit ioctl_probe_exit(void)
{
	misc_deregister(&ioctl_probe_dev);
	ioctl_probe_stop(&ioctl_probe_mod);
}

module_init(ioctl_probe_init);
module_exit(ioctl_probe_exit);

MODULE_DESCRIPTION("ioctl entry-latency probe");
MODULE_LICENSE("GPL");
