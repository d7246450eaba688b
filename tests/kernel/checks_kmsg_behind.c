// SPDX-License-Identifier: GPL-2.0
/*
 * Probe torture test, "collector" suite: the collector's live /dev/kmsg
 * drain falls behind, and says exactly how much it lost. The suite's guest
 * keeps the kernel's 128 KiB log ring (no log_buf_len), which holds a few
 * thousand stamp records; the collector (printk mode) is stopped with SIGSTOP
 * for a few seconds while its loop, another process, goes on stamping, so
 * the ring is overwritten under the drain for certain (once the drain has
 * written records of the run, so that the loss lies between two records of its
 * raw log). After SIGCONT the run
 * must end normally, and its summary must count the loss as the raw files
 * show it, counted here independently:
 *   - the kernel sequence numbers missing between the records of raw/kmsg.log
 *     (its record headers) = log_lost_records = the drain's own seq gap;
 *   - kmsg_epipe >= 1 (the kernel told the reader it fell behind);
 *   - the measured calls of raw/user.log whose kernel stamp raw/kmsg.log
 *     lacks = "lost" = "missing_kernel", and paired + lost = the calls made.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "checks.h"
#include "torture_util.h"

#define BEHIND_OUT "/tmp/behind"
#define BEHIND_CALLS 200000u
#define BEHIND_STOP_SECONDS 4

/* The number after "@key": (a JSON number or a string holding one); -1 if absent. */
static long long summary_number(const char *text, const char *key)
{
	const char *at = strstr(text, key);

	if (!at)
		return -1;
	at += strlen(key);
	while (*at == ' ' || *at == ':' || *at == '"')
		at++;
	return strtoll(at, NULL, 10);
}

/*
 * Waits until the drain has written records of the run (60 s at most): the
 * loss then lies between two records of raw/kmsg.log, where it can be seen.
 */
static int wait_for_drain(const char *log)
{
	struct timespec pause = { 0, 50 * 1000 * 1000 };
	struct stat st;
	int i;

	for (i = 0; i < 1200; i++) {
		if (!stat(log, &st) && st.st_size > 0)
			return 1;
		nanosleep(&pause, NULL);
	}
	return 0;
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t size = 0;

	if (!f)
		return NULL;
	if (getdelim(&text, &size, '\0', f) < 0) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

/* What raw/kmsg.log holds: the seq gaps between its records, and which calls it stamped. */
struct kmsg_audit {
	unsigned long long seq_gap;
	unsigned char *stamped;	/* [seq] of measured calls, 1 when stamped */
};

static int audit_kmsg(const char *path, struct kmsg_audit *a)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t size = 0;
	long long last = -1, seq;
	unsigned int run, call;
	const char *tag;

	if (!f)
		return -1;
	while (getline(&line, &size, f) > 0) {
		/* "prio,seq,usec,flags;text"; continuation lines start with a space. */
		if (sscanf(line, "%*u,%lld,", &seq) == 1) {
			if (last >= 0 && seq > last + 1)
				a->seq_gap += seq - last - 1;
			last = seq;
		}
		tag = strstr(line, ";ioprobe k patch ");
		if (tag && sscanf(tag, ";ioprobe k patch %x %u", &run, &call) == 2 &&
		    call < BEHIND_CALLS)
			a->stamped[call] = 1;	/* warm-up seqs have bit 31 set */
	}
	free(line);
	fclose(f);
	return 0;
}

/* Measured calls of raw/user.log whose kernel stamp is missing; -1 on error. */
static long long missing_stamps(const char *path, const struct kmsg_audit *a,
				long long *calls)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t size = 0;
	unsigned int run, call;
	long long missing = 0;

	if (!f)
		return -1;
	*calls = 0;
	while (getline(&line, &size, f) > 0) {
		if (sscanf(line, "ioprobe u %x %u", &run, &call) != 2)
			continue;
		++*calls;
		missing += call >= BEHIND_CALLS || !a->stamped[call];
	}
	free(line);
	fclose(f);
	return missing;
}

void check_kmsg_behind(void)
{
	struct timespec stop = { BEHIND_STOP_SECONDS, 0 };
	struct kmsg_audit a = { 0, calloc(BEHIND_CALLS, 1) };
	char calls_text[16];
	long long calls = 0, missing, lost, missing_kernel, paired, records;
	long long drain_gap, epipe;
	int running, status;
	char *summary;
	pid_t pid;

	snprintf(calls_text, sizeof(calls_text), "%u", BEHIND_CALLS);
	pid = start_collector("patch", "printk", calls_text, BEHIND_OUT);
	running = wait_for_loop(pid) && wait_for_drain(BEHIND_OUT "/raw/kmsg.log");
	kill(pid, SIGSTOP);	/* the drain stops; the loop does not */
	nanosleep(&stop, NULL);
	kill(pid, SIGCONT);
	status = wait_child(pid);
	summary = read_all(BEHIND_OUT "/summary.json");
	missing = -1;
	if (a.stamped && summary && !audit_kmsg(BEHIND_OUT "/raw/kmsg.log", &a))
		missing = missing_stamps(BEHIND_OUT "/raw/user.log", &a, &calls);
	if (missing < 0) {
		report("collector_kmsg_behind", 0, "loop and drain seen %d, exit %d, files missing",
		       running, status);
		goto out;
	}
	lost = summary_number(summary, "\"lost\"");
	missing_kernel = summary_number(summary, "\"missing_kernel\"");
	paired = summary_number(summary, "\"paired\"");
	records = summary_number(summary, "\"log_lost_records\"");
	drain_gap = summary_number(summary, "\"kmsg_drain_seq_gap\"");
	epipe = summary_number(summary, "\"kmsg_epipe\"");
	report("collector_kmsg_behind",
	       running && status == 0 && epipe >= 1 && a.seq_gap > 0 &&
		       records == (long long)a.seq_gap && drain_gap == records &&
		       lost == missing && missing_kernel == missing && missing > 0 &&
		       paired + lost == calls,
	       "exit %d; epipe %lld; records lost: summary %lld, drain %lld, raw log %llu; "
	       "stamps lost: summary %lld, raw logs %lld; paired %lld of %lld calls",
	       status, epipe, records, drain_gap, a.seq_gap, lost, missing, paired, calls);
out:
	free(summary);
	free(a.stamped);
}
