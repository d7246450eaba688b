// SPDX-License-Identifier: GPL-2.0
/*
 * entry-loop: the userspace half of the entry-latency benchmark.
 *
 * Pins itself to one CPU, clears the probe's buffer for this run, makes
 * warm-up calls, then N measured ioctl calls, each preceded and followed
 * by an ordered TSC stamp kept in preallocated arrays. Nothing is printed
 * until the loop is over; then the stamps, the TSC read floor and the loop
 * total (the round trip of the same run) go to stdout in the format of
 * ioctl_probe.h.
 *
 * --probe hermitux talks to the HermiTux probe (kernel/hermitux-ioctl-probe/):
 * it sets the probe's mode first and, in buffer mode, has the kernel write
 * its dump to stdout after the loop's own lines (HermiTux has no /proc).
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
#include <sys/ioctl.h>
#include <sys/random.h>
#include <unistd.h>

#include <ioctl_probe/ioctl_probe.h>

#include "loop_common.h"
#include "loop_test_die.h"
#include "tsc.h"

#define MAX_ITERATIONS 100000000u
#define MAX_WARMUP 10000000u
#define MAX_FLOOR_SAMPLES 10000000u

struct loop_args {
	unsigned int iterations;
	unsigned int warmup;
	int cpu;
	uint32_t run_id;
	enum { PROBE_MODULE, PROBE_PATCH, PROBE_HERMITUX, PROBE_TRACEPOINT } probe;
	unsigned int hx_mode; /* --probe hermitux: IOPROBE_HX_MODE_* */
	const char *device;
	unsigned int floor_samples;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: entry-loop --iterations N [options]\n"
		"  -n, --iterations N     measured ioctl calls (1..%u)\n"
		"  -w, --warmup W         unmeasured calls first (default 1000)\n"
		"  -c, --cpu K            pin to CPU K (default: the current CPU)\n"
		"  -r, --run-id HEX       run id carried to the kernel (default: random)\n"
		"  -p, --probe NAME       module (default), patch, hermitux or tracepoint\n"
		"                         (tracepoint: a command nobody answers, -ENOTTY)\n"
		"  -m, --mode MODE        hermitux only: buffer (default; the kernel writes its\n"
		"                         stamps to stdout after the loop's) or printk\n"
		"  -d, --device PATH      module device (default %s)\n"
		"  -f, --floor-samples S  back-to-back TSC reads for the floor (default 100000)\n"
		"Prints ioprobe lines (see include/ioctl_probe/ioctl_probe.h) on stdout.\n",
		MAX_ITERATIONS, IOPROBE_MODULE_DEVICE);
}

