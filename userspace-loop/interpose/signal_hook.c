// SPDX-License-Identifier: GPL-2.0
/*
 * The signal handler of the int3, sud and seccomp-trap mechanisms.
 *
 * In all three the intercepted `syscall` has not run when the handler starts:
 * the number is si_syscall (SIGSYS) or still in rax (SIGTRAP: int3 stops
 * before the call), the arguments are in the saved registers. The handler
 * counts the call if it is one of the loop's, issues it from the exempt range
 * (exempt.S) and puts the result where `syscall` would have: the saved rax.
 * Under SUD every other system call of the process (printf's write...) comes
 * here too and is re-issued the same way, uncounted.
 *
 * Installed with the raw rt_sigaction so that SA_RESTORER is ours, inside the
 * exempt range: glibc's sigaction() always sets its own restorer, whose
 * rt_sigreturn SUD would dispatch as well (an endless loop).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "interpose.h"

#define SA_RESTORER_FLAG 0x04000000 /* SA_RESTORER (asm/signal.h) */

/* The kernel's struct sigaction for rt_sigaction (not glibc's). */
struct kernel_sigaction {
	void (*handler)(int sig, siginfo_t *info, void *ucontext);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

static void on_intercepted_call(int sig, siginfo_t *info, void *uc_void)
{
	ucontext_t *uc = uc_void;
	greg_t *g = uc->uc_mcontext.gregs;
	long nr;

	if (sig == SIGTRAP) {
		if (info->si_code != SI_KERNEL) /* not an int3 of ours */
			return;
		nr = g[REG_RAX];
	} else {
		nr = info->si_syscall;
	}
	if (interpose_is_measured(nr, g[REG_RDI], g[REG_RSI]))
		interpose_hook_calls++;
	g[REG_RAX] = interpose_exempt_syscall(nr, g[REG_RDI], g[REG_RSI], g[REG_RDX],
					      g[REG_R10], g[REG_R8], g[REG_R9]);
}

int interpose_install_signal_hook(int sig)
{
	struct kernel_sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.handler = on_intercepted_call;
	sa.flags = SA_SIGINFO | SA_RESTORER_FLAG;
	sa.restorer = interpose_exempt_restorer;
	return syscall(SYS_rt_sigaction, sig, &sa, NULL, sizeof(sa.mask)) ? -1 : 0;
}
