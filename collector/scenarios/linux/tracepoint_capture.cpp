#include "scenarios/linux/tracepoint_capture.hpp"

#include <event-parse.h>
#include <ioctl_probe/ioctl_probe.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "logs/stamp_line.hpp"

namespace iprobe {

namespace {

constexpr const char* kEnterFile = "events/syscalls/sys_enter_ioctl/";
constexpr const char* kExitFile = "events/syscalls/sys_exit_ioctl/";

// Ring buffer bytes per call: an enter (~56 bytes with its header) and an exit (~40), rounded
// up for sub-buffer headers and time-extend records. Plus 1 MiB of slack.
constexpr uint64_t kBytesPerCall = 128;
constexpr uint64_t kSlackKb = 1024;
constexpr uint64_t kOtherCpuKb = 64;  // other CPUs only see this process's stray ioctl exits

struct ReadState {
  int enter_id = -1;
  int exit_id = -1;
  TracePairer* pairer = nullptr;
  std::string error;  // set by the callback, which must not throw through C frames
};

unsigned long long field(tep_event* event, tep_record* record, const char* name, bool common) {
  unsigned long long value = 0;
  const int rc = common ? tep_get_common_field_val(nullptr, event, name, record, &value, 0)
                        : tep_get_field_val(nullptr, event, name, record, &value, 0);
  if (rc != 0) throw std::runtime_error(std::string("trace event without a ") + name + " field");
  return value;
}

void add_record(ReadState* st, tep_event* event, tep_record* record, int cpu) {
  TraceEvent e;
  e.kind = event->id == st->enter_id ? TraceEvent::Kind::kEnter : TraceEvent::Kind::kExit;
  e.pid = static_cast<int>(field(event, record, "common_pid", true));
  e.cpu = static_cast<uint32_t>(cpu);
  e.ts = record->ts;
  if (e.kind == TraceEvent::Kind::kEnter) e.arg = field(event, record, "arg", false);
  st->pairer->add(e);
}

// Returns non-zero to stop the iteration after an error.
extern "C" int on_trace_record(tep_event* event, tep_record* record, int cpu, void* data) {
  auto* st = static_cast<ReadState*>(data);
  if (event->id != st->enter_id && event->id != st->exit_id) return 0;
  try {
    add_record(st, event, record, cpu);
  } catch (const std::exception& e) {
    st->error = e.what();
    return 1;
  }
  return 0;
}

int event_id(tep_handle* tep, const char* name) {
  const tep_event* event = tep_find_event_by_name(tep, "syscalls", name);
  if (!event) throw std::runtime_error(std::string("no format for syscalls:") + name);
  return event->id;
}

}  // namespace

TracepointCapture::TracepointCapture(const TracepointPlan& plan) : plan_(plan) {
  check_tracepoint_prerequisites();
  instance_.emplace("ioprobe-" + run_hex(plan.run));
  configure();
}

// Everything set before an event is enabled: clock, sizes, who is traced, the filters.
void TracepointCapture::configure() {
  TraceInstance& in = *instance_;
  in.write("tracing_on", "0");
  in.write("trace_clock", "x86-tsc");
  in.write("buffer_size_kb", std::to_string(kOtherCpuKb));
  const uint64_t loop_kb = plan_.calls * kBytesPerCall / 1024 + kSlackKb;
  in.write("per_cpu/cpu" + std::to_string(plan_.cpu) + "/buffer_size_kb", std::to_string(loop_kb));
  // This process and what it forks from now on (the loop): nothing else on the system.
  in.write("options/event-fork", "1");
  in.write("set_event_pid", std::to_string(getpid()));
  std::ostringstream cmd;
  cmd << "cmd == 0x" << std::hex << plan_.cmd;
  in.write(std::string(kEnterFile) + "filter", cmd.str());
  in.write(std::string(kEnterFile) + "enable", "1");
  in.write(std::string(kExitFile) + "enable", "1");
  in.write("tracing_on", "1");
}

TracepointResult TracepointCapture::finish() {
  TraceInstance& in = *instance_;
  in.write("tracing_on", "0");
  TracepointResult result;
  result.instance = in.name();
  result.log = plan_.log;
  result.lost_events = in.lost_events();
  const TepHandle tep = load_syscall_event_formats();
  std::ostringstream lines;
  TracePairer pairer(lines);
  ReadState state{
      event_id(tep.get(), "sys_enter_ioctl"), event_id(tep.get(), "sys_exit_ioctl"), &pairer, {}};
  in.read_events(tep.get(), on_trace_record, &state);
  if (!state.error.empty())
    throw std::runtime_error("trace events of tracefs instances/" + in.name() + ": " + state.error);
  result.tally = pairer.finish();
  std::ofstream out(plan_.log, std::ios::binary | std::ios::trunc);
  const auto entries = static_cast<uint32_t>(result.tally.paired);
  out << trace_dump_begin(entries, result.lost_events, static_cast<uint32_t>(plan_.calls))
      << lines.str() << trace_dump_end(entries);
  if (!out.flush()) throw std::runtime_error("cannot write " + plan_.log.string());
  instance_.reset();  // removed now rather than when the capture object goes
  return result;
}

}  // namespace iprobe
