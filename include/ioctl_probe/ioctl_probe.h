/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ioctl entry-latency probe: the one definition of the ioctl commands and of
 * the text lines that the kernel probes, the userspace loop and the collector
 * exchange. Included by the kernel (patch and module), by C userspace and by
 * C++ userspace, so it sticks to C89-compatible macros.
 *
 * Every line starts with IOPROBE_TAG; whatever precedes the tag on a line
 * (dmesg time stamp, /dev/kmsg record header, serial console noise) is
 * ignored by the collector.
 */
#ifndef _UAPI_LINUX_IOCTL_PROBE_H
#define _UAPI_LINUX_IOCTL_PROBE_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* 0xB8 is not listed in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define IOPROBE_IOC_TYPE 0xB8

/*
 * Commands answered by the fs/ioctl.c hook (patched kernel), before the file
 * descriptor is even looked up: any fd works. The caller needs CAP_PERFMON
 * or CAP_SYS_ADMIN (-EPERM otherwise, nothing printed or recorded). STAMP
 * returns 0 when the stamp was taken, -ENODATA when the probe was off or
 * being reset (the module's STAMP too).
 */
#define IOPROBE_PATCH_STAMP _IO(IOPROBE_IOC_TYPE, 0x10)
#define IOPROBE_PATCH_PING _IO(IOPROBE_IOC_TYPE, 0x11)
#define IOPROBE_PATCH_RESET _IO(IOPROBE_IOC_TYPE, 0x12)

/*
 * Commands answered by the module's misc device (IOPROBE_MODULE_DEVICE).
 * They differ from the patch's so that a patched kernel does not answer a
 * module measurement first.
 */
#define IOPROBE_MOD_STAMP _IO(IOPROBE_IOC_TYPE, 0x20)
#define IOPROBE_MOD_PING _IO(IOPROBE_IOC_TYPE, 0x21)
#define IOPROBE_MOD_RESET _IO(IOPROBE_IOC_TYPE, 0x22)

/*
 * Commands answered by the HermiTux probe (kernel/hermitux-ioctl-probe/),
 * first thing in HermiTux's sys_ioctl: any fd works. HermiTux has no sysfs
 * or procfs, so the mode is set and the buffer emitted by ioctl:
 *   SET_MODE arg: IOPROBE_HX_MODE_ARG(mode, entries), entries 0 = default;
 *   FLUSH    arg: the fd to write the buffered dump to (the application's
 *                 output path, e.g. 1 for stdout, which uhyve forwards).
 */
#define IOPROBE_HX_STAMP _IO(IOPROBE_IOC_TYPE, 0x30)
#define IOPROBE_HX_PING _IO(IOPROBE_IOC_TYPE, 0x31)
#define IOPROBE_HX_RESET _IO(IOPROBE_IOC_TYPE, 0x32)
#define IOPROBE_HX_FLUSH _IO(IOPROBE_IOC_TYPE, 0x33)
#define IOPROBE_HX_SET_MODE _IO(IOPROBE_IOC_TYPE, 0x34)
/* HermiTux round trip: answered with 0, no TSC read, no stamp. */
#define IOPROBE_HX_NULL _IO(IOPROBE_IOC_TYPE, 0x35)
#define IOPROBE_HX_MODE_OFF 0u
#define IOPROBE_HX_MODE_PRINTK 1u
#define IOPROBE_HX_MODE_BUFFER 2u
#define IOPROBE_HX_MODE_ARG(mode, entries) \
	((((__u64)(__u32)(entries)) << 32) | (__u64)(__u32)(mode))

/*
 * --probe tracepoint alone: a command that no probe and no driver answers
 * (any fd's ioctl returns -ENOTTY), so the call does nothing but enter and
 * leave the kernel while syscalls:sys_{enter,exit}_ioctl record it.
 */
#define IOPROBE_TRACE_STAMP _IO(IOPROBE_IOC_TYPE, 0x40)

