// SPDX-License-Identifier: GPL-2.0
/*
 * rewrite, rewrite-emulate: the project's syscall-rewriter has turned each of
 * the loop's `syscall`s into a jmp to a trampoline that calls a hook of this
 * program (exempt.S). The binaries are interpose-loop-rewrite and
 * interpose-loop-rewrite-emulate, made at build time with
 *   syscall-rewriter interpose-loop --target local:interpose_hook_passthrough
 *     --only-function <the loop's functions> --no-preserve-flags
 * (see CMakeLists.txt). Nothing to set up at run time but the answer.
 *   rewrite          the hook issues the call itself: `incq; syscall; ret`
 *   rewrite-emulate  the hook answers: `incq; mov answer,%rax; ret`
 * Cannot hook: calls the rewriter refuses or is not asked to rewrite (other
 * functions, code generated at run time, the vDSO).
 */
#include "interpose.h"

static int set_answer(struct interpose_ctx *ctx)
{
	interpose_emulate_answer = ctx->answer;
	return 0;
}

const struct interpose_mechanism interpose_mech_rewrite = {
	.name = "rewrite",
	.binary_target = "target=local symbol=interpose_hook_passthrough ",
};

const struct interpose_mechanism interpose_mech_rewrite_emulate = {
	.name = "rewrite-emulate",
	.binary_target = "target=local symbol=interpose_hook_emulate ",
	.emulates = 1,
	.setup = set_answer,
};
