/* Host stand-in for HermiTux's <hermit/syscall.h>: sys_write goes to the harness's capture. */
#ifndef HARNESS_HERMIT_SYSCALL_H
#define HARNESS_HERMIT_SYSCALL_H
#include <sys/types.h>
ssize_t sys_write(int fd, const char *buf, size_t len);
#endif