/*
 * Round trips on Linux: a command nobody answers, never a probe's STAMP, so
 * that a patched kernel with its hook on, or a loaded module, stamps nothing
 * and the call takes the same path on every kernel: fdget, the LSM ioctl
 * check, do_vfs_ioctl, the file's unlocked_ioctl (none on /dev/null), then
 * -ENOTTY. HermiTux round trips use IOPROBE_HX_NULL instead.
 */
#define IOPROBE_NULL_CMD _IO(IOPROBE_IOC_TYPE, 0x50)

/* What PING returns when the probe is present and enabled. */
#define IOPROBE_PING_REPLY 0x10b8

#define IOPROBE_MODULE_NAME "ioctl_probe"
#define IOPROBE_MODULE_DEVICE "/dev/ioctl_probe"
/* Built-in (patched kernel) knobs and buffered dump. */
#define IOPROBE_PATCH_PARAM_DIR "/sys/module/ioctl_probe_hook/parameters"
#define IOPROBE_PATCH_DUMP_FILE "/proc/ioctl_probe"

/*
 * STAMP/RESET argument: run id in bits 63..32, sequence number in 31..0.
 * Sequence numbers with IOPROBE_SEQ_WARMUP set are warm-up calls: recorded
 * and printed like the others, never paired. Exception: the HermiTux probe
 * prints none in printk mode, so that its 16 KiB log holds the measured calls.
 */
#define IOPROBE_ARG(run, seq) \
	((((__u64)(__u32)(run)) << 32) | (__u64)(__u32)(seq))
#define IOPROBE_ARG_RUN(arg) ((__u32)(((__u64)(arg)) >> 32))
#define IOPROBE_ARG_SEQ(arg) ((__u32)(arg))
#define IOPROBE_SEQ_WARMUP 0x80000000u

/* Buffer mode bounds: entries per buffer, default and hard maximum. */
#define IOPROBE_BUFFER_DEFAULT_ENTRIES (1u << 20)
#define IOPROBE_BUFFER_MAX_ENTRIES (1u << 24)

#define IOPROBE_TAG "ioprobe"
/*
 * Stream format: 2 adds the exit stamps (u_after, k_exit) and format= on the
 * run line. Format 1 lines (u with one stamp, k with one stamp, run without
 * format=) still parse; such calls have no after/exit stamp.
 */
#define IOPROBE_FORMAT_VERSION 2

/*
 * Kernel stamp, one per STAMP call:
 *   ioprobe k <source> <run:%08x> <seq> <cpu> <k_enter> <k_exit>
 * k_enter is read first thing in the kernel's ioctl code; k_exit is a second
 * ordered read right before the probe returns, after the stamp was recorded
 * (printk mode prints the line after k_exit, so the printk cost falls in the
 * exit part). <source> is IOPROBE_SRC_PATCH, IOPROBE_SRC_MODULE or
 * IOPROBE_SRC_HERMITUX; IOPROBE_SRC_TRACEPOINT lines are never printed by a
 * kernel: the collector writes them itself (raw/tracepoint.log) from the
 * syscalls:sys_enter_ioctl / sys_exit_ioctl events (x86-tsc trace clock),
 * so that a capture replays like any other log.
 */
#define IOPROBE_SRC_PATCH "patch"
#define IOPROBE_SRC_MODULE "module"
#define IOPROBE_SRC_HERMITUX "hermitux"
#define IOPROBE_SRC_TRACEPOINT "tracepoint"
#define IOPROBE_KSTAMP_FMT IOPROBE_TAG " k %s %08x %u %u %llu %llu\n"

/*
 * Buffered dump framing (read from IOPROBE_PATCH_DUMP_FILE, from the
 * module device, or written by HermiTux's FLUSH), around the kernel stamp
 * lines it holds:
 *   ioprobe dump-begin <source> entries=<n> dropped=<n> capacity=<n>
 *   ioprobe dump-end <source> entries=<n>
 * dropped counts STAMP calls that found the buffer full.
 */
