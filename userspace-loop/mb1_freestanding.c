// SPDX-License-Identifier: GPL-2.0
/*
 * loop-freestanding: the MB1 round-trip loop with no C library at all.
 *
 * Same arguments and output as mb1_loop.c, but its own _start, raw
 * `syscall`s for everything (open, write, sched_setaffinity, exit_group),
 * the CPU number from rdtscp's TSC_AUX, a run id derived from the TSC, and
 * its own integer parsing and printf subset. Built with -nostdlib
 * -ffreestanding -mgeneral-regs-only, so no SSE/x87 instruction exists in
 * the binary and it can run in ring 0 of a unikernel that does not save
 * vector state (the CTest loop_freestanding_no_vector_insns checks this).
 *
 * Built static and at -O0, as the benchmark plan asks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <ioctl_probe/ioctl_probe.h>

#include "tsc.h"

#define PROG "loop-freestanding"
#define VARIANT "freestanding"
#define MAX_ITERATIONS 100000000u
#define MAX_WARMUP 10000000u
#define MAX_FLOOR_SAMPLES 1000000u /* static buffer, 8 MiB of .bss */
#define MAX_CPU 1023u

#define NR_WRITE 1
#define NR_OPEN 2
#define NR_CLOSE 3
#define NR_IOCTL 16
#define NR_SCHED_SETAFFINITY 203
#define NR_EXIT_GROUP 231
#define E_NOSYS 38

/* ---- runtime: entry, syscalls, what gcc may call even at -ffreestanding */

__asm__(".text\n"
	".globl _start\n"
	".type _start, @function\n"
	"_start:\n\t"
	"xor %ebp, %ebp\n\t"
	"mov %rsp, %rdi\n\t" /* argc, argv[], NULL, envp[], NULL, auxv */
	"and $-16, %rsp\n\t"
	"call fs_cstart\n\t"
	"hlt\n"
	".size _start, . - _start\n");

static long sys3(long nr, long a0, long a1, long a2)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "0"(nr), "D"(a0), "S"(a1), "d"(a2)
			     : "rcx", "r11", "memory");
	return ret;
}

/* The timed call: inlined like loop-raw's, no frame around `syscall`. */
static inline __attribute__((always_inline)) long
fs_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "0"((long)NR_IOCTL), "D"((long)fd), "S"(cmd), "d"(arg)
			     : "rcx", "r11", "memory");
	return ret;
}

static __attribute__((noreturn)) void fs_exit(int code)
{
	for (;;)
		sys3(NR_EXIT_GROUP, code, 0, 0);
}

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if (dp < sp) {
		while (n--)
			*dp++ = *sp++;
	} else {
		while (n--)
			dp[n] = sp[n];
	}
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	return memmove(d, s, n);
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

static size_t fs_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static int fs_streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* ---- output: the printf subset the ioprobe formats use ---- */

struct fs_buf {
	char *p;
	size_t len, cap;
};

static void put_c(struct fs_buf *b, char c)
{
	if (b->len < b->cap)
		b->p[b->len] = c;
	b->len++;
}

static void put_num(struct fs_buf *b, unsigned long long v, unsigned int base,
		    int neg, int alt, int zero, int width)
{
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	len = n + (neg ? 1 : 0) + (alt ? 2 : 0);
	if (!zero)
		for (; width > len; width--)
			put_c(b, ' ');
	if (neg)
		put_c(b, '-');
	if (alt) {
		put_c(b, '0');
		put_c(b, 'x');
	}
	if (zero)
		for (; width > len; width--)
			put_c(b, '0');
	while (n)
		put_c(b, tmp[--n]);
}

/* %[#][0][width][l|ll]{d,u,x,s} and %%: enough for ioctl_probe.h. */
static void fs_vfmt(struct fs_buf *b, const char *f, va_list ap)
{
	for (; *f; f++) {
		int alt = 0, zero = 0, width = 0, lng = 0;
		unsigned long long v;
		const char *s;

		if (*f != '%') {
			put_c(b, *f);
			continue;
		}
		f++;
		for (;; f++) {
			if (*f == '#')
				alt = 1;
			else if (*f == '0')
				zero = 1;
			else
				break;
		}
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (*f++ - '0');
		while (*f == 'l')
			lng++, f++;
		switch (*f) {
		case 'd': {
			long long sv = lng ? (lng > 1 ? va_arg(ap, long long) :
					     va_arg(ap, long)) : va_arg(ap, int);

			v = sv < 0 ? 0ull - (unsigned long long)sv : (unsigned long long)sv;
			put_num(b, v, 10, sv < 0, 0, zero, width);
			break;
		}
		case 'u':
		case 'x':
			v = lng ? (lng > 1 ? va_arg(ap, unsigned long long) :
			      va_arg(ap, unsigned long)) : va_arg(ap, unsigned int);
			/* Like printf: "%#x" of 0 is plain "0". */
			put_num(b, v, *f == 'x' ? 16 : 10, 0, alt && *f == 'x' && v,
				zero, width);
			break;
		case 's':
			for (s = va_arg(ap, const char *); *s; s++)
				put_c(b, *s);
			break;
		case '%':
			put_c(b, '%');
			break;
		default: /* not used by this program */
			return;
		}
	}
}

