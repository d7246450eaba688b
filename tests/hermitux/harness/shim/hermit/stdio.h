/* Host stand-in for HermiTux's <hermit/stdio.h>: kprintf goes to the harness's kernel log. */
#ifndef HARNESS_HERMIT_STDIO_H
#define HARNESS_HERMIT_STDIO_H
#include <stdio.h>
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define ksnprintf snprintf
#endif
