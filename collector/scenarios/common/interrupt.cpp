#include "scenarios/common/interrupt.hpp"

#include <atomic>
#include <csignal>

#include "util/text_format.hpp"

namespace iprobe {
namespace {

std::atomic<int> g_signals{0};
std::atomic<int> g_first_signal{0};

extern "C" void on_interrupt(int sig) {
  int none = 0;
  g_first_signal.compare_exchange_strong(none, sig);
  g_signals.fetch_add(1);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) sigaction(sig, &sa, nullptr);
}

bool interrupted() { return g_signals.load() > 0; }
bool interrupted_again() { return g_signals.load() > 1; }
int interrupt_signal() { return g_first_signal.load(); }

std::string interrupt_reason() {
  return "interrupted by signal " + signal_text(interrupt_signal()) +
         ": the run was stopped early, the results are partial";
}

}  // namespace iprobe
