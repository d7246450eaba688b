/* A dynamically linked program: syscall-rewriter must refuse it. */
#include <stdio.h>
int main(void) { return puts("dynamic") < 0; }
