// SPDX-License-Identifier: GPL-2.0
/*
 * interpose-loop: the round-trip loop (roundtrip-loop-raw's own code) with one
 * interposition mechanism hooking its call.
 *
 *   1. pins itself, sets the mechanism up (mech_*.c: a signal handler, a
 *      seccomp filter, a supervisor or tracer process...);
 *   2. runs the round trip's main (roundtrip_loop.c, compiled into this program as
 *      interpose_round_trip_ioctl, or _nosys with syscall 500 instead of
 *      ioctl): warm-up, then N calls between two ordered TSC reads, printing
 *      its run, floor and total lines: cycles per call = total / N;
 *   3. the per-call pass (percall.c): P more calls, each between two ordered
 *      stamps: p50, p99;
 *   4. removes the mechanism, checks that it intercepted exactly the loop's
 *      calls and that every per-call result was the expected one, and prints
 *      the percall and interpose lines (include/ioctl_probe/ioctl_probe.h).
 * A mechanism the kernel refuses: one "ioprobe skip" line, exit 3.
 * Exit: 0 measured, 1 failed, 2 bad usage, 3 skipped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "../loop_common.h"
#include "interpose.h"

#define PROG "interpose-loop"
#define MAX_ITERATIONS 100000000u
#define MAX_PERCALL 10000000u /* 80 MB of deltas */
#define MAX_WARMUP 10000000u
#define MAX_CPU 1023u

struct options {
	const char *mechanism;
	enum interpose_call call;
	unsigned int iterations, percall, warmup, floor_samples;
	int cpu, helper_cpu;
	uint32_t run_id;
	long answer;
	int answer_given;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: " PROG " --mechanism M [options]\n"
		"  -m, --mechanism M        one of: ");
	interpose_list_mechanisms(out);
	fprintf(out,
		"\n"
		"  -k, --call C             ioctl (default: IOPROBE_NULL_CMD on /dev/null,\n"
		"                           -ENOTTY) or nosys (system call 500, -ENOSYS)\n"
		"  -n, --iterations N       calls of the total pass (1..%u, default 100000)\n"
		"  -p, --percall P          calls of the per-call pass (1..%u, default N)\n"
		"  -w, --warmup W           untimed calls before each pass (default 1000)\n"
		"  -c, --cpu K              pin to CPU K (default: the current CPU)\n"
		"  -S, --supervisor-cpu K   supervisor/tracer CPU (default: the loop's)\n"
		"  -r, --run-id HEX         run id (default: random)\n"
		"  -f, --floor-samples S    back-to-back TSC reads for the floor (default 100000)\n"
		"  -e, --emulate-result R   what rewrite-emulate and ptrace-sysemu answer\n"
		"                           (default: what the kernel answers)\n"
		"Exit: 0 measured, 1 failed, 2 bad usage, 3 the kernel refused the mechanism.\n",
		MAX_ITERATIONS, MAX_PERCALL);
}

static int bad_arg(const char *what)
{
	fprintf(stderr, PROG ": %s\n", what);
	usage(stderr);
	return -1;
}

static int parse_number(int opt, const char *text, struct options *o)
{
	unsigned long long v;
	char *end;

	switch (opt) {
	case 'n':
		if (loop_parse_uint(text, MAX_ITERATIONS, 10, &v) || v == 0)
			return bad_arg("--iterations must be 1..100000000");
		o->iterations = v;
		return 0;
	case 'p':
		if (loop_parse_uint(text, MAX_PERCALL, 10, &v) || v == 0)
			return bad_arg("--percall must be 1..10000000");
		o->percall = v;
		return 0;
	case 'w':
		if (loop_parse_uint(text, MAX_WARMUP, 10, &v))
			return bad_arg("--warmup must be 0..10000000");
		o->warmup = v;
		return 0;
	case 'c':
	case 'S':
		if (loop_parse_uint(text, MAX_CPU, 10, &v))
			return bad_arg("--cpu and --supervisor-cpu must be a CPU number (0..1023)");
		*(opt == 'c' ? &o->cpu : &o->helper_cpu) = v;
		return 0;
	case 'r':
		if (loop_parse_uint(text, 0xffffffffull, 16, &v) || v == 0)
			return bad_arg("--run-id must be 1..ffffffff (hex)");
		o->run_id = v;
		return 0;
	case 'f':
		if (loop_parse_uint(text, 10000000u, 10, &v) || v == 0)
			return bad_arg("--floor-samples must be 1..10000000");
		o->floor_samples = v;
		return 0;
	default: /* 'e' */
		errno = 0;
		o->answer = strtol(text, &end, 10);
		if (errno || !*text || *end)
			return bad_arg("--emulate-result must be a decimal number");
		o->answer_given = 1;
		return 0;
	}
}

