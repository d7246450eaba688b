/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ioctl entry-latency probe, built-in hook called first thing by the ioctl
 * syscall (fs/ioctl.c). Off unless root sets ioctl_probe_hook.mode.
 */
#ifndef _IOCTL_PROBE_HOOK_H
#define _IOCTL_PROBE_HOOK_H

#include <linux/errno.h>
#include <linux/types.h>

#ifdef CONFIG_IOCTL_PROBE_HOOK

#include <linux/jump_label.h>
#include <linux/ioctl_probe.h>
#include <asm/tsc.h>

DECLARE_STATIC_KEY_FALSE(ioctl_probe_hook_key);

long ioctl_probe_hook_ioctl(u64 tsc, unsigned int cmd, unsigned long arg);

/* Enabled, and @cmd is one of IOPROBE_PATCH_STAMP/PING/RESET. */
static __always_inline bool ioctl_probe_hook_wants(unsigned int cmd)
{
	return static_branch_unlikely(&ioctl_probe_hook_key) &&
	       cmd - IOPROBE_PATCH_STAMP <=
			IOPROBE_PATCH_RESET - IOPROBE_PATCH_STAMP;
}

static __always_inline u64 ioctl_probe_hook_tsc(void)
{
	return rdtsc_ordered();
}

#else /* !CONFIG_IOCTL_PROBE_HOOK */

static __always_inline bool ioctl_probe_hook_wants(unsigned int cmd)
{
	return false;
}

static inline u64 ioctl_probe_hook_tsc(void)
{
	return 0;
}

static inline long ioctl_probe_hook_ioctl(u64 tsc, unsigned int cmd,
					  unsigned long arg)
{
	return -ENOTTY;
}

#endif /* CONFIG_IOCTL_PROBE_HOOK */

#endif /* _IOCTL_PROBE_HOOK_H */
