// SPDX-License-Identifier: GPL-2.0
/* The stand-ins' implementations: allocation, kernel log, sys_write capture. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "harness.h"

static int fail_allocs;
static long fail_writes;
static unsigned long klog_lines;
static pthread_mutex_t capture_lock = PTHREAD_MUTEX_INITIALIZER;
static char *capture;
static size_t capture_len, capture_size;

void harness_fail_allocs(int n)
{
	__atomic_store_n(&fail_allocs, n, __ATOMIC_SEQ_CST);
}

void harness_fail_writes(long ret)
{
	__atomic_store_n(&fail_writes, ret, __ATOMIC_SEQ_CST);
}

unsigned long harness_klog_lines(void)
{
	return __atomic_exchange_n(&klog_lines, 0, __ATOMIC_SEQ_CST);
}

/* Dirty memory, as kmalloc may hand out: whatever is not written must not show. */
void *kmalloc(size_t size)
{
	void *p;

	if (__atomic_load_n(&fail_allocs, __ATOMIC_SEQ_CST) > 0 &&
	    __atomic_fetch_sub(&fail_allocs, 1, __ATOMIC_SEQ_CST) > 0)
		return NULL;
	p = malloc(size);
	if (p)
		memset(p, 0xa5, size);
	return p;
}

void kfree(void *addr)
{
	free(addr);
}

/* A 7-field stamp line (format 2) whose k_exit does not precede its k_enter. */
static int k_line_sane(const char *line)
{
	unsigned int run, seq, cpu;
	unsigned long long enter, exit;
	char end;

	return sscanf(line, "ioprobe k hermitux %8x %u %u %llu %llu%c", &run, &seq,
		      &cpu, &enter, &exit, &end) == 6 && end == '\n' && enter <= exit;
}

int kprintf(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (k_line_sane(line))
		__atomic_fetch_add(&klog_lines, 1, __ATOMIC_SEQ_CST);
	return n;
}

ssize_t sys_write(int fd, const char *buf, size_t len)
{
	long fail = __atomic_load_n(&fail_writes, __ATOMIC_SEQ_CST);

	(void)fd;
	if (fail)
		return fail;
	pthread_mutex_lock(&capture_lock);
	if (capture_len + len + 1 > capture_size) {
		capture_size = 2 * (capture_len + len + 1);
		capture = realloc(capture, capture_size);
	}
	memcpy(capture + capture_len, buf, len);
	capture_len += len;
	pthread_mutex_unlock(&capture_lock);
	return (ssize_t)len;
}

static void dump_line(struct harness_dump *d, const char *line)
{
	unsigned int run, seq, cpu;
	unsigned long long enter, exit;

	if (sscanf(line, "ioprobe dump-begin hermitux entries=%u dropped=%llu capacity=%u",
		   &d->entries, &d->dropped, &d->capacity) == 3) {
		d->begins++;
		d->in_dump = 0;
	} else if (sscanf(line, "ioprobe dump-end hermitux entries=%u", &run) == 1) {
		/* Each dump holds exactly the records its framing announces. */
		d->bad_lines += run != d->entries || d->in_dump != d->entries;
		d->ends++;
	} else if (sscanf(line, "ioprobe k hermitux %8x %u %u %llu %llu", &run,
			  &seq, &cpu, &enter, &exit) == 5 && enter <= exit) {
		d->runs = realloc(d->runs, (d->count + 1) * sizeof(*d->runs));
		d->seqs = realloc(d->seqs, (d->count + 1) * sizeof(*d->seqs));
		d->runs[d->count] = run;
		d->seqs[d->count++] = seq;
		d->in_dump++;
	} else {
		d->bad_lines++;
	}
}

void harness_take_dump(struct harness_dump *d)
{
	char *text, *line, *save = NULL;

	memset(d, 0, sizeof(*d));
	pthread_mutex_lock(&capture_lock);
	text = capture;
	if (text)
		text[capture_len] = '\0';
	capture = NULL;
	capture_len = capture_size = 0;
	pthread_mutex_unlock(&capture_lock);
	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		dump_line(d, line);
	free(text);
}

void harness_dump_free(struct harness_dump *d)
{
	free(d->runs);
	free(d->seqs);
	d->runs = d->seqs = NULL;
}
