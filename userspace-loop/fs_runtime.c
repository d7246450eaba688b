// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime of the freestanding loops: entry point, raw syscalls, the C
 * functions gcc may call even at -ffreestanding, output, options, pinning
 * and the TSC floor. See fs_runtime.h.
 */
#include "fs_runtime.h"
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

/* ---- output: the printf subset the ioprobe formats use ---- */

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
		long r = fs_sys3(FS_NR_WRITE, fd, (long)p, (long)n);

		if (r <= 0)
			return -1;
		p += r;
		n -= r;
	}
	return 0;
}

/* One fs_printf call must produce less than FS_OUT_SLACK bytes. */
#define FS_OUT_SLACK 4096
static char out_buf[1 << 16];
static struct fs_buf out = { out_buf, 0, sizeof(out_buf) };
static int out_failed;

int fs_out_failed(void)
{
	return out_failed;
}

static int flush_to(int fd)
{
	int r = fs_write_all(fd, out.p, out.len < out.cap ? out.len : out.cap);

	out.len = 0;
	return r;
}

void fs_printf(const char *f, ...)
{
	va_list ap;

	if (out.len > out.cap - FS_OUT_SLACK && flush_to(1))
		out_failed = 1;
	va_start(ap, f);
	fs_vfmt(&out, f, ap);
	va_end(ap);
}

int fs_flush(int fd)
{
	int r = flush_to(fd);

	return fd == 1 && out_failed ? -1 : r;
}

void fs_err(const char *f, ...)
{
	va_list ap;

	fs_flush(1);
	va_start(ap, f);
	fs_vfmt(&out, f, ap);
	va_end(ap);
	flush_to(2);
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

int fs_next_opt(int argc, char **argv, int *i, const struct fs_opt *opts,
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
