// SPDX-License-Identifier: GPL-2.0
/* Helpers of the probe torture test; see torture_util.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "torture_util.h"

int report(const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	printf("PROBE %s %s", name, ok ? "ok" : "FAIL");
	if (fmt && *fmt) {
		putchar(' ');
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	putchar('\n');
	fflush(stdout);
	return ok;
}

int put(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, value, strlen(value));
	err = n < 0 ? -errno : 0;
	close(fd);
	return err;
}

int get(const char *path, char *out, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, out, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
	return 0;
}

long fd_call(int fd, unsigned int cmd, uint64_t arg)
{
	long ret = ioctl(fd, cmd, (unsigned long)arg);

	return ret < 0 ? -errno : ret;
}

long hook_call(unsigned int cmd, uint64_t arg)
{
	return fd_call(-1, cmd, arg);
}

int module_load(const char *path, const char *params)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params, 0);
	ret = ret < 0 ? -errno : 0;
	close(fd);
	return (int)ret;
}

int module_unload(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK) < 0 ? -errno : 0;
}

static void dump_line(struct dump *d, const char *line)
{
	struct dump_rec r;
	char src[16];
	unsigned long long tsc, tsc_exit;

	if (sscanf(line, "ioprobe dump-begin %15s entries=%u dropped=%llu capacity=%u",
		   src, &d->entries, &d->dropped, &d->capacity) == 4) {
		d->has_begin = 1;
	} else if (!strncmp(line, "ioprobe dump-end ", 17)) {
		d->has_end = 1;
	} else if (sscanf(line, "ioprobe k %15s %x %u %u %llu %llu", src, &r.run,
			  &r.seq, &r.cpu, &tsc, &tsc_exit) == 6) {
		r.tsc = tsc;
		r.tsc_exit = tsc_exit;
		d->recs = realloc(d->recs, (d->count + 1) * sizeof(r));
		d->recs[d->count++] = r;
	} else {
		d->bad_lines++;
	}
}

/* Largest dump the test reads: 40,000 records of < 60 bytes fit. */
#define DUMP_MAX ((size_t)16 << 20)

/* Reads into @text until @stop bytes are there or end of file. */
static int read_upto(int fd, char *text, size_t *len, size_t stop)
{
	ssize_t n;

	while (*len < stop) {
		n = read(fd, text + *len, stop - *len);
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		*len += (size_t)n;
	}
	return *len >= DUMP_MAX ? -EFBIG : 0;
}

int dump_read(const char *path, struct dump *d, size_t pause_after,
	      void (*pause)(void *), void *ctx)
{
	int fd = open(path, O_RDONLY);
	char *text = malloc(DUMP_MAX + 1), *line, *save = NULL;
	size_t len = 0;
	int err;

	memset(d, 0, sizeof(*d));
	if (fd < 0 || !text) {
		err = fd < 0 ? -errno : -ENOMEM;
		free(text);
		return err;
	}
	err = read_upto(fd, text, &len, pause_after ? pause_after : DUMP_MAX);
	if (!err && pause_after) {
		pause(ctx);
		err = read_upto(fd, text, &len, DUMP_MAX);
	}
	close(fd);
	if (err) {
		free(text);
		return err;
	}
	text[len] = '\0';
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		dump_line(d, line);
	free(text);
	return 0;
}

void dump_free(struct dump *d)
{
	free(d->recs);
	d->recs = NULL;
}

size_t dump_count_run(const struct dump *d, uint32_t run)
{
	size_t i, n = 0;

	for (i = 0; i < d->count; i++)
		n += d->recs[i].run == run;
	return n;
}

int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

size_t kmsg_count(int fd, const char *needle)
{
	char rec[8192];
	size_t n = 0;
	ssize_t got;

	for (;;) {
		got = read(fd, rec, sizeof(rec) - 1);
		if (got < 0 && errno == EPIPE)
			continue;	/* overwritten records: keep reading */
		if (got <= 0)
			return n;
		rec[got] = '\0';
		n += strstr(rec, needle) != NULL;
	}
}

static void pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		_exit(120);
}

pid_t start_child(int cpu, int (*fn)(void *), void *ctx)
{
	pid_t pid = fork();

	if (pid == 0) {
		pin(cpu);
		_exit(fn(ctx));
	}
	return pid;
}

int wait_child(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1000;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

int run_child(int unprivileged, int cpu, int (*fn)(void *), void *ctx)
{
	pid_t pid = fork();

	if (pid == 0) {
		pin(cpu);
		if (unprivileged &&
		    (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
		     setresuid(NOBODY, NOBODY, NOBODY)))
			_exit(121);
		_exit(fn(ctx));
	}
	return wait_child(pid);
}
