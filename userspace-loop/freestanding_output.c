// SPDX-License-Identifier: GPL-2.0
/*
 * Output of the freestanding loops: a printf subset and a buffer written
 * with raw write(2)s. Not part of anything timed, so it is built at -O2:
 * where every guest instruction is emulated, printing 100,000 stamp lines
 * at -O0 takes minutes.
 */
#include "freestanding_runtime.h"

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

/* Decimal digits of v at p; returns how many. Constant divisor: no div. */
static size_t put_dec(char *p, unsigned long long v)
{
	char t[20];
	size_t n = 0, i;

	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		p[i] = t[n - 1 - i];
	return n;
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


/*
 * IOPROBE_USTAMP_FMT ("ioprobe u %08x %u %u %llu %llu\n") without the format
 * interpreter: about ten times fewer instructions per line, which is what
 * printing 100,000 stamps costs where each one is emulated. The CTest
 * freestanding_output_matches_printf checks it against printf.
 */
void fs_put_ustamp(uint32_t run, uint32_t seq, uint32_t cpu, uint64_t before,
		   uint64_t after)
{
	static const char prefix[] = "ioprobe u ";
	char *p;
	int i;

	if (out.len > out.cap - FS_OUT_SLACK && flush_to(1))
		out_failed = 1;
	p = out.p + out.len;
	for (i = 0; prefix[i]; i++)
		*p++ = prefix[i];
	for (i = 7; i >= 0; i--)
		*p++ = "0123456789abcdef"[(run >> (4 * i)) & 0xf];
	*p++ = ' ';
	p += put_dec(p, seq);
	*p++ = ' ';
	p += put_dec(p, cpu);
	*p++ = ' ';
	p += put_dec(p, before);
	*p++ = ' ';
	p += put_dec(p, after);
	*p++ = '\n';
	out.len = (size_t)(p - out.p);
}
