/* Host stand-in for HermiTux's <hermit/tasks.h>: reschedule() yields the thread. */
#ifndef HARNESS_HERMIT_TASKS_H
#define HARNESS_HERMIT_TASKS_H
#include <sched.h>
#define reschedule() ((void)sched_yield())
#endif
