// SPDX-License-Identifier: GPL-2.0
/*
 * roundtrip-loop-freestanding: the round-trip loop with no C library at all
 * (and, built with ROUNDTRIP_FNCALL_BOUND, roundtrip-loop-fncall-bound: the
 * same loop calling a function pointer instead of `syscall`).
 *
 * Same arguments and output as roundtrip_loop.c, on the runtime of
 * freestanding_runtime.c: its own _start, raw `syscall`s for everything, the
 * CPU number from rdtscp's TSC_AUX, a run id derived from the TSC. No SSE/x87
 * instruction exists in the binary (the CTest
 * roundtrip_loop_freestanding_no_vector_insns checks this), so it runs in
 * ring 0 of a unikernel that does not save vector state.
 *
 * Built static and at -O0, as the benchmark plan asks.
 */
#include <stddef.h>
#include <stdint.h>

#include <ioctl_probe/ioctl_probe.h>

#include "freestanding_runtime.h"
#include "tsc.h"

#ifdef ROUNDTRIP_FNCALL_BOUND
/*
 * roundtrip-loop-fncall-bound (HermiTux with the ioctl as a plain call of
 * sys_ioctl): the call is a plain function call through roundtrip_bound_ioctl,
 * a pointer in .data that `syscall-rewriter --bind
 * roundtrip_bound_ioctl=kernel:IMAGE` sets to a unikernel's sys_ioctl; unbound
 * it calls roundtrip_unbound_ioctl below. HermiTux's sys_ioctl returns int,
 * hence the pointer's type (the compiler sign-extends the result).
 */
#define PROG "roundtrip-loop-fncall-bound"
#define VARIANT "fncall-bound"

int roundtrip_unbound_ioctl(unsigned int fd, unsigned int cmd,
			    unsigned long arg);
int (*volatile roundtrip_bound_ioctl)(unsigned int fd, unsigned int cmd,
				      unsigned long arg) = roundtrip_unbound_ioctl;

/* What Linux answers for an unknown command, like roundtrip_lib_ioctl. */
__attribute__((noinline)) int roundtrip_unbound_ioctl(unsigned int fd,
						      unsigned int cmd,
						      unsigned long arg)
{
	(void)fd;
	(void)cmd;
	(void)arg;
	return -25; /* -ENOTTY */
}

static inline __attribute__((always_inline)) long
loop_call(int fd, unsigned long cmd, unsigned long arg)
{
	return roundtrip_bound_ioctl((unsigned int)fd, (unsigned int)cmd, arg);
}
#else
#define PROG "roundtrip-loop-freestanding"
#define VARIANT "freestanding"
#define loop_call fs_ioctl
#endif
#define MAX_ITERATIONS 100000000u

struct loop_args {
	struct fs_common_args c;
	const char *device;
	unsigned long cmd;
};

static void usage(int fd)
{
	fs_printf("usage: " PROG " --iterations N [options]\n"
		  "  -n, --iterations N     timed calls (1..%u)\n"
		  "  -w, --warmup W         untimed calls first (0..%u, default 1000)\n"
		  "  -c, --cpu K            pin to CPU K (default: the current CPU)\n"
		  "  -r, --run-id HEX       run id (1..ffffffff, default: from the TSC)\n"
		  "  -d, --device PATH      file to call ioctl on (default /dev/null)\n"
		  "  -C, --cmd HEX          ioctl command (default %#x, -ENOTTY on /dev/null)\n"
		  "  -f, --floor-samples S  back-to-back TSC reads for the floor (1..%u, default 100000)\n"
		  "Prints ioprobe run/floor/total lines (include/ioctl_probe/ioctl_probe.h).\n",
		  MAX_ITERATIONS, FS_MAX_WARMUP, (unsigned int)IOPROBE_NULL_CMD,
		  FS_MAX_FLOOR_SAMPLES);
	fs_flush(fd);
}

static const struct fs_opt opts[] = {
	FS_COMMON_OPTS,
	{ "device", 'd' },
	{ "cmd", 'C' },
};

/* --device and --cmd; the common options are fs_parse_args' own. */
static const char *take_opt(char key, const char *val, void *ctx)
{
	struct loop_args *a = ctx;
	unsigned long long v;

	switch (key) {
	case 'd':
		if (!*val)
			return "--device must not be empty";
		a->device = val;
		return NULL;
	case 'C':
		if (fs_parse_uint(val, 0xffffffffull, 16, &v))
			return "--cmd must be 0..ffffffff (hex)";
		a->cmd = v;
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

int fs_main(int argc, char **argv)
{
	struct loop_args a = { .c = { .warmup = 1000, .cpu = -1, .floor_samples = 100000 },
			       .device = "/dev/null",
			       .cmd = (unsigned long)IOPROBE_NULL_CMD };
	uint64_t t_start, t_end, floor_min, floor_p50;
	uint32_t cpu_start, cpu_end;
	unsigned long cmd, arg;
	unsigned int i, errors = 0;
	long ref;
	int fd, explicit_cpu;

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

	fd = fs_sys3(FS_NR_OPEN, (long)a.device, 0 /* O_RDONLY */, 0);
	if (fd < 0) {
		fs_err(PROG ": cannot open %s: errno %d\n", a.device, -fd);
		return 1;
	}
	fs_measure_floor(a.c.floor_samples, &floor_min, &floor_p50);

	cmd = a.cmd;
	arg = IOPROBE_ARG(a.c.run_id, IOPROBE_SEQ_WARMUP);
	/* The first warm-up call's answer is the reference (made even if W = 0). */
	ref = loop_call(fd, cmd, arg);
	for (i = 1; i < a.c.warmup; i++)
		loop_call(fd, cmd, arg);

	t_start = tsc_read_ordered(&cpu_start);
	for (i = 0; i < a.c.iterations; i++) {
		if (loop_call(fd, cmd, arg) != ref)
			errors++;
	}
	t_end = tsc_read_ordered(&cpu_end);

	fs_printf(IOPROBE_RUN_FMT, a.c.run_id, a.c.iterations, a.c.warmup, a.c.cpu, VARIANT,
		  (unsigned int)cmd, IOPROBE_FORMAT_VERSION);
	fs_printf(IOPROBE_FLOOR_FMT, (unsigned long long)floor_min,
		  (unsigned long long)floor_p50, a.c.floor_samples);
	fs_printf(IOPROBE_TOTAL_FMT, a.c.run_id, a.c.iterations,
		  (unsigned long long)(t_end - t_start), cpu_start, cpu_end,
		  cpu_start != cpu_end ? 1u : 0u, errors);
	if (fs_flush(1))
		return 1;
	fs_sys3(FS_NR_CLOSE, fd, 0, 0);
	if (errors) {
		fs_err(PROG ": %u of %u calls did not return %ld like the first\n",
		       errors, a.c.iterations, ref);
		return 1;
	}
	return 0;
}