#define IOPROBE_DUMP_BEGIN_FMT \
	IOPROBE_TAG " dump-begin %s entries=%u dropped=%llu capacity=%u\n"
#define IOPROBE_DUMP_END_FMT IOPROBE_TAG " dump-end %s entries=%u\n"

/*
 * Userspace loop output (stdout), all printed after the timed loop:
 *   ioprobe run <run:%08x> iterations=<n> warmup=<n> cpu=<pinned cpu>
 *           variant=<name> cmd=<hex> format=<IOPROBE_FORMAT_VERSION>
 *   ioprobe floor min=<cycles> p50=<cycles> samples=<n>
 *   ioprobe u <run:%08x> <seq> <cpu> <u_before> <u_after>
 *           (one per measured call)
 *   ioprobe total <run:%08x> calls=<n> cycles=<n> cpu_start=<c> cpu_end=<c>
 *           migrations=<n> errors=<n>
 * u_before is an ordered stamp right before the syscall instruction, u_after
 * one right after it returns. cpu is the TSC_AUX processor id that rdtscp
 * returned with u_before; migrations counts the calls whose cpu differs
 * from the previous call's, plus those whose u_after id differs from their
 * u_before id.
 */
#define IOPROBE_RUN_FMT                                                   \
	IOPROBE_TAG " run %08x iterations=%u warmup=%u cpu=%d variant=%s " \
		    "cmd=%#x format=%u\n"
#define IOPROBE_FLOOR_FMT IOPROBE_TAG " floor min=%llu p50=%llu samples=%u\n"
#define IOPROBE_USTAMP_FMT IOPROBE_TAG " u %08x %u %u %llu %llu\n"
#define IOPROBE_TOTAL_FMT                                                  \
	IOPROBE_TAG " total %08x calls=%u cycles=%llu cpu_start=%u cpu_end=%u " \
		    "migrations=%u errors=%u\n"

/*
 * Interposition loop output (interpose-loop, userspace-loop/interpose/), after
 * the run, floor and total lines of its round-trip pass (whose variant is
 * raw, or raw-nosys for the unassigned system call 500):
 *   ioprobe percall <run:%08x> calls=<n> min=<c> p50=<c> p99=<c> max=<c>
 *           negative=<n> migrations=<n> errors=<n>
 *     the per-call pass: after - before of an ordered stamp pair around each
 *     of <n> more calls (TSC floor included, not subtracted); p99 is the
 *     nearest rank; errors counts results other than the expected one;
 *   ioprobe interpose <run:%08x> mechanism=<name> call=<ioctl|nosys> nr=<n>
 *           result=<r> expected=<r> hooked=<n> calls=<n> helper=<kind|none>
 *           helper_cpu=<cpu|-1>
 *     result is the first per-call result; calls counts every call of the
 *     loop (warm-ups included), hooked those the mechanism intercepted (equal
 *     to calls for every mechanism but raw, which hooks none); helper is the
 *     supervisor or tracer process and helper_cpu where it ran;
 *   ioprobe skip mechanism=<name> reason=<text to the end of the line>
 *     the kernel refused the mechanism (exit status 3, no other line).
 */
#define IOPROBE_PERCALL_FMT                                                     \
	IOPROBE_TAG " percall %08x calls=%u min=%lld p50=%lld p99=%lld max=%lld " \
		    "negative=%u migrations=%u errors=%u\n"
#define IOPROBE_INTERPOSE_FMT                                                       \
	IOPROBE_TAG " interpose %08x mechanism=%s call=%s nr=%u result=%ld expected=%ld " \
		    "hooked=%lu calls=%lu helper=%s helper_cpu=%d\n"
#define IOPROBE_SKIP_FMT IOPROBE_TAG " skip mechanism=%s reason=%s\n"

/*
 * Marker the collector writes into /dev/kmsg after the loop has exited:
 * every stamp printed by the probe precedes it in the log.
 */
#define IOPROBE_MARK_FMT IOPROBE_TAG " mark %08x end\n"

#endif /* _UAPI_LINUX_IOCTL_PROBE_H */
