// SPDX-License-Identifier: GPL-2.0
/*
 * Which interpose-loop binary this is. The rewrite, rewrite-emulate and int3
 * mechanisms run in copies of interpose-loop that syscall-rewriter has
 * patched (interpose-loop-<mechanism>, next to it); the rewriter leaves a
 * note (PT_NOTE, owner "SYSRW") saying what it did, e.g.
 * "syscall-rewriter/1 target=local symbol=interpose_hook_emulate addr=...".
 * A binary reads its own note, and a run asked of the wrong binary is handed
 * to the right one with execv, so that `interpose-loop --mechanism M` works
 * for every M.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interpose.h"

#define NOTE_OWNER "SYSRW"
#define NOTE_TYPE 0x53525731u
#define ALIGN4(x) (((x) + 3u) & ~3u)
#define EXEC_GUARD "IOPROBE_INTERPOSE_EXECED"

struct note_search {
	char text[512];
};

static void scan_notes(const char *p, size_t size, struct note_search *s)
{
	size_t off = 0;

	while (off + sizeof(Elf64_Nhdr) <= size) {
		const Elf64_Nhdr *n = (const void *)(p + off);
		const char *name = p + off + sizeof(*n);
		const char *desc = name + ALIGN4(n->n_namesz);

		if (n->n_namesz == sizeof(NOTE_OWNER) && n->n_type == NOTE_TYPE &&
		    !memcmp(name, NOTE_OWNER, sizeof(NOTE_OWNER))) {
			size_t len = n->n_descsz < sizeof(s->text) ? n->n_descsz
								   : sizeof(s->text) - 1;
			memcpy(s->text, desc, len);
			s->text[len] = '\0';
			return;
		}
		off += sizeof(*n) + ALIGN4(n->n_namesz) + ALIGN4(n->n_descsz);
	}
}

static int program_notes(struct dl_phdr_info *info, size_t size, void *data)
{
	int i;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_NOTE)
			scan_notes((const char *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr),
				   info->dlpi_phdr[i].p_memsz, data);
	return 1; /* the program itself is the first object */
}

/* Whether this binary is the one mechanism m needs. */
static int binary_fits(const struct interpose_mechanism *m)
{
	struct note_search s = { "" };

	dl_iterate_phdr(program_notes, &s);
	if (!m->binary_target)
		return s.text[0] == '\0';
	return strstr(s.text, m->binary_target) != NULL;
}

/* Returns only if this binary fits m (0) or the right one cannot run (-1). */
int interpose_use_right_binary(const struct interpose_mechanism *m, char **argv)
{
	char self[PATH_MAX], *slash, *name;
	ssize_t n;

	if (binary_fits(m)) {
		unsetenv(EXEC_GUARD);
		return 0;
	}
	if (getenv(EXEC_GUARD)) {
		fprintf(stderr, "interpose-loop: %s is not rewritten for --mechanism %s\n",
			argv[0], m->name);
		return -1;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0) {
		perror("interpose-loop: /proc/self/exe");
		return -1;
	}
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (asprintf(&name, "%.*s/interpose-loop%s%s", (int)(slash ? slash - self : 1),
		     slash ? self : ".", m->binary_target ? "-" : "",
		     m->binary_target ? m->name : "") < 0)
		return -1;
	setenv(EXEC_GUARD, "1", 1);
	execv(name, argv);
	fprintf(stderr, "interpose-loop: --mechanism %s runs in %s: %s\n", m->name, name,
		strerror(errno));
	free(name);
	return -1;
}
