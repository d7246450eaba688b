// SPDX-License-Identifier: GPL-2.0
/*
 * Probe torture test: who may drive the probes, what the knobs accept, and
 * the suites' order.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ioctl_probe/ioctl_probe.h>

#include "checks.h"
#include "torture_util.h"

#define RUN_USER 0x0badbad0u
#define RUN_ROOT 0x0600d000u

const struct target hook_target = {
	"hook", "/sys/module/ioctl_probe_hook/parameters", IOPROBE_PATCH_DUMP_FILE,
	IOPROBE_SRC_PATCH, IOPROBE_PATCH_STAMP, IOPROBE_PATCH_RESET, 0,
};

const struct target module_target = {
	"module", "/sys/module/ioctl_probe/parameters", IOPROBE_MODULE_DEVICE,
	IOPROBE_SRC_MODULE, IOPROBE_MOD_STAMP, IOPROBE_MOD_RESET, 1,
};

int target_open(const struct target *t)
{
	int fd;

	if (!t->module)
		return -1;
	fd = open(IOPROBE_MODULE_DEVICE, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

void target_close(const struct target *t, int fd)
{
	if (t->module && fd >= 0)
		close(fd);
}

static int target_put(const struct target *t, const char *knob,
		      const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", t->params, knob);
	return put(path, value);
}

int target_setup(const struct target *t, const char *entries, const char *mode)
{
	int err = entries ? target_put(t, "entries", entries) : 0;

	return err ? err : target_put(t, "mode", mode);
}

unsigned int stamp_run(const struct target *t, int fd, uint32_t run,
		       uint32_t first, uint32_t n)
{
	unsigned int bad = 0;
	uint32_t i;

	for (i = 0; i < n; i++)
		bad += fd_call(fd, t->stamp, IOPROBE_ARG(run, first + i)) != 0;
	return bad;
}

/* Child: each hook command must answer -EPERM; bit i set when command i did not. */
static int hook_as_nobody(void *unused)
{
	int bad = 0;

	(void)unused;
	bad |= hook_call(IOPROBE_PATCH_STAMP, IOPROBE_ARG(RUN_USER, 1)) != -EPERM;
	bad |= (hook_call(IOPROBE_PATCH_PING, 0) != -EPERM) << 1;
	bad |= (hook_call(IOPROBE_PATCH_RESET, IOPROBE_ARG(RUN_USER, 0)) != -EPERM)
	       << 2;
	return bad;
}

static void unpriv_hook_printk(void)
{
	char needle[64];
	int kfd = kmsg_open(), bad;
	size_t lines;
	long ret;

	target_setup(&hook_target, NULL, "printk");
	bad = run_child(1, -1, hook_as_nobody, NULL);
	snprintf(needle, sizeof(needle), "ioprobe k patch %08x", RUN_USER);
	lines = kmsg_count(kfd, needle);
	ret = hook_call(IOPROBE_PATCH_STAMP, IOPROBE_ARG(RUN_ROOT, 1));
	snprintf(needle, sizeof(needle), "ioprobe k patch %08x", RUN_ROOT);
	report("unpriv_hook_printk",
	       bad == 0 && lines == 0 && ret == 0 && kmsg_count(kfd, needle) == 1,
	       "nobody: failed-commands-mask=%d kmsg-lines=%zu; root stamp=%ld",
	       bad, lines, ret);
	close(kfd);
}

static void unpriv_hook_buffer(void)
{
	struct dump d;
	long ret;
	int bad, err;

	target_setup(&hook_target, "64", "buffer");
	hook_call(IOPROBE_PATCH_RESET, IOPROBE_ARG(RUN_ROOT, 0));
	ret = hook_call(IOPROBE_PATCH_STAMP, IOPROBE_ARG(RUN_ROOT, 7));
	bad = run_child(1, -1, hook_as_nobody, NULL);
	err = dump_read(IOPROBE_PATCH_DUMP_FILE, &d, 0, NULL, NULL);
	report("unpriv_hook_buffer",
	       !err && bad == 0 && ret == 0 && d.entries == 1 && d.count == 1 &&
		       d.recs[0].run == RUN_ROOT && d.recs[0].seq == 7,
	       "nobody: failed-commands-mask=%d; dump entries=%u records=%zu",
	       bad, d.entries, d.count);
	dump_free(&d);
	target_setup(&hook_target, NULL, "off");
}

