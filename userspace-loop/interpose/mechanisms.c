// SPDX-License-Identifier: GPL-2.0
/*
 * The table of mechanisms, in the order the benchmark runs them. raw is the
 * baseline: nothing hooks the call. Each other one lives in its mech_*.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "interpose.h"

static const struct interpose_mechanism interpose_mech_raw = { .name = "raw" };

static const struct interpose_mechanism *const mechanisms[] = {
	&interpose_mech_raw,
	&interpose_mech_rewrite,
	&interpose_mech_rewrite_emulate,
	&interpose_mech_int3,
	&interpose_mech_sud,
	&interpose_mech_seccomp_trap,
	&interpose_mech_seccomp_notify,
	&interpose_mech_seccomp_notify_sync,
	&interpose_mech_seccomp_trace,
	&interpose_mech_ptrace,
	&interpose_mech_ptrace_sysemu,
};

#define N_MECHANISMS (sizeof(mechanisms) / sizeof(mechanisms[0]))

const struct interpose_mechanism *interpose_find_mechanism(const char *name)
{
	size_t i;

	for (i = 0; i < N_MECHANISMS; i++)
		if (!strcmp(mechanisms[i]->name, name))
			return mechanisms[i];
	return NULL;
}

void interpose_list_mechanisms(FILE *out)
{
	size_t i;

	for (i = 0; i < N_MECHANISMS; i++)
		fprintf(out, "%s%s", i ? " " : "", mechanisms[i]->name);
}

int interpose_refused(struct interpose_ctx *ctx, const char *what, const char *hint)
{
	snprintf(ctx->skip_reason, sizeof(ctx->skip_reason), "%s: %s%s", what, strerror(errno),
		 hint);
	return INTERPOSE_SKIP;
}