static int fs_write_all(int fd, const char *p, size_t n)
{
	while (n) {
		long r = sys3(NR_WRITE, fd, (long)p, (long)n);

		if (r <= 0)
			return -1;
		p += r;
		n -= r;
	}
	return 0;
}

static char out_buf[1024];

/* Append to out_buf; printed by fs_flush(fd). */
static struct fs_buf out = { out_buf, 0, sizeof(out_buf) };

static void fs_printf(const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	fs_vfmt(&out, f, ap);
	va_end(ap);
}

static int fs_flush(int fd)
{
	int r = fs_write_all(fd, out.p, out.len < out.cap ? out.len : out.cap);

	out.len = 0;
	return r;
}

static void fs_err(const char *f, ...)
{
	va_list ap;

	fs_flush(1);
	va_start(ap, f);
	fs_vfmt(&out, f, ap);
	va_end(ap);
	fs_flush(2);
}

/* ---- arguments ---- */

struct loop_args {
	unsigned int iterations;
	unsigned int warmup;
	int cpu;
	uint32_t run_id;
	const char *device;
	unsigned long cmd;
	unsigned int floor_samples;
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
		  MAX_ITERATIONS, MAX_WARMUP, (unsigned int)IOPROBE_PATCH_STAMP,
		  MAX_FLOOR_SAMPLES);
	fs_flush(fd);
}

