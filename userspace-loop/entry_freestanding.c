// SPDX-License-Identifier: GPL-2.0
/*
 * entry-loop-freestanding: the entry-latency loop for the HermiTux probe
 * (kernel/hermitux-ioctl-probe/), with no C library (freestanding_runtime.c), so it
 * runs where glibc and musl binaries cannot: in ring 0 of a HermiTux guest
 * whose FPU/SSE state is not set up.
 *
 * Per call it stamps the TSC right before the `syscall` and right after it
 * returns (tsc.h, like entry-loop) and passes IOPROBE_ARG(run, seq) to IOPROBE_HX_STAMP; the
 * kernel stamps the first thing in sys_ioctl. Sequence:
 *   SET_MODE(mode, entries), PING, floor, RESET(run), warm-up, timed loop,
 *   then on stdout: run, floor, one `u` line per call, total; then in
 *   buffer mode FLUSH(stdout), by which the kernel appends its dump
 *   (dump-begin, `k` lines, dump-end) to the same stream.
 * In printk mode the kernel stamps go to HermiTux's kernel log instead,
 * which uhyve prints on stderr at exit (HERMIT_VERBOSE=1); that log is a
 * 16 KiB ring, so printk mode holds a few hundred stamps at most.
 *
 * Built static and at -O0, as the benchmark plan asks.
 */
#include <stddef.h>
#include <stdint.h>

#include <ioctl_probe/ioctl_probe.h>

#include "freestanding_runtime.h"
#include "tsc.h"

#define PROG "entry-loop-freestanding"
#define VARIANT "freestanding"
/* Stamps live in .bss: 20 bytes per call. */
#define MAX_ITERATIONS 2000000u

struct loop_args {
	struct fs_common_args c;
	unsigned int mode;
	unsigned int entries;
};

static uint64_t stamp_before[MAX_ITERATIONS];
static uint64_t stamp_after[MAX_ITERATIONS];
static uint32_t stamp_cpu[MAX_ITERATIONS];

static void usage(int fd)
{
	fs_printf("usage: " PROG " --iterations N [options]\n"
		  "  -n, --iterations N     measured calls (1..%u)\n"
		  "  -w, --warmup W         unmeasured calls first (0..%u, default 1000)\n"
		  "  -c, --cpu K            pin to CPU K (default: the current CPU)\n"
		  "  -r, --run-id HEX       run id (1..ffffffff, default: from the TSC)\n"
		  "  -m, --mode MODE        buffer (default; the kernel writes its stamps to\n"
		  "                         stdout after the loop's) or printk (kernel log)\n"
		  "  -e, --entries E        kernel buffer capacity (0 = probe default)\n"
		  "  -f, --floor-samples S  back-to-back TSC reads for the floor (1..%u, default 100000)\n"
		  "Needs a HermiTux kernel patched with kernel/hermitux-ioctl-probe.\n"
		  "Prints ioprobe lines (include/ioctl_probe/ioctl_probe.h).\n",
		  MAX_ITERATIONS, FS_MAX_WARMUP, FS_MAX_FLOOR_SAMPLES);
	fs_flush(fd);
}

static const struct fs_opt opts[] = {
	FS_COMMON_OPTS,
	{ "mode", 'm' },
	{ "entries", 'e' },
};

/* --mode and --entries; the common options are fs_parse_args' own. */
static const char *take_opt(char key, const char *val, void *ctx)
{
	struct loop_args *a = ctx;
	unsigned long long v;

	switch (key) {
	case 'm':
		if (fs_streq(val, "buffer"))
			a->mode = IOPROBE_HX_MODE_BUFFER;
		else if (fs_streq(val, "printk"))
			a->mode = IOPROBE_HX_MODE_PRINTK;
		else
			return "--mode must be buffer or printk";
		return NULL;
	case 'e':
		if (fs_parse_uint(val, IOPROBE_BUFFER_MAX_ENTRIES, 10, &v))
			return "--entries must be 0..16777216";
		a->entries = v;
		return NULL;
	}
	return "unknown option or unexpected argument";
}

static const struct fs_cli cli = {
	.prog = PROG,
	.opts = opts,
	.n_opts = sizeof(opts) / sizeof(opts[0]),
	.max_iterations = MAX_ITERATIONS,
	.usage = usage,
	.take = take_opt,
};

/* SET_MODE and PING: fail with what to do when the probe is not there. */
static int probe_start(int fd, const struct loop_args *a)
{
	long r = fs_ioctl(fd, IOPROBE_HX_SET_MODE,
			  IOPROBE_HX_MODE_ARG(a->mode, a->entries));

	if (r == 0)
		r = fs_ioctl(fd, IOPROBE_HX_PING, 0);
	if (r == IOPROBE_PING_REPLY)
		return 0;
	if (r == -12 /* ENOMEM */)
		fs_err(PROG ": the probe cannot allocate its buffer (-ENOMEM): "
		       "give the guest more memory or pass a smaller --entries\n");
	else
		fs_err(PROG ": the HermiTux ioctl probe does not answer (returned %ld): "
		       "is this a HermiTux kernel built with kernel/hermitux-ioctl-probe's patch?\n",
		       r);
	return -1;
}

/* What the measured loop leaves besides its stamps. */
struct loop_totals {
	uint64_t t_start, t_end;
	uint32_t cpu_start, cpu_end;
	unsigned int migrations, errors;
};

