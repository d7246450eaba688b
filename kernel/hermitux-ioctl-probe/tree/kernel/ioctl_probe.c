/*
 * ioctl entry-latency probe for HermiTux (syscall-rewriting-bench).
 *
 * sys_ioctl() reads the TSC as its first action for the IOPROBE_HX_*
 * commands and hands it here. STAMP records (run, seq, cpu, k_enter = that
 * tsc, k_exit = a second ordered read right before it returns): in
 * printk mode as one kernel-log line per measured call (a warm-up call
 * prints nothing and returns 0), in buffer mode in a zeroed
 * kmalloc'ed array that FLUSH writes, framed by dump-begin/dump-end lines,
 * to a file descriptor of the application (uhyve forwards it to the host).
 * The kernel log is a 16 KiB ring, so only buffer mode holds large runs.
 *
 * Bounded: the buffer holds at most IOPROBE_BUFFER_MAX_ENTRIES records; a
 * STAMP that finds it full is counted as dropped, never written past it.
 *
 * Concurrency (any core may issue any command):
 * - STAMP takes no lock. It announces itself in probe_users, then loads the
 *   published buffer, looks at the counter before claiming a slot (so a full
 *   buffer stops the counter), writes the record and seals it last.
 * - SET_MODE, RESET and FLUSH serialise on probe_lock(), a ticket lock
 *   that yields the core while it waits. A buffer is unpublished and every STAMP still
 *   using it waited for before it is cleared or freed.
 * - FLUSH waits for every slot claimed before it started to be sealed, so
 *   it never shows a claimed but unwritten slot.
 * The host test harness (tests/hermitux/harness/) compiles this file with
 * small shims and drives it from several threads under ThreadSanitizer.
 */
#include <hermit/stddef.h>
#include <hermit/stdio.h>
#include <hermit/stdlib.h>
#include <hermit/string.h>
#include <hermit/errno.h>
#include <hermit/syscall.h>
#include <hermit/tasks.h>
#include <hermit/ioctl_probe.h>
#include <asm/page.h>

struct ioctl_probe_rec {
	uint64_t tsc;
	uint64_t tsc_exit;	/* read after the other fields were written */
	uint32_t run;
	uint32_t seq;
	uint32_t cpu;
	uint32_t sealed;	/* stored last, with release order */
};

/* One buffer and its counters, published as one pointer. */
struct ioctl_probe_buf {
	uint32_t capacity;
	int32_t next;		/* next slot; passes capacity by racing stamps */
	uint64_t dropped;	/* stamps that found the buffer full */
	struct ioctl_probe_rec recs[];
};

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)

static uint32_t probe_mode = IOPROBE_HX_MODE_OFF;
static struct ioctl_probe_buf *probe_buf;	/* NULL unless buffer mode */
static int32_t probe_users;	/* STAMPs that may hold probe_buf */
/* Ticket lock of SET_MODE, RESET and FLUSH: first come, first served. */
static uint32_t probe_ticket, probe_serving;

