/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For the collector's tests only: a loop built with -DLOOP_TEST_DIE dies by a
 * signal half way, where the environment variable IOPROBE_TEST_DIE says:
 * "loop:SIG" half way through its measured calls, "print:SIG" half way
 * through printing its stamps (what it printed so far is flushed first).
 * "WHERE:SIG:FILE" spares the first loop to get there (it creates FILE), so
 * that a run's second loop process is the one that dies.
 * The loops that measure are built without it: there the hook is empty, and
 * the timed loop holds no trace of it.
 */
#ifndef LOOP_TEST_DIE_H
#define LOOP_TEST_DIE_H

#ifdef LOOP_TEST_DIE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static inline void loop_test_die(const char *where, unsigned int i, unsigned int n)
{
	const struct rlimit no_core = { 0, 0 };
	const char *spec, *spare;
	size_t len;
	int fd;

	if (i != n / 2)
		return;
	spec = getenv("IOPROBE_TEST_DIE");
	len = strlen(where);
	if (!spec || strncmp(spec, where, len) || spec[len] != ':')
		return;
	spare = strchr(spec + len + 1, ':');
	if (spare) {
		fd = open(spare + 1, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd >= 0) {
			close(fd);
			return;
		}
	}
	fflush(stdout);
	setrlimit(RLIMIT_CORE, &no_core); /* a test leaves no core file behind */
	kill(getpid(), atoi(spec + len + 1));
}

#define LOOP_TEST_DIE_HALFWAY(where, i, n) loop_test_die(where, i, n)
#else
#define LOOP_TEST_DIE_HALFWAY(where, i, n) do { } while (0)
#endif

#endif /* LOOP_TEST_DIE_H */
