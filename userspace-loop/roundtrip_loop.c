// SPDX-License-Identifier: GPL-2.0
/*
 * roundtrip-loop-<variant>: the round-trip benchmark.
 *
 * Pins itself to one CPU, opens the device, makes warm-up calls, then reads
 * the TSC once (ordered), makes N calls of the variant's "ioctl" with no
 * stamp in between, and reads the TSC once more. Nothing is printed until
 * the loop is over; then the run, floor and total lines of ioctl_probe.h go
 * to stdout. cycles/call = total cycles / calls.
 *
 * The call mechanism is chosen at compile time (one of the ROUNDTRIP_CALL_*
 * macros), each in its own small header:
 *   ROUNDTRIP_CALL_LIBC         ioctl() of the C library -> libc-glibc, libc-musl
 *   ROUNDTRIP_CALL_RAW          inline `syscall`         -> raw
 *   ROUNDTRIP_CALL_FNCALL_SAME  function in this TU      -> fncall-same
 *   ROUNDTRIP_CALL_FNCALL_LIB   function in a static lib -> fncall-lib
 * The freestanding variant has its own file (roundtrip_freestanding.c).
 *
 * Built static and at -O0, as the benchmark plan asks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <ioctl_probe/ioctl_probe.h>

#include "loop_common.h"
#include "loop_test_die.h"
#include "tsc.h"

#if defined(ROUNDTRIP_CALL_LIBC)
#include "roundtrip_call_libc.h"
#elif defined(ROUNDTRIP_CALL_RAW)
#include "roundtrip_call_raw.h"
#elif defined(ROUNDTRIP_CALL_FNCALL_SAME)
#include "roundtrip_call_fncall_same.h"
#elif defined(ROUNDTRIP_CALL_FNCALL_LIB)
#include "roundtrip_call_fncall_lib.h"
#else
#error "define one of ROUNDTRIP_CALL_{LIBC,RAW,FNCALL_SAME,FNCALL_LIB}"
#endif

#define PROG "roundtrip-loop-" ROUNDTRIP_VARIANT
#define MAX_ITERATIONS 100000000u
#define MAX_WARMUP 10000000u
#define MAX_FLOOR_SAMPLES 10000000u
#define MAX_CPU 1023u /* CPU_SETSIZE - 1 */

struct loop_args {
	unsigned int iterations;
	unsigned int warmup;
	int cpu;
	uint32_t run_id;
	const char *device;
	unsigned long cmd;
	unsigned int floor_samples;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: " PROG " --iterations N [options]\n"
		"  -n, --iterations N     timed calls (1..%u)\n"
		"  -w, --warmup W         untimed calls first (0..%u, default 1000)\n"
		"  -c, --cpu K            pin to CPU K (default: the current CPU)\n"
		"  -r, --run-id HEX       run id (1..ffffffff, default: random)\n"
		"  -d, --device PATH      file to call ioctl on (default /dev/null)\n"
		"  -C, --cmd HEX          ioctl command (default %#x, -ENOTTY on /dev/null)\n"
		"  -f, --floor-samples S  back-to-back TSC reads for the floor (default 100000)\n"
		"Prints ioprobe run/floor/total lines (include/ioctl_probe/ioctl_probe.h).\n",
		MAX_ITERATIONS, MAX_WARMUP, (unsigned int)IOPROBE_NULL_CMD);
}

static int bad_arg(const char *what)
{
	fprintf(stderr, PROG ": %s\n", what);
	usage(stderr);
	return -1;
}

