/* SPDX-License-Identifier: GPL-2.0 */
/* The probe torture test's checks, one function per property. */
#ifndef CHECKS_H
#define CHECKS_H

#include <stdint.h>
#include <sys/types.h>

/* A probe as the checks drive it: the hook (fd -1) or the module's device. */
struct target {
	const char *name;	/* "hook" or "module", ends each check's name */
	const char *params;	/* sysfs parameter directory */
	const char *dump;	/* the dump file */
	const char *src;	/* the dump's source name */
	unsigned int stamp, reset;
	int module;
};

extern const struct target hook_target, module_target;

/* Opens the target's fd (-1 for the hook); -errno on failure. */
int target_open(const struct target *t);
void target_close(const struct target *t, int fd);
/* Sets "entries" then "mode" of @t; 0 or -errno of the first failure. */
int target_setup(const struct target *t, const char *entries, const char *mode);
/* STAMP seq first..first+n-1 of @run; returns how many did not return 0. */
unsigned int stamp_run(const struct target *t, int fd, uint32_t run,
		       uint32_t first, uint32_t n);

void check_unpriv_hook(void);
void check_unpriv_device(void);
void check_entries_range(const struct target *t);
void check_alloc_fails_cleanly(void);

void check_overflow(const struct target *t);
void check_smp(const struct target *t, unsigned int entries,
	       unsigned int per_cpu);
void check_dump_while_stamping(const struct target *t);
void check_reset_during_dump(const struct target *t);
void check_mode_switch_during_dump(const struct target *t);
void check_rmmod_busy(void);

void check_toggle(void);

/* The real collector (--scenario linux, --quiet) in the background. */
pid_t start_collector(const char *probe, const char *mode,
		      const char *iterations, const char *out);
/* Waits until @collector's entry-loop runs (60 s at most); 1 when it does. */
int wait_for_loop(pid_t collector);
void check_kmsg_behind(void);

void run_main_checks(void);
void run_toggle_checks(void);
void run_collector_checks(void);

#endif /* CHECKS_H */