static int check_options(struct options *o)
{
	const struct interpose_mechanism *m;

	if (!o->mechanism)
		return bad_arg("--mechanism is required");
	m = interpose_find_mechanism(o->mechanism);
	if (!m)
		return bad_arg("unknown --mechanism");
	if (o->answer_given && !m->emulates)
		return bad_arg("--emulate-result is for rewrite-emulate and ptrace-sysemu");
	if (!o->percall)
		o->percall = o->iterations;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option opts[] = {
		{ "mechanism", required_argument, NULL, 'm' },
		{ "call", required_argument, NULL, 'k' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "percall", required_argument, NULL, 'p' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "supervisor-cpu", required_argument, NULL, 'S' },
		{ "run-id", required_argument, NULL, 'r' },
		{ "floor-samples", required_argument, NULL, 'f' },
		{ "emulate-result", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "m:k:n:p:w:c:S:r:f:e:h", opts, NULL)) != -1) {
		if (c == 'm') {
			o->mechanism = optarg;
		} else if (c == 'k') {
			if (strcmp(optarg, "ioctl") && strcmp(optarg, "nosys"))
				return bad_arg("--call must be ioctl or nosys");
			o->call = strcmp(optarg, "ioctl") ? INTERPOSE_CALL_NOSYS
							  : INTERPOSE_CALL_IOCTL;
		} else if (c == 'h') {
			usage(stdout);
			exit(0);
		} else if (c == '?') {
			usage(stderr); /* getopt_long has said what is wrong */
			return -1;
		} else if (parse_number(c, optarg, o)) {
			return -1;
		}
	}
	if (optind != argc)
		return bad_arg("unexpected argument");
	return check_options(o);
}

static int pin(struct options *o)
{
	cpu_set_t set;

	if (o->cpu < 0)
		o->cpu = sched_getcpu();
	if (o->helper_cpu < 0)
		o->helper_cpu = o->cpu;
	CPU_ZERO(&set);
	CPU_SET(o->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, PROG ": cannot pin to CPU %d: %s\n", o->cpu, strerror(errno));
		return -1;
	}
	while (!o->run_id)
		if (getrandom(&o->run_id, sizeof(o->run_id), 0) != sizeof(o->run_id))
			return -1;
	return 0;
}

/* The total pass: the round trip's main with this run's settings. */
static int round_trip(const struct options *o)
{
	char n[16], w[16], cpu[16], run[16], floor[16];
	char *argv[] = { "roundtrip-loop-raw", "--iterations", n, "--warmup", w, "--cpu", cpu,
			 "--run-id", run, "--floor-samples", floor, NULL };

	snprintf(n, sizeof(n), "%u", o->iterations);
	snprintf(w, sizeof(w), "%u", o->warmup);
	snprintf(cpu, sizeof(cpu), "%d", o->cpu);
	snprintf(run, sizeof(run), "%x", o->run_id);
	snprintf(floor, sizeof(floor), "%u", o->floor_samples);
	optind = 0; /* glibc: parse the new argv from scratch */
	if (o->call == INTERPOSE_CALL_NOSYS)
		return interpose_round_trip_nosys(11, argv);
	return interpose_round_trip_ioctl(11, argv);
}

