// SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE during a measurement: the handlers only count;
// every wait polls interrupted() and ends the run cleanly (probe disabled, module unloaded, guest
// stopped, what was captured kept). A second signal (interrupted_again) also cuts the wrap-up
// short: cleanup, then exit at once.
#pragma once

#include <string>

namespace iprobe {

void install_interrupt_handlers();
bool interrupted();
bool interrupted_again();
int interrupt_signal();  // the first signal received, 0 if none
// "interrupted by signal 2 (SIGINT: Interrupt): ...": why an interrupted run is incomplete.
std::string interrupt_reason();

}  // namespace iprobe