void check_unpriv_hook(void)
{
	unpriv_hook_printk();
	unpriv_hook_buffer();
}

static int open_as_nobody(void *unused)
{
	int bad = 0, fd;

	(void)unused;
	fd = open(IOPROBE_MODULE_DEVICE, O_RDWR);
	bad |= !(fd < 0 && errno == EACCES);
	fd = open(IOPROBE_MODULE_DEVICE, O_RDONLY);
	bad |= !(fd < 0 && errno == EACCES) << 1;
	return bad;
}

void check_unpriv_device(void)
{
	struct stat st;
	int bad = run_child(1, -1, open_as_nobody, NULL);
	int mode = stat(IOPROBE_MODULE_DEVICE, &st) ? -1 : (int)(st.st_mode & 07777);

	report("unpriv_device_open", bad == 0 && mode == 0600,
	       "nobody: failed-opens-mask=%d; device mode %o", bad, mode);
}

void check_entries_range(const struct target *t)
{
	char name[64], path[128], back[32] = "";
	int zero, over, junk, max;

	snprintf(path, sizeof(path), "%s/entries", t->params);
	zero = put(path, "0");
	over = put(path, "16777217");
	junk = put(path, "12abc");
	max = put(path, "16777216");
	get(path, back, sizeof(back));
	snprintf(name, sizeof(name), "entries_range_%s", t->name);
	report(name,
	       zero == -EINVAL && over == -EINVAL && junk == -EINVAL && max == 0 &&
		       !strcmp(back, "16777216"),
	       "0 -> %d, 2^24+1 -> %d, 12abc -> %d, 2^24 -> %d (reads %s)",
	       zero, over, junk, max, back);
	put(path, "1048576");
}

/*
 * Buffer entries for 99% of the guest's memory: below vmalloc's own "more
 * than all RAM" refusal, so the allocation really runs memory out.
 */
static unsigned long most_of_memory_entries(void)
{
	unsigned long kb = 0, n;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %lu kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	n = kb * 1024 / 100 * 99 / 24;
	return n > IOPROBE_BUFFER_MAX_ENTRIES ? IOPROBE_BUFFER_MAX_ENTRIES : n;
}

/* Last check of the main suite: the old code could end in an OOM panic. */
void check_alloc_fails_cleanly(void)
{
	char mode[16] = "", entries[16];
	int kfd = kmsg_open(), set, err;
	size_t oom;

	target_setup(&hook_target, "1000", "printk");
	snprintf(entries, sizeof(entries), "%lu", most_of_memory_entries());
	set = put(HOOK_PARAM("entries"), entries);
	err = put(HOOK_PARAM("mode"), "buffer");
	get(HOOK_PARAM("mode"), mode, sizeof(mode));
	oom = kmsg_count(kfd, "oom");
	report("alloc_fails_cleanly",
	       set == 0 && err == -ENOMEM && !strcmp(mode, "printk") && oom == 0,
	       "mode=buffer with %s entries -> %d, mode reads %s, oom lines %zu",
	       entries, err, mode, oom);
	close(kfd);
	target_setup(&hook_target, "1048576", "off");
}

void run_main_checks(void)
{
	int err;

	check_unpriv_hook();
	check_entries_range(&hook_target);
	check_overflow(&hook_target);
	check_smp(&hook_target, 40000, 10000);
	check_smp(&hook_target, 5000, 5000);
	check_dump_while_stamping(&hook_target);
	check_reset_during_dump(&hook_target);
	check_mode_switch_during_dump(&hook_target);

	err = module_load("/ioctl_probe.ko", "mode=printk");
	if (!report("module_load", err == 0, "finit_module -> %d", err))
		return;
	check_unpriv_device();
	check_entries_range(&module_target);
	check_overflow(&module_target);
	check_smp(&module_target, 40000, 10000);
	check_smp(&module_target, 5000, 5000);
	check_dump_while_stamping(&module_target);
	check_reset_during_dump(&module_target);
	check_mode_switch_during_dump(&module_target);
	check_rmmod_busy();
	check_alloc_fails_cleanly();
}

void run_toggle_checks(void)
{
	check_toggle();
}
