// SPDX-License-Identifier: GPL-2.0
/*
 * An independent implementation of the interposition mechanisms of
 * interpose-loop (userspace-loop/interpose/), written apart from it and
 * sharing no code with it, to check its figures (bench/interpose/run.sh).
 *
 *   reference-interpose --mechanism M --call ioctl|nosys --iterations N --cpu K
 *   -> "mechanism=M call=C cycles_per_call=X p50=Y hooked=H result=R"
 *
 * The loop is hand-written assembly: N calls between two ordered TSC reads
 * (cycles per call = total / N), then N calls each between two ordered reads
 * (p50 of after - before, floor included). Where interpose-loop differs in
 * what a mechanism does per call, the difference is said here and in
 * doc/interposition.md:
 *  - rewrite: the site (syscall + a 3-byte nop, patched at run time) jumps to
 *    a trampoline that calls the hook and jumps back; no red-zone step, no
 *    r10 -> rcx move, no displaced instruction (syscall-rewriter adds those);
 *    tramp-only (the reference's alone): the trampoline issues the syscall
 *    itself and jumps back, no hook: what leaving the site costs by itself;
 *  - int3, seccomp-trap: glibc's sigaction and syscall(); seccomp-trap's
 *    handler is exempted by a magic third argument, not by its address;
 *  - sud: the selector is set to ALLOW by the handler and back to BLOCK by the
 *    loop before each call (one store per call), the kernel selftest's way;
 *  - seccomp-notify, seccomp-trace, ptrace, ptrace-sysemu: the loop is the
 *    child, the supervisor or tracer its parent, which makes no inspection
 *    call per stop (interpose-loop's tracer adds PTRACE_GET_SYSCALL_INFO);
 *    the parent and child share the CPU.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#define NULL_CMD 0xb850 /* _IO(0xB8, 0x50): nobody answers, -ENOTTY */
#define NOSYS 500
#define REISSUE 0x5eed  /* seccomp-trap: third argument of re-issued calls */
#define DONE 0xd0e      /* tracers: first argument of the "detach" call */
#define WARMUP 1000

long ref_nr, ref_fd, ref_cmd, ref_arg2, ref_last, ref_answer;
unsigned long ref_hooked;
volatile char ref_selector;
void ref_loop(long n);
void ref_loop_stamped(long n, int64_t *deltas);
extern char ref_site_total[], ref_site_stamped[];
extern char ref_tramp_total[], ref_tramp_stamped[], ref_tramp_total_emu[],
	ref_tramp_stamped_emu[], ref_tramp_total_inline[], ref_tramp_stamped_inline[];

__asm__(".text\n"
	"ref_loop:\n"
	"	push %rbx\n"
	"	mov %rdi, %rbx\n"
	"1:	movb $1, ref_selector(%rip)\n"
	"	mov ref_nr(%rip), %rax\n"
	"	mov ref_fd(%rip), %rdi\n"
	"	mov ref_cmd(%rip), %rsi\n"
	"	mov ref_arg2(%rip), %rdx\n"
	"ref_site_total:\n"
	"	syscall\n"
	"	nopl (%rax)\n"
	"	mov %rax, ref_last(%rip)\n"
	"	dec %rbx\n"
	"	jnz 1b\n"
	"	pop %rbx\n"
	"	ret\n"
	"ref_loop_stamped:\n"
	"	push %rbx\n"
	"	push %r12\n"
	"	push %r13\n"
	"	mov %rdi, %rbx\n"
	"	mov %rsi, %r12\n"
	"1:	movb $1, ref_selector(%rip)\n"
	"	lfence; rdtscp; lfence\n"
	"	shl $32, %rdx\n"
	"	or %rdx, %rax\n"
	"	mov %rax, %r13\n"
	"	mov ref_fd(%rip), %rdi\n"
	"	mov ref_cmd(%rip), %rsi\n"
	"	mov ref_arg2(%rip), %rdx\n"
	"	mov ref_nr(%rip), %rax\n"
	"ref_site_stamped:\n"
	"	syscall\n"
	"	nopl (%rax)\n"
	"	mov %rax, %r8\n"
	"	lfence; rdtscp; lfence\n"
	"	shl $32, %rdx\n"
	"	or %rdx, %rax\n"
	"	sub %r13, %rax\n"
	"	mov %rax, (%r12)\n"
	"	mov %r8, ref_last(%rip)\n"
	"	add $8, %r12\n"
	"	dec %rbx\n"
	"	jnz 1b\n"
	"	pop %r13\n"
	"	pop %r12\n"
	"	pop %rbx\n"
	"	ret\n"
	"ref_hook:\n"
	"	incq ref_hooked(%rip)\n"
	"	syscall\n"
	"	ret\n"
	"ref_hook_emu:\n"
	"	incq ref_hooked(%rip)\n"
	"	mov ref_answer(%rip), %rax\n"
	"	ret\n"
	"ref_tramp_total: call ref_hook; jmp ref_site_total + 5\n"
	"ref_tramp_stamped: call ref_hook; jmp ref_site_stamped + 5\n"
	"ref_tramp_total_emu: call ref_hook_emu; jmp ref_site_total + 5\n"
	"ref_tramp_stamped_emu: call ref_hook_emu; jmp ref_site_stamped + 5\n"
	"ref_tramp_total_inline: syscall; jmp ref_site_total + 5\n"
	"ref_tramp_stamped_inline: syscall; jmp ref_site_stamped + 5\n");

