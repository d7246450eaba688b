/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host test harness of the HermiTux probe: kernel/hermitux-ioctl-probe/tree/kernel/ioctl_probe.c
 * compiled as is against the stand-ins under shim/, driven from several threads (under
 * ThreadSanitizer in CI). This header is the harness's side of the stand-ins.
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <stddef.h>
#include <stdint.h>

/* The probe's entry point (declared by its header). */
int ioctl_probe_ioctl(uint64_t tsc, uint32_t cpu, unsigned int cmd,
		      unsigned long arg);

/* The next @n kmalloc calls fail. */
void harness_fail_allocs(int n);
/* sys_write returns @ret (e.g. -1 as uhyve does, or -EBADF) instead of writing; 0 = write. */
void harness_fail_writes(long ret);
/* Well-formed stamp lines (7 fields, k_enter <= k_exit) kprintf printed since the last call. */
unsigned long harness_klog_lines(void);

/* One parsed FLUSH output. */
struct harness_dump {
	int begins, ends, bad_lines;	/* bad: unknown, miscounted, exit < enter */
	unsigned int in_dump;		/* records since the last dump-begin */
	unsigned int entries, capacity;
	unsigned long long dropped;
	size_t count;
	uint32_t *runs, *seqs;
};

/* Takes everything sys_write received since the last call and parses it. */
void harness_take_dump(struct harness_dump *d);
void harness_dump_free(struct harness_dump *d);

/* The probe's commands, as an application issues them. */
#define ARG(hi, lo) (((unsigned long)(uint32_t)(hi) << 32) | (uint32_t)(lo))
int set_mode(uint32_t mode, uint32_t entries);
int stamp(uint32_t run, uint32_t seq);
int flush(void);
int reset(void);

/* Prints "ok NAME" or "FAIL NAME: detail" and counts failures. */
void check(const char *name, int ok, const char *detail);
/* Every record of run 1..@runs, each run's seqs increasing, framing consistent. */
int records_sane(const struct harness_dump *d, uint32_t runs);
/*
 * Runs @n threads stamping @count times each as runs 1..n (or until *@stop when @stop is set)
 * while the caller runs @meanwhile; returns how many stamps answered other than 0 / -ENODATA.
 */
unsigned long run_stampers(int n, uint32_t count, const int *stop,
			   void (*meanwhile)(void));

void check_full_buffer(void);
void check_dropped_exact(void);
void check_reset_races(void);
void check_mode_races(void);
void check_failed_set_mode(void);
void check_flush_errno(void);
void check_fresh_buffer_clean(void);
void check_printk_count(void);
void check_printk_warmup_quiet(void);

#endif /* HARNESS_H */
