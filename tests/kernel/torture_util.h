/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the probe torture test (probe_torture.c), which runs as /init of
 * its own initramfs in the patched guest kernel: sysfs knobs, the hook's and
 * the module's ioctls, dump parsing, /dev/kmsg counting, unprivileged
 * children.
 */
#ifndef TORTURE_UTIL_H
#define TORTURE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define HOOK_PARAM(name) "/sys/module/ioctl_probe_hook/parameters/" name
#define MOD_PARAM(name) "/sys/module/ioctl_probe/parameters/" name
#define NOBODY 65534

/* One parsed dump: framing values and the records, in slot order. */
struct dump_rec {
	uint32_t run;
	uint32_t seq;
	uint32_t cpu;
	uint64_t tsc;		/* k_enter */
	uint64_t tsc_exit;	/* k_exit */
};

struct dump {
	int has_begin;
	int has_end;
	int bad_lines;	/* lines that are neither framing nor a record */
	unsigned int entries;
	unsigned long long dropped;
	unsigned int capacity;
	size_t count;	/* records parsed */
	struct dump_rec *recs;
};

/* Prints "PROBE <name> ok" or "PROBE <name> FAIL <why>"; returns ok. */
int report(const char *name, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Writes @value to a sysfs file; 0 or -errno. */
int put(const char *path, const char *value);
/* First line of a file, newline dropped, into @out; 0 or -errno. */
int get(const char *path, char *out, size_t size);

/* ioctl(-1, cmd, arg) through the hook: the return value or -errno. */
long hook_call(unsigned int cmd, uint64_t arg);
/* ioctl(fd, cmd, arg): the return value or -errno. */
long fd_call(int fd, unsigned int cmd, uint64_t arg);

/* finit_module(path, params) / delete_module(name, O_NONBLOCK): 0 or -errno. */
int module_load(const char *path, const char *params);
int module_unload(const char *name);

/*
 * Reads a whole dump from @path; with @pause_after set, reads that many bytes
 * first, runs @pause(ctx), then reads the rest. 0 or -errno.
 */
int dump_read(const char *path, struct dump *d, size_t pause_after,
	      void (*pause)(void *), void *ctx);
void dump_free(struct dump *d);
/* Records of run @run in @d. */
size_t dump_count_run(const struct dump *d, uint32_t run);

/* /dev/kmsg positioned at its end; kmsg_count() counts new matching lines. */
int kmsg_open(void);
size_t kmsg_count(int fd, const char *needle);

/*
 * Runs @fn(ctx) in a child; with @unprivileged set, the child first becomes
 * uid/gid NOBODY (which drops every capability). Returns the child's exit
 * status, -signal if a signal killed it, -1000 if it could not be waited for.
 */
int run_child(int unprivileged, int cpu, int (*fn)(void *), void *ctx);
pid_t start_child(int cpu, int (*fn)(void *), void *ctx);
int wait_child(pid_t pid);

#endif /* TORTURE_UTIL_H */
