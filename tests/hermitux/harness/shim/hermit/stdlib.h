/* Host stand-in for HermiTux's <hermit/stdlib.h>: kmalloc can be made to fail, and hands out
 * dirty memory as a real allocator may. */
#ifndef HARNESS_HERMIT_STDLIB_H
#define HARNESS_HERMIT_STDLIB_H
#include <stddef.h>
void *kmalloc(size_t size);
void kfree(void *addr);
#endif
