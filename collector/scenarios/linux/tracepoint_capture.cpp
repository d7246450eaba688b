#include "scenarios/linux/tracepoint_capture.hpp"

#include <event-parse.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace fs = std::filesystem;

namespace iprobe {

namespace {

constexpr const char* kEnterFile = "events/syscalls/sys_enter_ioctl/";
constexpr const char* kExitFile = "events/syscalls/sys_exit_ioctl/";
constexpr const char* kTraceClock = "x86-tsc";

// Ring buffer bytes per call: an enter (~56 bytes with its header) and an exit (~40), rounded
// up for sub-buffer headers and time-extend records. Plus 1 MiB of slack.
constexpr uint64_t kBytesPerCall = 128;
constexpr uint64_t kSlackKb = 1024;
constexpr uint64_t kOtherCpuKb = 64;  // other CPUs only see the collector's own few ioctls

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
  if (e.kind == TraceEvent::Kind::kEnter) {
    e.arg = field(event, record, "arg", false);
    e.cmd = static_cast<uint32_t>(field(event, record, "cmd", false));
  }
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

// One warning line per kind of instance left behind: removed (owner dead) or unowned.
std::vector<std::string> stale_warnings(const StaleInstances& stale, const std::string& dir) {
  auto names = [](const std::vector<std::string>& list) {
    std::string out;
    for (const std::string& name : list) out += (out.empty() ? "" : ", ") + name;
    return out;
  };
  const std::string why =
      "while any syscall tracepoint is on, every thread of this machine takes the syscall "
      "slow path (syscall_trace_enter), which slows every measurement";
  std::vector<std::string> lines;
  if (!stale.removed.empty())
    lines.push_back("removed " + std::to_string(stale.removed.size()) +
                    " tracefs instance(s) left with the ioctl tracepoints on by collector runs "
                    "that were killed (" +
                    names(stale.removed) + "): " + why);
  if (!stale.unowned.empty())
    lines.push_back("tracefs instance(s) " + names(stale.unowned) +
                    " record no owner (an older collector's?): if no collector is running, "
                    "remove them with rmdir " +
                    dir + "/instances/NAME; " + why);
  return lines;
}

uint64_t loop_buffer_kb(uint64_t calls) { return calls * kBytesPerCall / 1024 + kSlackKb; }

// The kernel allocates the loop CPU's ring buffer, sized for every call, when it is set: refuse
// a size this machine cannot spare instead of pushing it into swap or the OOM killer.
void check_ring_buffer_fits(uint64_t calls, const fs::path& meminfo = "/proc/meminfo") {
  std::ifstream in(meminfo);
  uint64_t available_kb = 0;
  for (std::string key; in >> key;) {
    if (key == "MemAvailable:") {
      in >> available_kb;
      break;
    }
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  const uint64_t needed_kb = loop_buffer_kb(calls);
  if (available_kb == 0 || needed_kb <= available_kb / 2) return;
  throw std::runtime_error(
      std::to_string(calls) + " calls need a trace ring buffer of " +
      std::to_string(needed_kb / 1024) + " MiB (" + std::to_string(kBytesPerCall) +
      " bytes per call, allocated before the loop starts), more than half of the " +
      std::to_string(available_kb / 1024) + " MiB available: use at most " +
      std::to_string((available_kb / 2 - kSlackKb) * 1024 / kBytesPerCall) +
      " calls (--iterations + --warmup)");
}

void append_file(std::ostream& out, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::array<char, 1 << 16> chunk{};
  while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0)
    out.write(chunk.data(), in.gcount());
}

}  // namespace

TracepointCapture::TracepointCapture(const TracepointPlan& plan) : plan_(plan) {
  check_tracepoint_prerequisites();
  check_ring_buffer_fits(plan.calls);
  owner_ = this_trace_owner();
  mount_.emplace(owner_);
  use_tracefs_dir(mount_->dir());
  check_syscall_tracepoints(mount_->dir());
  stale_ = remove_stale_instances();
  warnings_ = stale_warnings(stale_, mount_->dir());
  instance_.emplace(trace_instance_name(plan.run, owner_));
  configure();
}

// Everything set before an event is enabled: clock, sizes, who is traced. No filter: every
// ioctl of the traced processes is recorded (tracepoint_events.hpp says why).
void TracepointCapture::configure() {
  TraceInstance& in = *instance_;
  in.write("tracing_on", "0");
  in.write("trace_clock", kTraceClock);
  in.write("buffer_size_kb", std::to_string(kOtherCpuKb));
  in.write("per_cpu/cpu" + std::to_string(plan_.cpu) + "/buffer_size_kb",
           std::to_string(loop_buffer_kb(plan_.calls)));
  // This process and what it forks from now on (the loop): nothing else on the system.
  in.write("options/event-fork", "1");
  in.write("set_event_pid", std::to_string(getpid()));
}

// Enabling an event registers the syscall tracepoint: from then on every thread of the machine
// enters and leaves system calls through the slow path; disabling it unregisters it again.
void TracepointCapture::start() {
  TraceInstance& in = *instance_;
  in.write(std::string(kEnterFile) + "enable", "1");
  in.write(std::string(kExitFile) + "enable", "1");
  in.write("tracing_on", "1");
  on_ = true;
}

void TracepointCapture::stop() {
  if (!on_) return;
  TraceInstance& in = *instance_;
  in.write("tracing_on", "0");
  in.write(std::string(kEnterFile) + "enable", "0");
  in.write(std::string(kExitFile) + "enable", "0");
  on_ = false;
}

TracepointResult TracepointCapture::finish() {
  stop();
  TraceInstance& in = *instance_;
  TracepointResult result;
  result.tracefs =
      TracefsUse{mount_->dir(), mount_->ours(), mount_->note(), in.name(), kTraceClock};
  result.stale = stale_;
  result.log = plan_.log;
  result.loss = in.lost_events();
  // The k lines stream into a side file while the ring buffer is read (a run of 100M calls
  // holds gigabytes of them), then go behind their dump-begin, which needs the counts.
  fs::path body_file = plan_.log;
  body_file += ".part";
  {
    std::ofstream body(body_file, std::ios::binary | std::ios::trunc);
    TracePairer pairer(body, plan_.cmd);
    const TepHandle tep = load_syscall_event_formats();
    ReadState state{
        event_id(tep.get(), "sys_enter_ioctl"), event_id(tep.get(), "sys_exit_ioctl"), &pairer, {}};
    in.read_events(tep.get(), on_trace_record, &state);
    if (!state.error.empty())
      throw std::runtime_error("trace events of tracefs instances/" + in.name() + ": " +
                               state.error);
    result.tally = pairer.finish();
    if (!body.flush()) throw std::runtime_error("cannot write " + body_file.string());
  }
  result.lost_calls = trace_lost_calls(result.tally, result.loss.events());
  std::ofstream out(plan_.log, std::ios::binary | std::ios::trunc);
  const auto entries = static_cast<uint32_t>(result.tally.paired);
  out << trace_dump_begin(entries, result.lost_calls, static_cast<uint32_t>(plan_.calls));
  append_file(out, body_file);
  out << trace_dump_end(entries);
  if (!out.flush()) throw std::runtime_error("cannot write " + plan_.log.string());
  fs::remove(body_file);
  instance_.reset();  // removed now rather than when the capture object goes
  result.warnings = warnings_;
  if (std::string left = mount_->release(); !left.empty()) result.warnings.push_back(left);
  mount_.reset();
  return result;
}

std::optional<StaleSweep> sweep_stale_trace_instances() {
  if (geteuid() != 0 || !tracefs_supported()) return std::nullopt;
  TracefsMount mount(this_trace_owner());
  use_tracefs_dir(mount.dir());
  StaleSweep sweep;
  sweep.stale = remove_stale_instances();
  sweep.warnings = stale_warnings(sweep.stale, mount.dir());
  if (std::string left = mount.release(); !left.empty()) sweep.warnings.push_back(left);
  return sweep;
}

}  // namespace iprobe
