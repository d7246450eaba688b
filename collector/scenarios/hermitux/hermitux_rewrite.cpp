#include "scenarios/hermitux/hermitux_rewrite.hpp"

#include <boost/process.hpp>
#include <stdexcept>
#include <vector>

#include "scenarios/hermitux/hermitux_output.hpp"
#include "util/file_util.hpp"

namespace bp = boost::process;
namespace fs = std::filesystem;

namespace iprobe {
namespace {

// The pointer roundtrip-loop-fncall-bound calls through (userspace-loop/roundtrip_freestanding.c).
constexpr const char* kBoundPointer = "roundtrip_bound_ioctl";

// Runs the rewriter; its stdout into `out`, stderr into `err`. Returns the exit status.
int run_tool(const fs::path& rewriter, const std::vector<std::string>& args, const fs::path& out,
             const fs::path& err) {
  bp::child child(rewriter.string(), bp::args(args),
                  bp::std_in<bp::null, bp::std_out> fresh_output_file(out),
                  bp::std_err > fresh_output_file(err));
  child.wait();
  return child.exit_code();
}

}  // namespace

RewrittenProgram rewrite_for_hermitux(const fs::path& rewriter, const fs::path& program,
                                      const fs::path& kernel, const fs::path& dir) {
  fs::create_directories(dir);
  const std::string name = program.filename().string();
  RewrittenProgram result;
  result.program = dir / name;
  result.report = dir / (name + ".rewrite.json");
  const fs::path err = dir / (name + ".rewrite.err");
  const std::string image = "kernel:" + kernel.string();
  std::vector<std::string> args{program.string(), "-o", result.program.string(), "--json"};
  if (name == "roundtrip-loop-fncall-bound") {
    // Its ioctl is a function call: the binding alone, no syscall site is rewritten.
    args.insert(args.end(), {"--bind", std::string(kBoundPointer) + "=" + image});
    result.how = std::string(kBoundPointer) + " bound to the kernel's sys_ioctl (plain call)";
  } else {
    args.insert(args.end(), {"--target", image, "--only-nr", "16"});
    result.how = "ioctl syscall rewritten: trampoline calls the kernel's sys_ioctl";
  }
  if (fs::exists(result.program)) fs::remove(result.program);
  if (run_tool(rewriter, args, result.report, err) != 0)
    throw std::runtime_error("syscall-rewriter refused " + program.string() + ": " +
                             output_tail(read_text_file(err, 1 << 16), 1));
  const fs::path check_out = dir / (name + ".check-image.txt");
  if (run_tool(rewriter, {"--check-image", kernel.string(), result.program.string()}, check_out,
               err) != 0)
    throw std::runtime_error("the rewritten " + result.program.string() +
                             " is not bound to the kernel image that will run (" + kernel.string() +
                             "): " + output_tail(read_text_file(err, 1 << 16), 1));
  return result;
}

}  // namespace iprobe