/*
 * Warm-up calls, then the measured calls, each stamped into stamp_before,
 * stamp_after and stamp_cpu. A call whose after-stamp id differs from its
 * before-stamp id is counted right away, so the after id is not kept.
 */
static void run_loop(int fd, const struct loop_args *a, struct loop_totals *r)
{
	struct tsc_call_stamps s;
	uint32_t prev_cpu;
	unsigned int i;

	for (i = 0; i < a->c.warmup; i++)
		tsc_stamped_ioctl(fd, IOPROBE_HX_STAMP,
				  IOPROBE_ARG(a->c.run_id, IOPROBE_SEQ_WARMUP | i), &s);

	r->t_start = tsc_read_ordered(&r->cpu_start);
	for (i = 0; i < a->c.iterations; i++) {
		if (tsc_stamped_ioctl(fd, IOPROBE_HX_STAMP, IOPROBE_ARG(a->c.run_id, i), &s))
			r->errors++;
		stamp_before[i] = s.before;
		stamp_after[i] = s.after;
		stamp_cpu[i] = s.cpu_before;
		if (s.cpu_after != s.cpu_before)
			r->migrations++;
	}
	r->t_end = tsc_read_ordered(&r->cpu_end);

	prev_cpu = r->cpu_start;
	for (i = 0; i < a->c.iterations; i++) {
		if (stamp_cpu[i] != prev_cpu)
			r->migrations++;
		prev_cpu = stamp_cpu[i];
	}
}

/* The run's lines on stdout, after the loop: header, floor, stamps, total. */
static int print_run(const struct loop_args *a, uint64_t floor_min, uint64_t floor_p50,
		     const struct loop_totals *r)
{
	unsigned int i;

	fs_printf(IOPROBE_RUN_FMT, a->c.run_id, a->c.iterations, a->c.warmup, a->c.cpu,
		  VARIANT, (unsigned int)IOPROBE_HX_STAMP, IOPROBE_FORMAT_VERSION);
	fs_printf(IOPROBE_FLOOR_FMT, (unsigned long long)floor_min,
		  (unsigned long long)floor_p50, a->c.floor_samples);
	for (i = 0; i < a->c.iterations; i++)
		fs_put_ustamp(a->c.run_id, i, stamp_cpu[i], stamp_before[i], stamp_after[i]);
	fs_printf(IOPROBE_TOTAL_FMT, a->c.run_id, a->c.iterations,
		  (unsigned long long)(r->t_end - r->t_start), r->cpu_start, r->cpu_end,
		  r->migrations, r->errors);
	if (fs_flush(1)) {
		fs_err(PROG ": writing the stamps to stdout failed\n");
		return -1;
	}
	return 0;
}

int fs_main(int argc, char **argv)
{
	struct loop_args a = { .c = { .warmup = 1000, .cpu = -1, .floor_samples = 100000 },
			       .mode = IOPROBE_HX_MODE_BUFFER };
	struct loop_totals totals = { 0 };
	uint64_t floor_min, floor_p50;
	int fd, explicit_cpu;
	long r;

	if (fs_parse_args(argc, argv, &cli, &a.c, &a))
		return 2;
	explicit_cpu = a.c.cpu >= 0;
	if (!explicit_cpu) {
		uint32_t cur;

		tsc_read_ordered(&cur);
		a.c.cpu = cur;
	}
	if (fs_pin_to_cpu(PROG, a.c.cpu, explicit_cpu))
		return 1;
	if (a.c.run_id == 0)
		a.c.run_id = fs_tsc_run_id();

	/* The probe answers before the fd is used: any open fd does. */
	fd = fs_sys3(FS_NR_OPEN, (long)"/dev/null", 0 /* O_RDONLY */, 0);
	if (fd < 0) {
		fs_err(PROG ": cannot open /dev/null: errno %d\n", -fd);
		return 1;
	}
	if (probe_start(fd, &a))
		return 1;
	/* Fault the stamp pages in now, not inside the measured loop. */
	memset(stamp_before, 0, a.c.iterations * sizeof(stamp_before[0]));
	memset(stamp_after, 0, a.c.iterations * sizeof(stamp_after[0]));
	memset(stamp_cpu, 0, a.c.iterations * sizeof(stamp_cpu[0]));
	fs_measure_floor(a.c.floor_samples, &floor_min, &floor_p50);
	r = fs_ioctl(fd, IOPROBE_HX_RESET, IOPROBE_ARG(a.c.run_id, 0));
	if (r) {
		fs_err(PROG ": probe reset failed: %ld\n", r);
		return 1;
	}
	run_loop(fd, &a, &totals);
	if (print_run(&a, floor_min, floor_p50, &totals))
		return 1;
	if (a.mode == IOPROBE_HX_MODE_BUFFER) {
		r = fs_ioctl(fd, IOPROBE_HX_FLUSH, 1);
		if (r) {
			fs_err(PROG ": the probe could not write its buffer to stdout: %ld\n", r);
			return 1;
		}
	}
	fs_sys3(FS_NR_CLOSE, fd, 0, 0);
	if (totals.errors) {
		fs_err(PROG ": %u of %u calls returned an error\n", totals.errors,
		       a.c.iterations);
		return 1;
	}
	return 0;
}