/* One page, so that uhyve's write (one physical address) sees it whole. */
static char probe_chunk[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static void probe_lock(void)
{
	uint32_t ticket = __atomic_fetch_add(&probe_ticket, 1, __ATOMIC_RELAXED);

	while (LOAD(probe_serving) != ticket)
		reschedule();
}

static void probe_unlock(void)
{
	__atomic_fetch_add(&probe_serving, 1, __ATOMIC_RELEASE);
}

/*
 * Takes the buffer away from new STAMPs and waits until none still holds
 * it; the caller then owns it. With probe_lock held.
 */
static struct ioctl_probe_buf *probe_unpublish(void)
{
	struct ioctl_probe_buf *buf;

	buf = __atomic_exchange_n(&probe_buf, NULL, __ATOMIC_SEQ_CST);
	while (LOAD(probe_users))
		reschedule();
	return buf;
}

static struct ioctl_probe_buf *probe_buf_alloc(uint32_t entries)
{
	size_t size = sizeof(struct ioctl_probe_buf) +
		      (size_t)entries * sizeof(struct ioctl_probe_rec);
	struct ioctl_probe_buf *buf = kmalloc(size);

	/* Zeroed: nothing of an earlier user of the memory can be flushed. */
	if (buf) {
		memset(buf, 0, size);
		buf->capacity = entries;
	}
	return buf;
}

/* A failure leaves the mode and the buffer as they were. */
static int probe_set_mode(unsigned long arg)
{
	uint32_t mode = (uint32_t)arg;
	uint32_t entries = (uint32_t)(arg >> 32);
	struct ioctl_probe_buf *buf = NULL, *old;

	if (mode > IOPROBE_HX_MODE_BUFFER || entries > IOPROBE_BUFFER_MAX_ENTRIES)
		return -EINVAL;
	if (mode == IOPROBE_HX_MODE_BUFFER) {
		buf = probe_buf_alloc(entries ? entries :
					       IOPROBE_HX_DEFAULT_ENTRIES);
		if (!buf)
			return -ENOMEM;
	}
	probe_lock();
	old = probe_unpublish();
	if (buf)
		__atomic_store_n(&probe_buf, buf, __ATOMIC_SEQ_CST);
	STORE(probe_mode, mode);
	probe_unlock();
	kfree(old);
	return 0;
}

static void probe_reset(void)
{
	struct ioctl_probe_buf *buf;
	uint32_t used;

	probe_lock();
	buf = probe_unpublish();
	if (buf) {
		used = (uint32_t)buf->next;
		if (used > buf->capacity)
			used = buf->capacity;
		memset(buf->recs, 0, (size_t)used * sizeof(buf->recs[0]));
		buf->next = 0;
		buf->dropped = 0;
		__atomic_store_n(&probe_buf, buf, __ATOMIC_SEQ_CST);
	}
	probe_unlock();
}

/* Claim only after looking: a full buffer stops the counter. */
static void probe_buf_record(struct ioctl_probe_buf *buf, uint64_t tsc,
			     uint32_t cpu, unsigned long arg)
{
	struct ioctl_probe_rec *rec;
	uint32_t slot;

	if ((uint32_t)__atomic_load_n(&buf->next, __ATOMIC_RELAXED) >=
	    buf->capacity)
		goto drop;
	slot = (uint32_t)__atomic_fetch_add(&buf->next, 1, __ATOMIC_RELAXED);
	if (slot >= buf->capacity)
		goto drop;
	rec = &buf->recs[slot];
	rec->tsc = tsc;
	rec->run = (uint32_t)(arg >> 32);
	rec->seq = (uint32_t)arg;
	rec->cpu = cpu;
	rec->tsc_exit = ioctl_probe_tsc_exit();
	STORE(rec->sealed, 1);
	return;
drop:
	__atomic_fetch_add(&buf->dropped, 1, __ATOMIC_RELAXED);
}

/* 0 when printed, recorded or counted as dropped; -ENODATA otherwise. */
static int probe_stamp(uint64_t tsc, uint32_t cpu, unsigned long arg)
{
	struct ioctl_probe_buf *buf;
	int ret = -ENODATA;

	switch (LOAD(probe_mode)) {
	case IOPROBE_HX_MODE_PRINTK:
		/*
		 * Warm-up calls are never paired: printing them would only
		 * push measured stamps out of the 16 KiB log ring.
		 */
		if ((uint32_t)arg & IOPROBE_SEQ_WARMUP)
			return 0;
		/* k_exit first: the line's own cost falls in the exit part */
		kprintf(IOPROBE_KSTAMP_FMT, IOPROBE_SRC_HERMITUX,
			(uint32_t)(arg >> 32), (uint32_t)arg, cpu,
			(unsigned long long)tsc,
			(unsigned long long)ioctl_probe_tsc_exit());
		return 0;
	case IOPROBE_HX_MODE_BUFFER:
		/*
		 * Not even announced while no buffer is published, so that a
		 * SET_MODE or RESET waiting for probe_users to drain is not
		 * kept waiting by a stream of new stamps.
		 */
		if (!__atomic_load_n(&probe_buf, __ATOMIC_RELAXED))
			return ret;
		__atomic_fetch_add(&probe_users, 1, __ATOMIC_SEQ_CST);
		buf = __atomic_load_n(&probe_buf, __ATOMIC_SEQ_CST);
		if (buf) {
			probe_buf_record(buf, tsc, cpu, arg);
			ret = 0;
		}
		__atomic_fetch_sub(&probe_users, 1, __ATOMIC_RELEASE);
		return ret;
	}
	return ret;
}

static int probe_write(int fd, size_t len)
{
	size_t done = 0;
	ssize_t ret;

	while (done < len) {
		ret = sys_write(fd, probe_chunk + done, len - done);
		/*
		 * Under uhyve a failed host write comes back as -1, which is
		 * not an errno of its own: report it as -EIO, like a write
		 * that made no progress.
		 */
		if (ret == 0 || ret == -1)
			return -EIO;
		if (ret < 0)
			return (int)ret;
		done += ret;
	}
	return 0;
}

/* Room left in probe_chunk for one more line; a line is < 90 bytes. */
#define PROBE_LINE_MAX 96

/* Decimal digits of v at p; returns how many. */
static size_t probe_dec(char *p, uint64_t v)
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

/*
 * IOPROBE_KSTAMP_FMT for one record without kvprintf's per-character
 * callbacks: a dump of 100,000 records is mostly this.
 */
static size_t probe_format_rec(char *p, const struct ioctl_probe_rec *r)
{
	static const char prefix[] = "ioprobe k " IOPROBE_SRC_HERMITUX " ";
	char *start = p;
	int i;

	for (i = 0; prefix[i]; i++)
		*p++ = prefix[i];
	for (i = 7; i >= 0; i--)
		*p++ = "0123456789abcdef"[(r->run >> (4 * i)) & 0xf];
	*p++ = ' ';
	p += probe_dec(p, r->seq);
	*p++ = ' ';
	p += probe_dec(p, r->cpu);
	*p++ = ' ';
	p += probe_dec(p, r->tsc);
	*p++ = ' ';
	p += probe_dec(p, r->tsc_exit);
	*p++ = '\n';
	return (size_t)(p - start);
}

/* Writes the chunk when another line might not fit. */
static int probe_room(int fd, size_t *len)
{
	int ret;

	if (*len + PROBE_LINE_MAX <= sizeof(probe_chunk))
		return 0;
	ret = probe_write(fd, *len);
	*len = 0;
	return ret;
}

/*
 * The records claimed when the flush starts, in slot order. A claimed slot
 * not sealed yet belongs to a STAMP that is still writing it: wait for it.
 * With probe_lock held.
 */
static int probe_flush_locked(int fd, struct ioctl_probe_buf *buf)
{
	uint32_t count, i;
	size_t len;
	int ret;

	count = (uint32_t)LOAD(buf->next);
	if (count > buf->capacity)
		count = buf->capacity;
	for (i = 0; i < count; i++)
		while (!LOAD(buf->recs[i].sealed))
			reschedule();
	len = ksnprintf(probe_chunk, PROBE_LINE_MAX, IOPROBE_DUMP_BEGIN_FMT,
			IOPROBE_SRC_HERMITUX, count,
			(unsigned long long)LOAD(buf->dropped), buf->capacity);
	for (i = 0; i < count; i++) {
		ret = probe_room(fd, &len);
		if (ret)
			return ret;
		len += probe_format_rec(probe_chunk + len, &buf->recs[i]);
	}
	ret = probe_room(fd, &len);
	if (ret)
		return ret;
	len += ksnprintf(probe_chunk + len, PROBE_LINE_MAX,
			 IOPROBE_DUMP_END_FMT, IOPROBE_SRC_HERMITUX, count);
	return probe_write(fd, len);
}

static int probe_flush(int fd)
{
	struct ioctl_probe_buf *buf;
	int ret = -ENODATA;

	probe_lock();
	buf = LOAD(probe_buf);
	if (buf)
		ret = probe_flush_locked(fd, buf);
	probe_unlock();
	return ret;
}

int ioctl_probe_ioctl(uint64_t tsc, uint32_t cpu, unsigned int cmd,
		      unsigned long arg)
{
	switch (cmd) {
	case IOPROBE_HX_STAMP:
		return probe_stamp(tsc, cpu, arg);
	case IOPROBE_HX_PING:
		return LOAD(probe_mode) == IOPROBE_HX_MODE_OFF ?
			       -ENODATA : IOPROBE_PING_REPLY;
	case IOPROBE_HX_RESET:
		probe_reset();
		return 0;
	case IOPROBE_HX_FLUSH:
		return probe_flush((int)arg);
	case IOPROBE_HX_SET_MODE:
		return probe_set_mode(arg);
	}
	return -EINVAL;
}