static int parse_uint(const char *s, unsigned long long max, unsigned int base,
		      unsigned long long *out)
{
	unsigned long long v = 0;
	unsigned int d;

	if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2])
		s += 2;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -1;
		if (d >= base || v > (max - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

static int bad_arg(const char *what)
{
	fs_err(PROG ": %s\n", what);
	usage(2);
	return -1;
}

static const struct {
	const char *name;
	char key;
} opts[] = {
	{ "iterations", 'n' }, { "warmup", 'w' }, { "cpu", 'c' },
	{ "run-id", 'r' },     { "device", 'd' }, { "cmd", 'C' },
	{ "floor-samples", 'f' },
};

/* --name VALUE, --name=VALUE, -k VALUE, --help/-h; nothing else. */
static int parse_args(int argc, char **argv, struct loop_args *a)
{
	unsigned long long v;
	int i;

	for (i = 1; i < argc; i++) {
		const char *s = argv[i], *val = NULL;
		char key = 0;
		size_t k;

		if (fs_streq(s, "--help") || fs_streq(s, "-h")) {
			usage(1);
			fs_exit(0);
		}
		if (s[0] == '-' && s[1] == '-') {
			for (k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
				size_t n = fs_strlen(opts[k].name);

				if (!memcmp(s + 2, opts[k].name, n) &&
				    (s[2 + n] == '\0' || s[2 + n] == '=')) {
					key = opts[k].key;
					if (s[2 + n] == '=')
						val = s + 3 + n;
					break;
				}
			}
		} else if (s[0] == '-' && s[1] && !s[2]) {
			for (k = 0; k < sizeof(opts) / sizeof(opts[0]); k++)
				if (opts[k].key == s[1])
					key = s[1];
		}
		if (!key)
			return bad_arg("unknown option or unexpected argument");
		if (!val) {
			if (i + 1 >= argc)
				return bad_arg("option needs a value");
			val = argv[++i];
		}
		switch (key) {
		case 'n':
			if (parse_uint(val, MAX_ITERATIONS, 10, &v) || v == 0)
				return bad_arg("--iterations must be 1..100000000");
			a->iterations = v;
			break;
		case 'w':
			if (parse_uint(val, MAX_WARMUP, 10, &v))
				return bad_arg("--warmup must be 0..10000000");
			a->warmup = v;
			break;
		case 'c':
			if (parse_uint(val, MAX_CPU, 10, &v))
				return bad_arg("--cpu must be a CPU number (0..1023)");
			a->cpu = v;
			break;
		case 'r':
			if (parse_uint(val, 0xffffffffull, 16, &v) || v == 0)
				return bad_arg("--run-id must be 1..ffffffff (hex)");
			a->run_id = v;
			break;
		case 'd':
			if (!*val)
				return bad_arg("--device must not be empty");
			a->device = val;
			break;
		case 'C':
			if (parse_uint(val, 0xffffffffull, 16, &v))
				return bad_arg("--cmd must be 0..ffffffff (hex)");
			a->cmd = v;
			break;
		case 'f':
			if (parse_uint(val, MAX_FLOOR_SAMPLES, 10, &v) || v == 0)
				return bad_arg("--floor-samples must be 1..1000000");
			a->floor_samples = v;
			break;
		}
	}
	if (a->iterations == 0)
		return bad_arg("--iterations is required");
	return 0;
}

/* ---- measurement ---- */

/* Same policy as mb1_loop.c: a default CPU may go unpinned on ENOSYS. */
static int pin_to_cpu(int cpu, int explicit_cpu)
{
	uint64_t mask[(MAX_CPU + 1) / 64];
	long r;

	memset(mask, 0, sizeof(mask));
	mask[cpu / 64] = 1ull << (cpu % 64);
	r = sys3(NR_SCHED_SETAFFINITY, 0, sizeof(mask), (long)mask);
	if (r == 0)
		return 0;
	if (r == -E_NOSYS && !explicit_cpu) {
		fs_err(PROG ": warning: cannot pin (errno %d), running unpinned\n",
		       (int)-r);
		return 0;
	}
	fs_err(PROG ": cannot pin to CPU %d: errno %d\n", cpu, (int)-r);
	return -1;
}

static uint64_t floor_buf[MAX_FLOOR_SAMPLES];

static void sift_down(uint64_t *d, size_t root, size_t n)
{
	for (;;) {
		size_t c = 2 * root + 1;
		uint64_t t;

		if (c >= n)
			return;
		if (c + 1 < n && d[c + 1] > d[c])
			c++;
		if (d[root] >= d[c])
			return;
		t = d[root];
		d[root] = d[c];
		d[c] = t;
		root = c;
	}
}

static void heap_sort(uint64_t *d, size_t n)
{
	size_t i;
	uint64_t t;

	for (i = n / 2; i-- > 0;)
		sift_down(d, i, n);
	for (i = n; i-- > 1;) {
		t = d[0];
		d[0] = d[i];
		d[i] = t;
		sift_down(d, 0, i);
	}
}

/* Cost of one ordered read: back-to-back pairs, minimum and median. */
static void measure_floor(unsigned int samples, uint64_t *min, uint64_t *p50)
{
	uint32_t cpu;
	unsigned int i;

	for (i = 0; i < samples; i++) {
		uint64_t t0 = tsc_read_ordered(&cpu);
		uint64_t t1 = tsc_read_ordered(&cpu);

		floor_buf[i] = t1 - t0;
	}
	heap_sort(floor_buf, samples);
	*min = floor_buf[0];
	*p50 = floor_buf[(samples - 1) / 2];
}

static uint32_t tsc_run_id(void)
{
	uint32_t cpu;
	uint64_t x = tsc_read_ordered(&cpu);

	/* murmur3 finalizer: spread the fast-moving low bits over 32 bits */
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return (uint32_t)x ? (uint32_t)x : 1;
}

static int fs_main(int argc, char **argv)
{
	struct loop_args a = { .warmup = 1000, .cpu = -1, .floor_samples = 100000,
			       .device = "/dev/null",
			       .cmd = (unsigned long)IOPROBE_PATCH_STAMP };
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
	if (a.run_id == 0)
		a.run_id = tsc_run_id();

	fd = sys3(NR_OPEN, (long)a.device, 0 /* O_RDONLY */, 0);
	if (fd < 0) {
		fs_err(PROG ": cannot open %s: errno %d\n", a.device, -fd);
		return 1;
	}
	measure_floor(a.floor_samples, &floor_min, &floor_p50);

	cmd = a.cmd;
	arg = IOPROBE_ARG(a.run_id, IOPROBE_SEQ_WARMUP);
	/* The first warm-up call's answer is the reference (made even if W = 0). */
	ref = fs_ioctl(fd, cmd, arg);
	for (i = 1; i < a.warmup; i++)
		fs_ioctl(fd, cmd, arg);

	t_start = tsc_read_ordered(&cpu_start);
	for (i = 0; i < a.iterations; i++) {
		if (fs_ioctl(fd, cmd, arg) != ref)
			errors++;
	}
	t_end = tsc_read_ordered(&cpu_end);

	fs_printf(IOPROBE_RUN_FMT, a.run_id, a.iterations, a.warmup, a.cpu, VARIANT,
		  (unsigned int)cmd);
	fs_printf(IOPROBE_FLOOR_FMT, (unsigned long long)floor_min,
		  (unsigned long long)floor_p50, a.floor_samples);
	fs_printf(IOPROBE_TOTAL_FMT, a.run_id, a.iterations,
		  (unsigned long long)(t_end - t_start), cpu_start, cpu_end,
		  cpu_start != cpu_end ? 1u : 0u, errors);
	if (fs_flush(1))
		return 1;
	sys3(NR_CLOSE, fd, 0, 0);
	if (errors) {
		fs_err(PROG ": %u of %u calls did not return %ld like the first\n",
		       errors, a.iterations, ref);
		return 1;
	}
	return 0;
}

__attribute__((noreturn, used)) void fs_cstart(long *sp);

void fs_cstart(long *sp)
{
	fs_exit(fs_main((int)sp[0], (char **)(sp + 1)));
}
