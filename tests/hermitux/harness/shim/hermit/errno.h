/* Host stand-in for HermiTux's <hermit/errno.h>. */
#include <errno.h>
