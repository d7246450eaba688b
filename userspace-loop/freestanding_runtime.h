/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The minimal runtime of the freestanding loops (roundtrip-loop-freestanding,
 * entry-loop-freestanding): no C library, raw `syscall`s, a printf subset,
 * option parsing, CPU pinning and the TSC floor. Built with -ffreestanding
 * -mgeneral-regs-only, so no SSE/x87 instruction exists in the binaries and
 * they run in ring 0 of a unikernel that does not save vector state.
 *
 * A program provides fs_main(argc, argv); freestanding_runtime.c's _start calls it
 * and exits with its return value.
 */
#ifndef FREESTANDING_RUNTIME_H
#define FREESTANDING_RUNTIME_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define FS_NR_WRITE 1
#define FS_NR_OPEN 2
#define FS_NR_CLOSE 3
#define FS_NR_IOCTL 16
#define FS_NR_SCHED_SETAFFINITY 203
#define FS_NR_EXIT_GROUP 231
#define FS_ENOSYS 38
#define FS_MAX_CPU 1023u
#define FS_MAX_FLOOR_SAMPLES 1000000u /* static buffer, 8 MiB of .bss */

int fs_main(int argc, char **argv);

long fs_sys3(long nr, long a0, long a1, long a2);
__attribute__((noreturn)) void fs_exit(int code);

/* The timed call: inlined, no frame around `syscall`, like roundtrip-loop-raw's. */
static inline __attribute__((always_inline)) long
fs_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "0"((long)FS_NR_IOCTL), "D"((long)fd), "S"(cmd), "d"(arg)
			     : "rcx", "r11", "memory");
	return ret;
}

/* gcc may emit calls to these even at -ffreestanding; freestanding_runtime.c has them. */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

size_t fs_strlen(const char *s);
int fs_streq(const char *a, const char *b);

/*
 * Output: fs_printf appends to a 64 KiB buffer that is written to stdout
 * whenever it fills up and on fs_flush(1); fs_err flushes stdout first and
 * then writes its message to stderr. %[#][0][width][l|ll]{d,u,x,s} and %%.
 */
void fs_printf(const char *f, ...) __attribute__((format(printf, 1, 2)));
int fs_flush(int fd);
void fs_err(const char *f, ...) __attribute__((format(printf, 1, 2)));
/* fs_printf(IOPROBE_USTAMP_FMT, run, seq, cpu, before, after), faster. */
void fs_put_ustamp(uint32_t run, uint32_t seq, uint32_t cpu, uint64_t before,
		   uint64_t after);
/* Non-zero once a write to stdout failed (checked by fs_flush(1)). */
int fs_out_failed(void);

/* Decimal or hex (optional 0x) into *out, at most max; -1 on bad input. */
int fs_parse_uint(const char *s, unsigned long long max, unsigned int base,
		  unsigned long long *out);

/* An option --name / -key; every option takes a value. */
struct fs_opt {
	const char *name;
	char key;
};

/* The options every freestanding loop takes; cpu -1 and run_id 0 mean "not given". */
struct fs_common_args {
	unsigned int iterations;
	unsigned int warmup;
	int cpu;
	uint32_t run_id;
	unsigned int floor_samples;
};

#define FS_MAX_WARMUP 10000000u
#define FS_COMMON_OPTS                                                  \
	{ "iterations", 'n' }, { "warmup", 'w' }, { "cpu", 'c' },       \
		{ "run-id", 'r' }, { "floor-samples", 'f' }

/*
 * A loop's command line: opts[] holds FS_COMMON_OPTS and the loop's own
 * options, whose values take() stores into ctx; take() returns NULL when
 * the value is good, else the message to print.
 */
struct fs_cli {
	const char *prog;
	const struct fs_opt *opts;
	size_t n_opts;
	unsigned int max_iterations;
	void (*usage)(int fd);
	const char *(*take)(char key, const char *val, void *ctx);
};

/*
 * --name VALUE, --name=VALUE, -k VALUE into *common and (through take) ctx;
 * --iterations is required. --help: usage on stdout and exit 0. Bad input:
 * "prog: why" and the usage on stderr, -1 returned.
 */
int fs_parse_args(int argc, char **argv, const struct fs_cli *cli,
		  struct fs_common_args *common, void *ctx);

/*
 * Pin to @cpu. A CPU that was not asked for explicitly may stay unpinned
 * when the kernel has no sched_setaffinity (a warning says so).
 */
int fs_pin_to_cpu(const char *prog, int cpu, int explicit_cpu);
/* Cost of one ordered TSC read: back-to-back pairs, minimum and median. */
void fs_measure_floor(unsigned int samples, uint64_t *min, uint64_t *p50);
/* A run id from the TSC (1..ffffffff) when the user gave none. */
uint32_t fs_tsc_run_id(void);

#endif /* FREESTANDING_RUNTIME_H */