static int is_measured(long nr, long cmd)
{
	return nr == NOSYS || (nr == SYS_ioctl && (cmd & 0xffffffff) == NULL_CMD);
}

static uint64_t rdtscp(void)
{
	uint32_t lo, hi, aux;

	__asm__ __volatile__("lfence; rdtscp; lfence" : "=a"(lo), "=d"(hi), "=c"(aux)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

/* Writes `bytes` over the code at `at` (the page made writable for it). */
static void patch(char *at, const unsigned char *bytes, size_t n)
{
	uintptr_t page = (uintptr_t)at & ~4095ul;

	if (mprotect((void *)page, 8192, PROT_READ | PROT_WRITE | PROT_EXEC)) {
		perror("mprotect");
		exit(1);
	}
	memcpy(at, bytes, n);
	mprotect((void *)page, 8192, PROT_READ | PROT_EXEC);
}

static void patch_jmp(char *site, char *to)
{
	int32_t rel = (int32_t)(to - (site + 5));
	unsigned char jmp[5] = { 0xe9 };

	memcpy(jmp + 1, &rel, 4);
	patch(site, jmp, 5);
}

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	long nr = sig == SIGSYS ? si->si_syscall : g[REG_RAX];

	ref_selector = 0; /* SUD: let this handler's calls and rt_sigreturn through */
	if (is_measured(nr, g[REG_RSI]))
		ref_hooked++;
	g[REG_RAX] = syscall(nr, g[REG_RDI], g[REG_RSI], sig == SIGSYS ? REISSUE : g[REG_RDX]);
	if (g[REG_RAX] == -1)
		g[REG_RAX] = -errno;
}

static void on(int sig)
{
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO };

	sigaction(sig, &sa, NULL);
}

/* RET_TRAP / RET_USER_NOTIF / RET_TRACE for the measured calls (not re-issued ones). */
static int filter(uint32_t action, unsigned int flags)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NOSYS, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NULL_CMD, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, REISSUE, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, action),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}

static int cmp(const void *a, const void *b)
{
	return *(const int64_t *)a < *(const int64_t *)b ? -1 : *(const int64_t *)a > *(const int64_t *)b;
}

/* The measurement itself: no system call but the measured ones (d is allocated). */
static void measure(long n, int64_t *d, char *line, size_t size)
{
	uint64_t t0, t1;

	ref_loop(WARMUP);
	t0 = rdtscp();
	ref_loop(n);
	t1 = rdtscp();
	ref_loop_stamped(WARMUP, d);
	ref_loop_stamped(n, d);
	qsort(d, n, sizeof(*d), cmp);
	snprintf(line, size, "cycles_per_call=%.2f p50=%lld result=%ld",
		 (double)(t1 - t0) / n, (long long)d[(n - 1) / 2], ref_last);
}

static void supervise(int listener, unsigned long calls, unsigned long *hooked)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	while (*hooked < calls) {
		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req))
			continue;
		++*hooked;
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
}

/* Tracer: counts entry stops of measured calls until the child's DONE call. */
static void trace(pid_t pid, const char *m, unsigned long *hooked)
{
	int sysemu = !strcmp(m, "ptrace-sysemu"), seccomp = !strcmp(m, "seccomp-trace");
	int st, entry = 1;
	long req = seccomp ? PTRACE_CONT : sysemu ? PTRACE_SYSEMU : PTRACE_SYSCALL;
	struct user_regs_struct r;

	waitpid(pid, &st, 0); /* the child's SIGSTOP */
	ptrace(PTRACE_SETOPTIONS, pid, 0,
	       PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL | (seccomp ? PTRACE_O_TRACESECCOMP : 0));
	ptrace(req, pid, 0, 0);
	while (waitpid(pid, &st, 0) == pid && WIFSTOPPED(st)) {
		int sig = WSTOPSIG(st), stop = sig == (SIGTRAP | 0x80) || st >> 16;

		if (stop && (entry || sysemu || seccomp)) {
			ptrace(PTRACE_GETREGS, pid, 0, &r);
			if (r.orig_rax == NOSYS && r.rdi == DONE) {
				ptrace(PTRACE_DETACH, pid, 0, 0);
				return;
			}
			if (is_measured(r.orig_rax, r.rsi))
				++*hooked;
			if (sysemu)
				ptrace(PTRACE_POKEUSER, pid, offsetof(struct user, regs.rax), ref_answer);
		}
		if (stop && !sysemu && !seccomp)
			entry = !entry;
		ptrace(req, pid, 0, stop ? 0 : sig);
	}
}

