/*
 * ioctl entry-latency probe for HermiTux (syscall-rewriting-bench).
 *
 * The command numbers, argument encoding and text formats are those of the
 * project's include/ioctl_probe/ioctl_probe.h (the contract shared with its
 * userspace loops and collector); a test there checks that the values below
 * still agree with it.
 */
#ifndef __HERMIT_IOCTL_PROBE_H__
#define __HERMIT_IOCTL_PROBE_H__

#include <hermit/stddef.h>

/* _IO(0xB8, nr): direction and size bits are zero. */
#define IOPROBE_HX_STAMP	0xB830u
#define IOPROBE_HX_PING		0xB831u
#define IOPROBE_HX_RESET	0xB832u
#define IOPROBE_HX_FLUSH	0xB833u
#define IOPROBE_HX_SET_MODE	0xB834u
/* A do-nothing ioctl for the round-trip benchmark: no TSC read, returns 0. */
#define IOPROBE_HX_NULL		0xB835u
#define IOPROBE_HX_FIRST	IOPROBE_HX_STAMP
#define IOPROBE_HX_LAST		IOPROBE_HX_SET_MODE

#define IOPROBE_HX_MODE_OFF	0u
#define IOPROBE_HX_MODE_PRINTK	1u
#define IOPROBE_HX_MODE_BUFFER	2u

#define IOPROBE_PING_REPLY	0x10b8
/* STAMP seq bit of warm-up calls: never paired, never printed in printk mode. */
#define IOPROBE_SEQ_WARMUP	0x80000000u
#define IOPROBE_HX_DEFAULT_ENTRIES	(1u << 18)
#define IOPROBE_BUFFER_MAX_ENTRIES	(1u << 24)

#define IOPROBE_SRC_HERMITUX	"hermitux"
/* Stamp format 2: k_enter, then k_exit. */
#define IOPROBE_KSTAMP_FMT	"ioprobe k %s %08x %u %u %llu %llu\n"
#define IOPROBE_DUMP_BEGIN_FMT \
	"ioprobe dump-begin %s entries=%u dropped=%llu capacity=%u\n"
#define IOPROBE_DUMP_END_FMT	"ioprobe dump-end %s entries=%u\n"

/* One of the probe's commands? Checked before the TSC is read. */
static inline int ioctl_probe_wants(unsigned int cmd)
{
	return cmd - IOPROBE_HX_FIRST <= IOPROBE_HX_LAST - IOPROBE_HX_FIRST;
}

/*
 * What rdtscp returns in ecx. cpu_detection() writes the core id into it on
 * every core at boot, so that the loop's stamp and the probe's name the core
 * they ran on (HermiTux itself never writes it: every core would read 0).
 */
#ifndef MSR_TSC_AUX
#define MSR_TSC_AUX		0xc0000103
#endif

/*
 * The same ordered read as the userspace loop's: rdtscp waits for earlier
 * instructions, the lfences keep it from moving. cpu is TSC_AUX, the value
 * the loop's rdtscp returns too, so both sides name the CPU the same way.
 */
static inline uint64_t ioctl_probe_tsc(uint32_t *cpu)
{
	uint32_t lo, hi, aux;

	asm volatile("lfence\n\trdtscp\n\tlfence"
		     : "=a"(lo), "=d"(hi), "=c"(aux) : : "memory");
	*cpu = aux & 0xfffu;
	return ((uint64_t)hi << 32) | lo;
}

/* k_exit: the same ordered read, right before the probe returns. */
static inline uint64_t ioctl_probe_tsc_exit(void)
{
	uint32_t cpu;

	return ioctl_probe_tsc(&cpu);
}

int ioctl_probe_ioctl(uint64_t tsc, uint32_t cpu, unsigned int cmd,
		      unsigned long arg);

#endif /* __HERMIT_IOCTL_PROBE_H__ */
