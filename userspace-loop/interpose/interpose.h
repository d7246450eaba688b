/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interposition benchmark (interpose-loop): what each way of intercepting
 * a system call adds to it. The measured loop is the round trip's own
 * (roundtrip_loop.c's main, compiled a second time under another name); each
 * mechanism is a small preamble (mech_*.c) that hooks the loop's call before
 * it runs and unhooks it after. doc/interposition.md describes each one.
 */
#ifndef INTERPOSE_H
#define INTERPOSE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <ioctl_probe/ioctl_probe.h>

/*
 * The two calls: the probe's do-nothing ioctl (-ENOTTY), and a system call
 * number no kernel assigns (-ENOSYS), so hook cost and kernel work separate.
 */
#define INTERPOSE_IOCTL_NR 16
#define INTERPOSE_NOSYS_NR 500

/* Exit status of a mechanism the kernel refuses (after one "ioprobe skip" line). */
#define INTERPOSE_EXIT_SKIPPED 3
/* setup() results besides 0 and -1. */
#define INTERPOSE_SKIP 1

/* Tracers detach when the loop makes this call (never a measured one). */
#define INTERPOSE_MARKER 0x1f4e4e44UL

enum interpose_call { INTERPOSE_CALL_IOCTL, INTERPOSE_CALL_NOSYS };
enum interpose_tracer_mode { TRACE_NONE, TRACE_SECCOMP, TRACE_SYSCALL, TRACE_SYSEMU };

/* A supervisor's or tracer's results (one MAP_SHARED page). */
struct interpose_shared {
	volatile unsigned long hooked; /* measured calls it served */
	volatile int helper_cpu;       /* sched_getcpu() once pinned */
	volatile int failed_errno;     /* its setup failed: errno ... */
	volatile int failed_refused;   /* ... the kernel refused (skip) or 0 (error) */
	char failed_what[96];          /* ... doing this */
};

struct interpose_ctx {
	const struct interpose_mechanism *mech;
	enum interpose_call call;
	int cpu;        /* the loop's CPU */
	int helper_cpu; /* where a supervisor or tracer runs */
	long answer;    /* what an emulating mechanism returns */
	enum interpose_tracer_mode tracer_mode;
	struct interpose_shared *shared;
	pid_t helper; /* supervisor or tracer, 0 if none */
	int helper_sock;
	char skip_reason[192];
};

struct interpose_mechanism {
	const char *name;
	/*
	 * NULL: the plain interpose-loop; else the rewriter note (target=...)
	 * the binary must carry: interpose-loop-<name> (see binary_kind.c).
	 */
	const char *binary_target;
	const char *helper; /* "supervisor", "tracer" or NULL */
	int emulates;       /* the hook answers, the kernel never sees the call */
	/* 0 hooked, INTERPOSE_SKIP (ctx->skip_reason says why), -1 error (said). */
	int (*setup)(struct interpose_ctx *ctx);
	void (*teardown)(struct interpose_ctx *ctx);
};

/* Measured calls seen by in-process hooks (exempt.S, signal_hook.c). */
extern unsigned long interpose_hook_calls;
/* What interpose_hook_emulate returns (exempt.S). */
extern long interpose_emulate_answer;

static inline int interpose_is_marker(long nr, unsigned long a0, unsigned long a1)
{
	return nr == INTERPOSE_NOSYS_NR && a0 == INTERPOSE_MARKER && a1 == INTERPOSE_MARKER;
}

/* The loop's calls, and only those, are what a mechanism counts. */
static inline int interpose_is_measured(long nr, unsigned long a0, unsigned long a1)
{
	if (interpose_is_marker(nr, a0, a1))
		return 0;
	return nr == INTERPOSE_NOSYS_NR ||
	       (nr == INTERPOSE_IOCTL_NR && (uint32_t)a1 == IOPROBE_NULL_CMD);
}

/*
 * exempt.S: the one place hooks issue real calls from (SUD's allowed range,
 * seccomp-trap's allowed instruction pointer).
 */
long interpose_exempt_syscall(long nr, long a1, long a2, long a3, long a4, long a5,
			      long a6);
extern const char interpose_exempt_start[], interpose_exempt_end[];
extern const char interpose_exempt_ip[];
void interpose_exempt_restorer(void);

/*
 * signal_hook.c: a SIGSYS (SUD, seccomp-trap) or SIGTRAP (int3) handler that
 * re-issues the call from the exempt range and returns its result.
 */
int interpose_install_signal_hook(int sig);

/* seccomp_filter.c: returns the listener fd (notify), 0, or -1 with errno. */
int interpose_install_filter(uint32_t action, unsigned int flags);

/* helper_process.c: supervisors and tracers. */
typedef void (*interpose_helper_fn)(struct interpose_ctx *ctx, pid_t loop, int sock,
				    int passed_fd);
int interpose_helper_spawn(struct interpose_ctx *ctx, interpose_helper_fn fn);
int interpose_helper_start(struct interpose_ctx *ctx, int pass_fd);
void interpose_helper_stop(struct interpose_ctx *ctx, int kill_it);
void interpose_helper_ready(int sock);
void interpose_helper_fail(struct interpose_ctx *ctx, int sock, int refused,
			   const char *what);

/* tracer.c */
void interpose_tracer_main(struct interpose_ctx *ctx, pid_t loop, int sock, int passed_fd);
void interpose_tracer_detach(struct interpose_ctx *ctx);

/* Formats a skip reason from errno: "<what>: <strerror(errno)><hint>". */
int interpose_refused(struct interpose_ctx *ctx, const char *what, const char *hint);

/* binary_kind.c: execs interpose-loop[-<mechanism>] unless this binary fits. */
int interpose_use_right_binary(const struct interpose_mechanism *m, char **argv);

/* percall.c */
struct interpose_percall {
	unsigned int calls, errors, negative, migrations;
	long first_result;
	int64_t min, p50, p99, max;
};
void interpose_percall_run(enum interpose_call call, int fd, unsigned long arg,
			   unsigned int warmup, unsigned int calls, long expected,
			   int64_t *deltas, struct interpose_percall *out);

/* roundtrip_loop.c's main, built twice under these names (CMakeLists.txt). */
int interpose_round_trip_ioctl(int argc, char **argv);
int interpose_round_trip_nosys(int argc, char **argv);

/* mech_*.c */
extern const struct interpose_mechanism interpose_mech_rewrite, interpose_mech_rewrite_emulate,
	interpose_mech_int3, interpose_mech_sud, interpose_mech_seccomp_trap,
	interpose_mech_seccomp_notify, interpose_mech_seccomp_notify_sync,
	interpose_mech_seccomp_trace, interpose_mech_ptrace, interpose_mech_ptrace_sysemu;

/* mechanisms.c */
const struct interpose_mechanism *interpose_find_mechanism(const char *name);
void interpose_list_mechanisms(FILE *out);

#endif /* INTERPOSE_H */
