// SIGINT/SIGTERM during a measurement: the handlers only set a flag; every wait polls it and
// ends the run cleanly (probe disabled, module unloaded, guest stopped).
#pragma once

namespace iprobe {

void install_interrupt_handlers();
bool interrupted();

}  // namespace iprobe
