/* Host stand-in for HermiTux's <hermit/stddef.h>: the probe harness needs the fixed-size types. */
#ifndef HARNESS_HERMIT_STDDEF_H
#define HARNESS_HERMIT_STDDEF_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#endif
