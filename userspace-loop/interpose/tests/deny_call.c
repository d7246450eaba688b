// SPDX-License-Identifier: GPL-2.0
/*
 * deny-call NR ERRNO [ARG_INDEX VALUE] -- PROGRAM ARGS...
 * Runs PROGRAM under a seccomp filter that fails system call NR with ERRNO
 * (only when argument ARG_INDEX equals VALUE, if given) and allows the rest:
 * the way the tests make a real kernel refuse a mechanism (as a kernel
 * without it would) on a machine whose kernel has them all.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int usage(void)
{
	fprintf(stderr, "usage: deny-call NR ERRNO [ARG_INDEX VALUE] -- PROGRAM ARGS...\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned long nr, err, arg = 0, value = 0;
	int i = 3, with_arg = 0;

	if (argc < 5)
		return usage();
	nr = strtoul(argv[1], NULL, 0);
	err = strtoul(argv[2], NULL, 0);
	if (strcmp(argv[3], "--")) {
		if (argc < 7)
			return usage();
		arg = strtoul(argv[3], NULL, 0);
		value = strtoul(argv[4], NULL, 0);
		with_arg = 1;
		i = 5;
	}
	if (strcmp(argv[i], "--") || arg > 5)
		return usage();
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 2),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[arg])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, value, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
	};
	struct sock_fprog prog = { .len = 8, .filter = f };

	if (!with_arg) /* no argument test: jump straight to the errno */
		f[3].jf = 2, f[4] = f[7];
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		perror("deny-call: seccomp");
		return 1;
	}
	execv(argv[i + 1], argv + i + 1);
	perror("deny-call: exec");
	return 127;
}