static int parse_args(int argc, char **argv, struct loop_args *a)
{
	static const struct option opts[] = {
		{ "iterations", required_argument, NULL, 'n' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "run-id", required_argument, NULL, 'r' },
		{ "device", required_argument, NULL, 'd' },
		{ "cmd", required_argument, NULL, 'C' },
		{ "floor-samples", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long v;
	int c;

	while ((c = getopt_long(argc, argv, "n:w:c:r:d:C:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (loop_parse_uint(optarg, MAX_ITERATIONS, 10, &v) || v == 0)
				return bad_arg("--iterations must be 1..100000000");
			a->iterations = v;
			break;
		case 'w':
			if (loop_parse_uint(optarg, MAX_WARMUP, 10, &v))
				return bad_arg("--warmup must be 0..10000000");
			a->warmup = v;
			break;
		case 'c':
			if (loop_parse_uint(optarg, MAX_CPU, 10, &v))
				return bad_arg("--cpu must be a CPU number (0..1023)");
			a->cpu = v;
			break;
		case 'r':
			if (loop_parse_uint(optarg, 0xffffffffull, 16, &v) || v == 0)
				return bad_arg("--run-id must be 1..ffffffff (hex)");
			a->run_id = v;
			break;
		case 'd':
			if (!*optarg)
				return bad_arg("--device must not be empty");
			a->device = optarg;
			break;
		case 'C':
			if (loop_parse_uint(optarg, 0xffffffffull, 16, &v))
				return bad_arg("--cmd must be 0..ffffffff (hex)");
			a->cmd = v;
			break;
		case 'f':
			if (loop_parse_uint(optarg, MAX_FLOOR_SAMPLES, 10, &v) || v == 0)
				return bad_arg("--floor-samples must be 1..10000000");
			a->floor_samples = v;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default: /* getopt_long has said what is wrong */
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc)
		return bad_arg("unexpected argument");
	if (a->iterations == 0)
		return bad_arg("--iterations is required");
	return 0;
}

/*
 * Pin to a.cpu. A CPU the user asked for must be honoured; the default (the
 * current CPU) may be skipped where the kernel has no affinity call at all
 * (ENOSYS, e.g. a unikernel with a single vCPU): cpu_start/cpu_end still
 * tell whether the loop moved.
 */
static int pin_to_cpu(int cpu, int explicit_cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (!sched_setaffinity(0, sizeof(set), &set))
		return 0;
	if (errno == ENOSYS && !explicit_cpu) {
		fprintf(stderr, PROG ": warning: cannot pin (%s), running unpinned\n",
			strerror(errno));
		return 0;
	}
	fprintf(stderr, PROG ": cannot pin to CPU %d: %s\n", cpu, strerror(errno));
	return -1;
}

int main(int argc, char **argv)
{
	struct loop_args a = { .warmup = 1000, .cpu = -1, .floor_samples = 100000,
			       .device = "/dev/null",
			       .cmd = (unsigned long)IOPROBE_NULL_CMD };
	uint64_t t_start, t_end, floor_min, floor_p50;
	uint32_t cpu_start, cpu_end;
	unsigned long cmd, arg;
	unsigned int i, errors = 0;
	long ref;
	int fd, explicit_cpu;

	if (parse_args(argc, argv, &a))
		return 2;
	explicit_cpu = a.cpu >= 0;
	if (!explicit_cpu) {
		uint32_t cur;

		tsc_read_ordered(&cur);
		a.cpu = cur;
	}
	if (pin_to_cpu(a.cpu, explicit_cpu))
		return 1;
	while (a.run_id == 0) {
		if (getrandom(&a.run_id, sizeof(a.run_id), 0) != sizeof(a.run_id)) {
			perror(PROG ": getrandom");
			return 1;
		}
	}

	fd = open(a.device, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, PROG ": cannot open %s: %s\n", a.device, strerror(errno));
		return 1;
	}
	if (loop_measure_floor(a.floor_samples, &floor_min, &floor_p50)) {
		fprintf(stderr, PROG ": out of memory for the floor samples\n");
		return 1;
	}

	/*
	 * Every call gets the same arguments; a patched kernel with the probe on
	 * would record them as warm-up stamps of this run, never paired.
	 */
	cmd = a.cmd;
	arg = IOPROBE_ARG(a.run_id, IOPROBE_SEQ_WARMUP);
	/* The first warm-up call's answer is the reference (made even if W = 0). */
	ref = roundtrip_call(fd, cmd, arg);
	for (i = 1; i < a.warmup; i++)
		roundtrip_call(fd, cmd, arg);

	t_start = tsc_read_ordered(&cpu_start);
	for (i = 0; i < a.iterations; i++) {
		LOOP_TEST_DIE_HALFWAY("loop", i, a.iterations);
		if (roundtrip_call(fd, cmd, arg) != ref)
			errors++;
	}
	t_end = tsc_read_ordered(&cpu_end);

	printf(IOPROBE_RUN_FMT, a.run_id, a.iterations, a.warmup, a.cpu, ROUNDTRIP_VARIANT,
	       (unsigned int)cmd, IOPROBE_FORMAT_VERSION);
	printf(IOPROBE_FLOOR_FMT, (unsigned long long)floor_min,
	       (unsigned long long)floor_p50, a.floor_samples);
	printf(IOPROBE_TOTAL_FMT, a.run_id, a.iterations,
	       (unsigned long long)(t_end - t_start), cpu_start, cpu_end,
	       cpu_start != cpu_end ? 1u : 0u, errors);
	if (fflush(stdout)) {
		perror(PROG ": writing results");
		return 1;
	}
	close(fd);
	if (errors) {
		fprintf(stderr, PROG ": %u of %u calls did not return %ld like the first\n",
			errors, a.iterations, ref);
		return 1;
	}
	return 0;
}
