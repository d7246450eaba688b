/* Host stand-in for HermiTux's <asm/page.h>. */
#ifndef PAGE_SIZE
#define PAGE_SIZE 4096
#endif