/* Prints the percall and interpose lines; 0 if the mechanism did its job. */
static int report(const struct options *o, const struct interpose_ctx *ctx,
		  const struct interpose_percall *pc, long expected)
{
	const struct interpose_mechanism *m = ctx->mech;
	unsigned long calls = (o->warmup ? o->warmup : 1) + (unsigned long)o->iterations +
			      o->warmup + o->percall;
	unsigned long hooked = interpose_hook_calls + ctx->shared->hooked;
	unsigned long want = strcmp(m->name, "raw") ? calls : 0;

	printf(IOPROBE_PERCALL_FMT, o->run_id, pc->calls, (long long)pc->min, (long long)pc->p50,
	       (long long)pc->p99, (long long)pc->max, pc->negative, pc->migrations, pc->errors);
	printf(IOPROBE_INTERPOSE_FMT, o->run_id, m->name,
	       o->call == INTERPOSE_CALL_NOSYS ? "nosys" : "ioctl",
	       o->call == INTERPOSE_CALL_NOSYS ? INTERPOSE_NOSYS_NR : INTERPOSE_IOCTL_NR,
	       pc->first_result, expected, hooked, calls, m->helper ? m->helper : "none",
	       m->helper ? ctx->shared->helper_cpu : -1);
	if (fflush(stdout)) {
		perror(PROG ": writing results");
		return 1;
	}
	if (hooked != want) {
		fprintf(stderr, PROG ": %s intercepted %lu of the loop's %lu calls (want %lu)\n",
			m->name, hooked, calls, want);
		return 1;
	}
	if (pc->errors) {
		fprintf(stderr, PROG ": %u of %u per-call results were not %ld\n", pc->errors,
			pc->calls, expected);
		return 1;
	}
	return 0;
}

/* Steps 1 to 3 with the mechanism in place; 0, 1, or INTERPOSE_EXIT_SKIPPED. */
static int measure(const struct options *o, struct interpose_ctx *ctx,
		   struct interpose_percall *pc, long expected)
{
	int64_t *deltas = calloc(o->percall, sizeof(*deltas));
	int fd = open("/dev/null", O_RDONLY), r = 0;

	if (!deltas || fd < 0) {
		perror(PROG ": setting up the per-call pass");
		return 1;
	}
	if (ctx->mech->setup)
		r = ctx->mech->setup(ctx);
	if (r) {
		interpose_helper_stop(ctx, 1); /* not attached yet: safe to kill */
		if (r != INTERPOSE_SKIP)
			return 1;
		printf(IOPROBE_SKIP_FMT, ctx->mech->name, ctx->skip_reason);
		return INTERPOSE_EXIT_SKIPPED;
	}
	r = round_trip(o);
	if (!r)
		interpose_percall_run(o->call, fd,
				      IOPROBE_ARG(o->run_id, IOPROBE_SEQ_WARMUP), o->warmup,
				      o->percall, expected, deltas, pc);
	if (ctx->mech->teardown)
		ctx->mech->teardown(ctx);
	free(deltas);
	close(fd);
	return r ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct options o = { .iterations = 100000, .warmup = 1000, .floor_samples = 100000,
			     .cpu = -1, .helper_cpu = -1 };
	struct interpose_ctx ctx = { 0 };
	struct interpose_percall pc = { 0 };
	long kernel_answer;
	int r;

	if (parse_options(argc, argv, &o))
		return 2;
	ctx.mech = interpose_find_mechanism(o.mechanism);
	if (interpose_use_right_binary(ctx.mech, argv) || pin(&o))
		return 1;
	kernel_answer = o.call == INTERPOSE_CALL_NOSYS ? -ENOSYS : -ENOTTY;
	ctx.call = o.call;
	ctx.cpu = o.cpu;
	ctx.helper_cpu = o.helper_cpu;
	ctx.answer = o.answer_given ? o.answer : kernel_answer;
	ctx.shared = mmap(NULL, sizeof(*ctx.shared), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ctx.shared == MAP_FAILED) {
		perror(PROG ": mmap");
		return 1;
	}
	r = measure(&o, &ctx, &pc, ctx.mech->emulates ? ctx.answer : kernel_answer);
	if (r)
		return r;
	return report(&o, &ctx, &pc, ctx.mech->emulates ? ctx.answer : kernel_answer);
}
