// SPDX-License-Identifier: GPL-2.0
/*
 * Probe torture test, "collector" suite: the real collector (--scenario
 * linux, as inside the project's guest) leaves the probes as it found them,
 * after a normal run and after a run killed with SIGHUP. The guest boots
 * with the hook on (ioctl_probe_hook.mode=printk, entries=777): that is what
 * every run must leave behind, and the module must be unloaded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checks.h"
#include "torture_util.h"

static pid_t start_collector(const char *probe, const char *mode,
			     const char *iterations, const char *out)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl("/bin/collector", "collector", "--scenario", "linux",
		      "--probe", probe, "--mode", mode, "--iterations",
		      iterations, "--module", "/ioctl_probe.ko", "--loop",
		      "/bin/entry-loop", "--quiet",
		      "--output-dir", out, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int module_loaded(void)
{
	char line[256];
	FILE *f = fopen("/proc/modules", "r");
	int found = 0;

	while (f && fgets(line, sizeof(line), f))
		found |= !strncmp(line, "ioctl_probe ", 12);
	if (f)
		fclose(f);
	return found;
}

/* The hook as the guest booted it, and no module. */
static int probes_as_before(char *why, size_t size)
{
	char mode[16] = "", entries[16] = "";

	get(HOOK_PARAM("mode"), mode, sizeof(mode));
	get(HOOK_PARAM("entries"), entries, sizeof(entries));
	snprintf(why, size, "hook mode=%s entries=%s, module %s", mode, entries,
		 module_loaded() ? "still loaded" : "unloaded");
	return !strcmp(mode, "printk") && !strcmp(entries, "777") &&
	       !module_loaded();
}

static int file_has(const char *path, const char *needle)
{
	char text[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return 0;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return strstr(text, needle) != NULL;
}

static void check_normal_run(const char *probe, const char *out)
{
	char name[64], why[160];
	int status = wait_child(start_collector(probe, "buffer", "2000", out));
	char summary[128];
	int as_before = probes_as_before(why, sizeof(why));

	snprintf(name, sizeof(name), "collector_run_%s", probe);
	snprintf(summary, sizeof(summary), "%s/summary.json", out);
	report(name, status == 0 && as_before && file_has(summary, "\"paired\": 2000"),
	       "exit %d; %s", status, why);
}

/* Is @pid a running (not zombie) entry-loop whose parent is @parent? */
static int is_loop_of(int pid, pid_t parent)
{
	char path[64], comm[64], state;
	int ppid, n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fscanf(f, "%*d (%63[^)]) %c %d", comm, &state, &ppid);
	fclose(f);
	return n == 3 && state != 'Z' && ppid == parent &&
	       !strcmp(comm, "entry-loop");
}

/* Waits until the collector's loop runs, up to 60 s. */
static int wait_for_loop(pid_t collector)
{
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	int i, pid;

	for (i = 0; i < 600; i++) {
		for (pid = 2; pid < 1000; pid++)
			if (is_loop_of(pid, collector))
				return 1;
		nanosleep(&pause, NULL);
	}
	return 0;
}

static void check_sighup_run(const char *probe, const char *out)
{
	char name[64], why[160], summary[128];
	int running, status, as_before;
	pid_t pid;

	/* More calls than a buffer may hold: printk mode must not care. */
	pid = start_collector(probe, "printk", "20000000", out);
	running = wait_for_loop(pid);

	kill(pid, SIGHUP);
	status = wait_child(pid);
	as_before = probes_as_before(why, sizeof(why));
	snprintf(name, sizeof(name), "collector_sighup_%s", probe);
	snprintf(summary, sizeof(summary), "%s/summary.json", out);
	report(name,
	       running && status == 128 + SIGHUP && as_before &&
		       file_has(summary, "incomplete"),
	       "loop seen %d, exit %d; %s; summary marked incomplete: %d",
	       running, status, why, file_has(summary, "incomplete"));
}

void run_collector_checks(void)
{
	char why[160];

	report("collector_boot_state", probes_as_before(why, sizeof(why)), "%s", why);
	check_normal_run("patch", "/tmp/run-patch");
	check_normal_run("module", "/tmp/run-module");
	check_sighup_run("patch", "/tmp/hup-patch");
	check_sighup_run("module", "/tmp/hup-module");
}