static const struct option loop_options[] = {
	{ "iterations", required_argument, NULL, 'n' },
	{ "warmup", required_argument, NULL, 'w' },
	{ "cpu", required_argument, NULL, 'c' },
	{ "run-id", required_argument, NULL, 'r' },
	{ "probe", required_argument, NULL, 'p' },
	{ "device", required_argument, NULL, 'd' },
	{ "mode", required_argument, NULL, 'm' },
	{ "floor-samples", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_probe(const char *name, struct loop_args *a)
{
	if (!strcmp(name, "patch")) {
		a->probe = PROBE_PATCH;
	} else if (!strcmp(name, "module")) {
		a->probe = PROBE_MODULE;
	} else if (!strcmp(name, "hermitux")) {
		a->probe = PROBE_HERMITUX;
	} else if (!strcmp(name, "tracepoint")) {
		a->probe = PROBE_TRACEPOINT;
	} else {
		fprintf(stderr,
			"entry-loop: --probe must be module, patch, hermitux or tracepoint\n");
		return -1;
	}
	return 0;
}

static int parse_mode(const char *name, struct loop_args *a)
{
	if (!strcmp(name, "buffer")) {
		a->hx_mode = IOPROBE_HX_MODE_BUFFER;
	} else if (!strcmp(name, "printk")) {
		a->hx_mode = IOPROBE_HX_MODE_PRINTK;
	} else {
		fprintf(stderr, "entry-loop: --mode must be buffer or printk\n");
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct loop_args *a)
{
	unsigned long long v;
	int c;

	while ((c = getopt_long(argc, argv, "n:w:c:r:p:d:m:f:h", loop_options, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (loop_parse_uint(optarg, MAX_ITERATIONS, 10, &v) || v == 0) {
				fprintf(stderr, "entry-loop: --iterations must be 1..%u\n",
					MAX_ITERATIONS);
				return -1;
			}
			a->iterations = v;
			break;
		case 'w':
			if (loop_parse_uint(optarg, MAX_WARMUP, 10, &v)) {
				fprintf(stderr, "entry-loop: --warmup must be 0..%u\n", MAX_WARMUP);
				return -1;
			}
			a->warmup = v;
			break;
		case 'c':
			if (loop_parse_uint(optarg, CPU_SETSIZE - 1, 10, &v)) {
				fprintf(stderr, "entry-loop: --cpu must be a CPU number\n");
				return -1;
			}
			a->cpu = v;
			break;
		case 'r':
			if (loop_parse_uint(optarg, 0xffffffffull, 16, &v) || v == 0) {
				fprintf(stderr, "entry-loop: --run-id must be 1..ffffffff (hex)\n");
				return -1;
			}
			a->run_id = v;
			break;
		case 'p':
			if (parse_probe(optarg, a))
				return -1;
			break;
		case 'm':
			if (parse_mode(optarg, a))
				return -1;
			break;
		case 'd':
			a->device = optarg;
			break;
		case 'f':
			if (loop_parse_uint(optarg, MAX_FLOOR_SAMPLES, 10, &v) || v == 0) {
				fprintf(stderr, "entry-loop: --floor-samples must be 1..%u\n",
					MAX_FLOOR_SAMPLES);
				return -1;
			}
			a->floor_samples = v;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc || a->iterations == 0) {
		usage(stderr);
		return -1;
	}
	return 0;
}

static int pin_to_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "entry-loop: cannot pin to CPU %d: %s\n", cpu,
			strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The ioctl commands of one probe, and what its STAMP returns when it
 * worked (tracepoint: nobody answers, the kernel says -ENOTTY; any other
 * result is an error). ping and reset 0: the probe has none.
 */
struct probe_cmds {
	unsigned long stamp, ping, reset;
	long stamp_ok;
};

static struct probe_cmds probe_cmds_of(int probe)
{
	struct probe_cmds c;

	switch (probe) {
	case PROBE_PATCH:
		c = (struct probe_cmds){ IOPROBE_PATCH_STAMP, IOPROBE_PATCH_PING,
					 IOPROBE_PATCH_RESET, 0 };
		break;
	case PROBE_HERMITUX:
		c = (struct probe_cmds){ IOPROBE_HX_STAMP, IOPROBE_HX_PING, IOPROBE_HX_RESET,
					 0 };
		break;
	case PROBE_TRACEPOINT:
		c = (struct probe_cmds){ IOPROBE_TRACE_STAMP, 0, 0, -ENOTTY };
		break;
	default:
		c = (struct probe_cmds){ IOPROBE_MOD_STAMP, IOPROBE_MOD_PING,
					 IOPROBE_MOD_RESET, 0 };
		break;
	}
	return c;
}

/* Opens the probe and checks it answers; returns the fd, or -1 after a message. */
static int open_probe(const struct loop_args *a, const struct probe_cmds *cmds)
{
	static const char *const probe_names[] = { "module", "patch", "hermitux" };
	static const char *const probe_hints[] = {
		"load the module with mode=printk or mode=buffer",
		"is this the patched kernel with " IOPROBE_PATCH_PARAM_DIR
		"/mode set to printk or buffer?",
		"is this a HermiTux kernel built with kernel/hermitux-ioctl-probe's patch?",
	};
	/*
	 * The patched hooks answer before the fd is looked up: any fd does.
	 * The tracepoints see every ioctl: /dev/null, which has none, will do.
	 */
	int any_fd = a->probe != PROBE_MODULE;
	long ret;
	int fd;

	fd = open(any_fd ? "/dev/null" : a->device, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "entry-loop: cannot open %s: %s (%s)\n",
			any_fd ? "/dev/null" : a->device, strerror(errno),
			any_fd ? "" : "is the ioctl_probe module loaded?");
		return -1;
	}
	/* HermiTux has no sysfs: its probe's mode is set by ioctl. */
	ret = a->probe == PROBE_HERMITUX ?
		      ioctl(fd, IOPROBE_HX_SET_MODE, IOPROBE_HX_MODE_ARG(a->hx_mode, 0)) :
		      0;
	if (!cmds->ping)
		return fd;
	if (ret == 0)
		ret = ioctl(fd, cmds->ping, 0);
	if (ret != IOPROBE_PING_REPLY) {
		fprintf(stderr,
			"entry-loop: the %s probe does not answer (returned %ld, %s); %s\n",
			probe_names[a->probe], ret, strerror(errno), probe_hints[a->probe]);
		close(fd);
		return -1;
	}
	return fd;
}

/* Per measured call: the stamps before and after it, and the before id. */
struct loop_stamps {
	uint64_t *before, *after;
	uint32_t *cpus;
};

/* What the measured loop leaves besides its stamps. */
struct loop_totals {
	uint64_t t_start, t_end;
	uint32_t cpu_start, cpu_end;
	unsigned int migrations, errors;
};

/*
 * Warm-up calls, then the measured calls, each stamped into st[i]. A call
 * whose after-stamp id differs from its before-stamp id moved during the
 * call: it is counted right away, so the after id need not be kept. A call
 * returning anything but stamp_ok counts as an error.
 */
static void run_loop(int fd, const struct loop_args *a, unsigned long stamp_cmd,
		     long stamp_ok, const struct loop_stamps *st, struct loop_totals *r)
{
	struct tsc_call_stamps s;
	uint32_t prev_cpu;
	unsigned int i;

	for (i = 0; i < a->warmup; i++)
		tsc_stamped_ioctl(fd, stamp_cmd,
				  IOPROBE_ARG(a->run_id, IOPROBE_SEQ_WARMUP | i), &s);

	r->t_start = tsc_read_ordered(&r->cpu_start);
	for (i = 0; i < a->iterations; i++) {
		LOOP_TEST_DIE_HALFWAY("loop", i, a->iterations);
		if (tsc_stamped_ioctl(fd, stamp_cmd, IOPROBE_ARG(a->run_id, i), &s) != stamp_ok)
			r->errors++;
		st->before[i] = s.before;
		st->after[i] = s.after;
		st->cpus[i] = s.cpu_before;
		if (s.cpu_after != s.cpu_before)
			r->migrations++;
	}
	r->t_end = tsc_read_ordered(&r->cpu_end);

	prev_cpu = r->cpu_start;
	for (i = 0; i < a->iterations; i++) {
		if (st->cpus[i] != prev_cpu)
			r->migrations++;
		prev_cpu = st->cpus[i];
	}
}

/* The run's lines on stdout, after the loop: header, floor, stamps, total. */
static int print_run(const struct loop_args *a, unsigned long stamp_cmd,
		     uint64_t floor_min, uint64_t floor_p50,
		     const struct loop_stamps *st, const struct loop_totals *r)
{
	unsigned int i;

	setvbuf(stdout, NULL, _IOFBF, 1 << 20);
	printf(IOPROBE_RUN_FMT, a->run_id, a->iterations, a->warmup, a->cpu, "raw",
	       (unsigned int)stamp_cmd, IOPROBE_FORMAT_VERSION);
	printf(IOPROBE_FLOOR_FMT, (unsigned long long)floor_min,
	       (unsigned long long)floor_p50, a->floor_samples);
	for (i = 0; i < a->iterations; i++) {
		LOOP_TEST_DIE_HALFWAY("print", i, a->iterations);
		printf(IOPROBE_USTAMP_FMT, a->run_id, i, st->cpus[i],
		       (unsigned long long)st->before[i],
		       (unsigned long long)st->after[i]);
	}
	printf(IOPROBE_TOTAL_FMT, a->run_id, a->iterations,
	       (unsigned long long)(r->t_end - r->t_start), r->cpu_start, r->cpu_end,
	       r->migrations, r->errors);
	if (fflush(stdout)) {
		perror("entry-loop: writing stamps");
		return -1;
	}
	return 0;
}

static void free_stamps(struct loop_stamps *st)
{
	free(st->before);
	free(st->after);
	free(st->cpus);
}

/*
 * The stamp arrays, 20 bytes per call, written once so that their pages are
 * faulted in now and not inside the measured loop.
 */
static int alloc_stamps(unsigned int n, struct loop_stamps *st)
{
	st->before = malloc((size_t)n * sizeof(*st->before));
	st->after = malloc((size_t)n * sizeof(*st->after));
	st->cpus = malloc((size_t)n * sizeof(*st->cpus));
	if (!st->before || !st->after || !st->cpus) {
		free_stamps(st);
		fprintf(stderr, "entry-loop: out of memory for %u stamps\n", n);
		return -1;
	}
	memset(st->before, 0, (size_t)n * sizeof(*st->before));
	memset(st->after, 0, (size_t)n * sizeof(*st->after));
	memset(st->cpus, 0, (size_t)n * sizeof(*st->cpus));
	return 0;
}

int main(int argc, char **argv)
{
	struct loop_args a = { .warmup = 1000, .cpu = -1, .floor_samples = 100000,
			       .device = IOPROBE_MODULE_DEVICE,
			       .hx_mode = IOPROBE_HX_MODE_BUFFER };
	struct loop_totals r = { 0 };
	struct loop_stamps st;
	struct probe_cmds cmds;
	uint64_t floor_min, floor_p50;
	int fd;

	if (parse_args(argc, argv, &a))
		return 2;
	if (a.cpu < 0)
		a.cpu = sched_getcpu();
	if (a.cpu < 0 || pin_to_cpu(a.cpu))
		return 1;
	while (a.run_id == 0) {
		if (getrandom(&a.run_id, sizeof(a.run_id), 0) != sizeof(a.run_id)) {
			perror("entry-loop: getrandom");
			return 1;
		}
	}
	cmds = probe_cmds_of(a.probe);
	fd = open_probe(&a, &cmds);
	if (fd < 0)
		return 1;
	if (alloc_stamps(a.iterations, &st))
		return 1;
	if (loop_measure_floor(a.floor_samples, &floor_min, &floor_p50)) {
		fprintf(stderr, "entry-loop: out of memory for the floor samples\n");
		return 1;
	}
	if (cmds.reset && ioctl(fd, cmds.reset, (unsigned long)IOPROBE_ARG(a.run_id, 0))) {
		perror("entry-loop: probe reset");
		return 1;
	}
	run_loop(fd, &a, cmds.stamp, cmds.stamp_ok, &st, &r);
	if (print_run(&a, cmds.stamp, floor_min, floor_p50, &st, &r))
		return 1;
	if (a.probe == PROBE_HERMITUX && a.hx_mode == IOPROBE_HX_MODE_BUFFER &&
	    ioctl(fd, IOPROBE_HX_FLUSH, 1)) {
		perror("entry-loop: the probe could not write its buffer to stdout");
		return 1;
	}
	if (r.errors)
		fprintf(stderr, "entry-loop: %u of %u calls returned an error\n", r.errors,
			a.iterations);
	close(fd);
	free_stamps(&st);
	return r.errors ? 1 : 0;
}