static int is_notify(const char *m)
{
	return !strcmp(m, "seccomp-notify") || !strcmp(m, "seccomp-notify-sync");
}

/* The child: the loop, under the parent's supervision or tracing. */
static void child(const char *m, long n, int fd_pipe, int out_pipe)
{
	int64_t *d = calloc(n + WARMUP, sizeof(*d));
	char line[200];
	int listener;

	if (is_notify(m)) {
		listener = filter(SECCOMP_RET_USER_NOTIF, SECCOMP_FILTER_FLAG_NEW_LISTENER);
		if (write(fd_pipe, &listener, sizeof(listener)) != sizeof(listener))
			_exit(1);
	} else {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		syscall(SYS_kill, getpid(), SIGSTOP); /* wait for the tracer */
		if (!strcmp(m, "seccomp-trace"))
			filter(SECCOMP_RET_TRACE, 0);
	}
	measure(n, d, line, sizeof(line));
	if (!is_notify(m))
		syscall(NOSYS, DONE); /* the tracer detaches */
	if (write(out_pipe, line, strlen(line) + 1) < 0)
		_exit(1);
	_exit(0);
}

/* The helper mechanisms: the child measures, the parent serves it. */
static int run_with_parent(const char *m, long n)
{
	int fds[2], out[2], listener = -1;
	unsigned long hooked = 0, calls = 2 * (WARMUP + n);
	pid_t pid;
	char line[256] = "";

	if (pipe(fds) || pipe(out))
		return 1;
	pid = fork();
	if (pid == 0)
		child(m, n, fds[1], out[1]);
	if (is_notify(m)) {
		if (read(fds[0], &listener, sizeof(listener)) != sizeof(listener) || listener < 0)
			return 3;
		listener = syscall(SYS_pidfd_getfd, syscall(SYS_pidfd_open, pid, 0), listener, 0);
		if (!strcmp(m, "seccomp-notify-sync") && ioctl(listener, _IOW('!', 4, uint64_t), 1ul))
			return 3;
		supervise(listener, calls, &hooked);
	} else {
		trace(pid, m, &hooked);
	}
	close(out[1]);
	if (read(out[0], line, sizeof(line) - 1) <= 0)
		return 1;
	waitpid(pid, NULL, 0);
	printf("mechanism=%s %s hooked=%lu\n", m, line, hooked);
	return 0;
}

int main(int argc, char **argv)
{
	const char *m = "raw", *call = "ioctl";
	long n = 100000;
	int cpu = 0, i;
	cpu_set_t set;
	int64_t *d;
	char line[200];

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--mechanism"))
			m = argv[i + 1];
		else if (!strcmp(argv[i], "--call"))
			call = argv[i + 1];
		else if (!strcmp(argv[i], "--iterations"))
			n = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--cpu"))
			cpu = atoi(argv[i + 1]);
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (n < 1 || sched_setaffinity(0, sizeof(set), &set))
		return 2;
	ref_nr = strcmp(call, "nosys") ? SYS_ioctl : NOSYS;
	ref_fd = open("/dev/null", O_RDONLY);
	ref_cmd = NULL_CMD;
	ref_answer = strcmp(call, "nosys") ? -ENOTTY : -ENOSYS;
	if (!strcmp(m, "rewrite") || !strcmp(m, "rewrite-emulate")) {
		int emu = !strcmp(m, "rewrite-emulate");

		patch_jmp(ref_site_total, emu ? ref_tramp_total_emu : ref_tramp_total);
		patch_jmp(ref_site_stamped, emu ? ref_tramp_stamped_emu : ref_tramp_stamped);
	} else if (!strcmp(m, "tramp-only")) {
		patch_jmp(ref_site_total, ref_tramp_total_inline);
		patch_jmp(ref_site_stamped, ref_tramp_stamped_inline);
	} else if (!strcmp(m, "int3")) {
		static const unsigned char int3[2] = { 0xcc, 0x90 };

		on(SIGTRAP);
		patch(ref_site_total, int3, 2);
		patch(ref_site_stamped, int3, 2);
	} else if (!strcmp(m, "sud")) {
		on(SIGSYS);
		if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, 0, 0, &ref_selector))
			return 3;
	} else if (!strcmp(m, "seccomp-trap")) {
		on(SIGSYS);
		if (filter(SECCOMP_RET_TRAP, 0))
			return 3;
	} else if (strcmp(m, "raw")) {
		return run_with_parent(m, n);
	}
	d = calloc(n + WARMUP, sizeof(*d));
	measure(n, d, line, sizeof(line));
	ref_selector = 0;
	printf("mechanism=%s %s hooked=%lu\n", m, line, ref_hooked);
	return 0;
}
