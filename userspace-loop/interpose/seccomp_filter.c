// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp filter of the seccomp-* mechanisms: `action` for the loop's
 * calls (syscall 500, or ioctl with IOPROBE_NULL_CMD, and the tracers' marker,
 * which is a syscall 500), SECCOMP_RET_ALLOW for everything else, so that the
 * process's other calls and a supervisor's ioctls on the listener take their
 * usual path. The architecture is checked first (a 32-bit int 0x80 call has
 * other numbers). Calls whose instruction pointer is interpose_exempt_ip
 * pass: that is where seccomp-trap's handler issues the real call from (the
 * other seccomp mechanisms never call from there; the check costs them two
 * BPF instructions).
 *
 * A filter cannot be removed: it stays until the process exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "interpose.h"

#define DATA(field) offsetof(struct seccomp_data, field)
#define LOAD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))

int interpose_install_filter(uint32_t action, unsigned int flags)
{
	uint64_t ip = (uint64_t)(uintptr_t)interpose_exempt_ip;
	/* 7: one of the loop's calls; 11: act on it; 12: allow. */
	struct sock_filter f[] = {
		/* 0 */ LOAD(DATA(arch)),
		/* 1 */ JEQ(AUDIT_ARCH_X86_64, 0, 10),
		/* 2 */ LOAD(DATA(nr)),
		/* 3 */ JEQ(INTERPOSE_NOSYS_NR, 3, 0),
		/* 4 */ JEQ(INTERPOSE_IOCTL_NR, 0, 7),
		/* 5 */ LOAD(DATA(args[1])), /* low half: the ioctl command */
		/* 6 */ JEQ(IOPROBE_NULL_CMD, 0, 5),
		/* 7 */ LOAD(DATA(instruction_pointer)),
		/* 8 */ JEQ((uint32_t)ip, 0, 2),
		/* 9 */ LOAD(DATA(instruction_pointer) + 4),
		/* 10 */ JEQ((uint32_t)(ip >> 32), 1, 0),
		/* 11 */ BPF_STMT(BPF_RET | BPF_K, action),
		/* 12 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	/* Unprivileged filters need no_new_privs; harmless for root. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}
