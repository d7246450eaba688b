// Folder scenarios/linux/: measuring on the running kernel (the host, or inside the project's
// QEMU guest): loading the probe module (kmod_loader), running the loop while draining /dev/kmsg,
// and handing the captured logs to report/.
//
// `--scenario linux`: measure on the running kernel (host, or inside the project's guest).
#pragma once

#include "scenarios/common/run_options.hpp"

namespace iprobe {

// Loads/enables the probe, runs the loop while draining /dev/kmsg, collects the stamps into
// options.output_dir/raw/ and writes the report. Returns the exit status.
int run_linux_scenario(const RunOptions& options);

// Set by SIGINT/SIGTERM; long waits poll it and end the run cleanly (module unloaded).
void install_interrupt_handlers();
bool interrupted();

}  // namespace iprobe
