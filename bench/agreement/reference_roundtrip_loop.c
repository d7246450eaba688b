// SPDX-License-Identifier: GPL-2.0
/*
 * reference-roundtrip-loop: an independent reference for the round trip,
 * written apart from userspace-loop/ on purpose (same idea as
 * `perf bench syscall basic`): N x ioctl(fd, cmd, arg) between two ordered
 * TSC reads, cycles per call printed on stdout. Build: gcc -O0 -static
 * (bench/agreement/run.sh does).
 *
 * --via raw (default): the `syscall` instruction sits in the loop body, no
 *   call around it: the counterpart of the `raw` variant.
 * --via libc: glibc's syscall(SYS_ioctl, ...), a function returning right
 *   after `syscall`, like perf bench and the `libc` variants. Where the
 *   kernel's return-stack mitigations (e.g. AMD SRSO "Safe RET") leave that
 *   `ret` mispredicted, this costs visibly more than --via raw; which is why
 *   the agreement check compares `raw` with --via raw.
 *
 * Output, one line:
 *   reference via=V iterations=N warmup=W cpu=K cmd=0x... device=PATH cycles=T cycles_per_call=X errors=E
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <x86intrin.h>

#include <ioctl_probe/ioctl_probe.h> /* IOPROBE_PATCH_STAMP, IOPROBE_ARG: the shared ABI */

/* Ordered read: rdtscp waits for earlier instructions, lfence holds later ones back. */
static uint64_t ordered_tsc(unsigned int *cpu)
{
	unsigned int aux;
	uint64_t t = __rdtscp(&aux);

	_mm_lfence();
	*cpu = aux & 0xfffu;
	return t;
}

/* ioctl(2) as one inline `syscall` instruction (x86-64 ABI: nr in rax, args in rdi rsi rdx). */
#define INLINE_IOCTL(fd, cmd, arg)                                                   \
	({                                                                           \
		long ret_;                                                           \
		__asm__ __volatile__("syscall"                                       \
				     : "=a"(ret_)                                    \
				     : "0"((long)SYS_ioctl), "D"((long)(fd)),        \
				       "S"((unsigned long)(cmd)),                    \
				       "d"((unsigned long)(arg))                     \
				     : "rcx", "r11", "memory");                      \
		ret_;                                                                \
	})

static int parse_ulong(const char *text, int base, unsigned long max, unsigned long *out)
{
	char *end;

	if (*text == '\0' || *text == '-')
		return -1;
	errno = 0;
	*out = strtoul(text, &end, base);
	return (errno || *end || *out > max) ? -1 : 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: reference-roundtrip-loop --iterations N --cpu K [--via raw|libc] [--warmup W]\n"
		"                            [--cmd HEX] [--device PATH]\n"
		"  defaults: --via raw --warmup 1000 --cmd %#x --device /dev/null\n",
		(unsigned int)IOPROBE_PATCH_STAMP);
	return 2;
}

int main(int argc, char **argv)
{
	unsigned long iterations = 0, warmup = 1000, cpu = 0, cmd = IOPROBE_PATCH_STAMP, v;
	const char *device = "/dev/null";
	int have_cpu = 0, via_libc = 0;

	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			return usage();
		if (!strcmp(opt, "--iterations") && !parse_ulong(val, 10, 100000000ul, &v) && v > 0)
			iterations = v;
		else if (!strcmp(opt, "--warmup") && !parse_ulong(val, 10, 10000000ul, &v))
			warmup = v;
		else if (!strcmp(opt, "--cpu") && !parse_ulong(val, 10, CPU_SETSIZE - 1, &v))
			cpu = v, have_cpu = 1;
		else if (!strcmp(opt, "--cmd") && !parse_ulong(val, 16, 0xfffffffful, &v))
			cmd = v;
		else if (!strcmp(opt, "--via") && (!strcmp(val, "raw") || !strcmp(val, "libc")))
			via_libc = !strcmp(val, "libc");
		else if (!strcmp(opt, "--device") && *val)
			device = val;
		else
			return usage();
		i++;
	}
	if (iterations == 0 || !have_cpu)
		return usage();

	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "reference-roundtrip-loop: cannot pin to CPU %lu: %s\n", cpu,
			strerror(errno));
		return 1;
	}
	int fd = open(device, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "reference-roundtrip-loop: cannot open %s: %s\n", device,
			strerror(errno));
		return 1;
	}

	/* A warm-up argument, as the project's loops pass: never a measured stamp. */
	unsigned long arg = IOPROBE_ARG(getpid(), IOPROBE_SEQ_WARMUP);
	/* The first warm-up call's answer (-ENOTTY on /dev/null) is what every call must return. */
	long first = via_libc ? syscall(SYS_ioctl, fd, cmd, arg) : INLINE_IOCTL(fd, cmd, arg);
	unsigned int cpu_start, cpu_end;
	unsigned long errors = 0;
	uint64_t start, end;

	if (via_libc) {
		for (unsigned long i = 1; i < warmup; i++)
			syscall(SYS_ioctl, fd, cmd, arg);
		start = ordered_tsc(&cpu_start);
		for (unsigned long i = 0; i < iterations; i++) {
			if (syscall(SYS_ioctl, fd, cmd, arg) != first)
				errors++;
		}
		end = ordered_tsc(&cpu_end);
	} else {
		for (unsigned long i = 1; i < warmup; i++)
			INLINE_IOCTL(fd, cmd, arg);
		start = ordered_tsc(&cpu_start);
		for (unsigned long i = 0; i < iterations; i++) {
			if (INLINE_IOCTL(fd, cmd, arg) != first)
				errors++;
		}
		end = ordered_tsc(&cpu_end);
	}
	close(fd);

	if (cpu_start != cpu || cpu_end != cpu) {
		fprintf(stderr, "reference-roundtrip-loop: ran on CPU %u..%u, not %lu\n", cpu_start,
			cpu_end, cpu);
		return 1;
	}
	printf("reference via=%s iterations=%lu warmup=%lu cpu=%lu cmd=%#lx device=%s cycles=%llu "
	       "cycles_per_call=%.3f errors=%lu\n",
	       via_libc ? "libc" : "raw", iterations, warmup, cpu, cmd, device, (unsigned long long)(end - start),
	       (double)(end - start) / (double)iterations, errors);
	return errors ? 1 : 0;
}
