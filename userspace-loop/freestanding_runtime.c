// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime of the freestanding loops: entry point, raw syscalls, the C
 * functions gcc may call even at -ffreestanding, options, pinning and the
 * TSC floor (built at -O0 like the loops; output is in freestanding_output.c). See
 * freestanding_runtime.h.
 */
#include "freestanding_runtime.h"
#include "tsc.h"

/* ---- entry and syscalls ---- */

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

long fs_sys3(long nr, long a0, long a1, long a2)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "0"(nr), "D"(a0), "S"(a1), "d"(a2)
			     : "rcx", "r11", "memory");
	return ret;
}

void fs_exit(int code)
{
	for (;;)
		fs_sys3(FS_NR_EXIT_GROUP, code, 0, 0);
}

__attribute__((noreturn, used)) void fs_cstart(long *sp);

void fs_cstart(long *sp)
{
	fs_exit(fs_main((int)sp[0], (char **)(sp + 1)));
}

/*
 * rep stosb / rep movsb: one instruction each, which matters where every
 * guest instruction is emulated (HermiTux under nested KVM).
 */
void *memset(void *d, int c, size_t n)
{
	void *p = d;

	__asm__ __volatile__("rep stosb"
			     : "+D"(p), "+c"(n)
			     : "a"(c)
			     : "memory");
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if (dp <= sp || dp >= sp + n) {
		__asm__ __volatile__("rep movsb"
				     : "+D"(dp), "+S"(sp), "+c"(n)
				     :
				     : "memory");
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

size_t fs_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int fs_streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* ---- options ---- */

int fs_parse_uint(const char *s, unsigned long long max, unsigned int base,
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

/*
 * The key of argv[*i], with *val set (advancing *i past a separate value):
 * 'h' for --help/-h, '?' for anything unknown, ':' for a missing value.
 */
static int next_opt(int argc, char **argv, int *i, const struct fs_opt *opts,
		    size_t n_opts, const char **val)
{
	const char *s = argv[*i];
	char key = 0;
	size_t k;

	*val = NULL;
	if (fs_streq(s, "--help") || fs_streq(s, "-h"))
		return 'h';
	if (s[0] == '-' && s[1] == '-') {
		for (k = 0; k < n_opts; k++) {
			size_t n = fs_strlen(opts[k].name);

			if (!memcmp(s + 2, opts[k].name, n) &&
			    (s[2 + n] == '\0' || s[2 + n] == '=')) {
				key = opts[k].key;
				if (s[2 + n] == '=')
					*val = s + 3 + n;
				break;
			}
		}
	} else if (s[0] == '-' && s[1] && !s[2]) {
		for (k = 0; k < n_opts; k++)
			if (opts[k].key == s[1])
				key = s[1];
	}
	if (!key)
		return '?';
	if (!*val) {
		if (*i + 1 >= argc)
			return ':';
		*val = argv[++*i];
	}
	return key;
}

/*
 * Takes key/value for one of FS_COMMON_OPTS: 1 when taken, 0 when @key is
 * not one of them, -1 (message on stderr, prefixed with @prog) when the
 * value is out of range.
 */
static int common_opt(const char *prog, char key, const char *val,
		      unsigned int max_iterations, struct fs_common_args *a)
{
	unsigned long long v;

	switch (key) {
	case 'n':
		if (fs_parse_uint(val, max_iterations, 10, &v) || v == 0)
			break;
		a->iterations = v;
		return 1;
	case 'w':
		if (fs_parse_uint(val, FS_MAX_WARMUP, 10, &v))
			break;
		a->warmup = v;
		return 1;
	case 'c':
		if (fs_parse_uint(val, FS_MAX_CPU, 10, &v))
			break;
		a->cpu = v;
		return 1;
	case 'r':
		if (fs_parse_uint(val, 0xffffffffull, 16, &v) || v == 0)
			break;
		a->run_id = v;
		return 1;
	case 'f':
		if (fs_parse_uint(val, FS_MAX_FLOOR_SAMPLES, 10, &v) || v == 0)
			break;
		a->floor_samples = v;
		return 1;
	default:
		return 0;
	}
	fs_err("%s: bad value '%s' (--iterations 1..%u, --warmup 0..%u, --cpu 0..%u, "
	       "--run-id 1..ffffffff in hex, --floor-samples 1..%u)\n",
	       prog, val, max_iterations, FS_MAX_WARMUP, FS_MAX_CPU,
	       FS_MAX_FLOOR_SAMPLES);
	return -1;
}

static int bad_arg(const struct fs_cli *cli, const char *why)
{
	fs_err("%s: %s\n", cli->prog, why);
	cli->usage(2);
	return -1;
}

int fs_parse_args(int argc, char **argv, const struct fs_cli *cli,
		  struct fs_common_args *common, void *ctx)
{
	const char *val, *why;
	int i, key;

	for (i = 1; i < argc; i++) {
		key = next_opt(argc, argv, &i, cli->opts, cli->n_opts, &val);
		switch (key) {
		case 'h':
			cli->usage(1);
			fs_exit(0);
		case '?':
			return bad_arg(cli, "unknown option or unexpected argument");
		case ':':
			return bad_arg(cli, "option needs a value");
		}
		switch (common_opt(cli->prog, (char)key, val, cli->max_iterations,
				   common)) {
		case 1:
			continue;
		case -1:
			cli->usage(2);
			return -1;
		}
		why = cli->take((char)key, val, ctx);
		if (why)
			return bad_arg(cli, why);
	}
	if (common->iterations == 0)
		return bad_arg(cli, "--iterations is required");
	return 0;
}

/* ---- measurement ---- */

int fs_pin_to_cpu(const char *prog, int cpu, int explicit_cpu)
{
	uint64_t mask[(FS_MAX_CPU + 1) / 64];
	long r;

	memset(mask, 0, sizeof(mask));
	mask[cpu / 64] = 1ull << (cpu % 64);
	r = fs_sys3(FS_NR_SCHED_SETAFFINITY, 0, sizeof(mask), (long)mask);
	if (r == 0)
		return 0;
	if (r == -FS_ENOSYS && !explicit_cpu) {
		fs_err("%s: warning: cannot pin (errno %d), running unpinned\n",
		       prog, (int)-r);
		return 0;
	}
	fs_err("%s: cannot pin to CPU %d: errno %d\n", prog, cpu, (int)-r);
	return -1;
}

static uint64_t floor_buf[FS_MAX_FLOOR_SAMPLES];

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
void fs_measure_floor(unsigned int samples, uint64_t *min, uint64_t *p50)
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

uint32_t fs_tsc_run_id(void)
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
