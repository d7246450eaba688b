#include "scenarios/common/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace iprobe {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int /*sig*/) { g_interrupted.store(true); }

}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool interrupted() { return g_interrupted.load(); }

}  // namespace iprobe
