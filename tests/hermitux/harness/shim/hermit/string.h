/* Host stand-in for HermiTux's <hermit/string.h>. */
#include <string.h>
