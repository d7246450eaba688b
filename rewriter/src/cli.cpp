#include "rewriter/cli.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "rewriter/verifier.hpp"

namespace po = boost::program_options;

namespace sysrw {

namespace {

constexpr const char* kUsage =
    "usage: syscall-rewriter INPUT -o OUTPUT [--target T] [--only-nr N]... [--only-addr A]...\n"
    "                        [--only-function F]... [--json] [--list-sites]\n"
    "                        [--no-preserve-flags] [--full-save] [--return-bits 32|64]\n"
    "                        [--bind SYMBOL=kernel:IMAGE[:FUNC]]\n"
    "       syscall-rewriter --check-image IMAGE BINARY\n"
    "\n"
    "Rewrites every `syscall` instruction of a static x86-64 ELF into a jmp to a per-site\n"
    "trampoline in a new segment; writes a new file (the input is never modified) and\n"
    "prints how many sites were found, rewritten and refused (and why).\n"
    "\n"
    "  -o, --output PATH        the rewritten binary (written only after verification)\n"
    "  --target T               passthrough (default): re-issue the real syscall\n"
    "                           local:SYMBOL: call SYMBOL of the binary (function ABI)\n"
    "                           kernel:IMAGE[:SYMBOL]: call SYMBOL (default sys_ioctl) of a\n"
    "                           unikernel image loaded in the same address space\n"
    "                           int3: `syscall` becomes `int3; nop` (no trampoline), for a\n"
    "                           SIGTRAP handler of the program to serve the call\n"
    "  --only-nr N              rewrite only sites whose syscall number is known to be N\n"
    "  --only-addr A            rewrite only the syscall at address A (hex with 0x)\n"
    "  --only-function F        rewrite only sites inside function F (symbol table)\n"
    "                           (the --only-* filters combine: a site must pass each given)\n"
    "  --json                   print the report as JSON\n"
    "  --list-sites             list every site in the text report\n"
    "  --no-preserve-flags      local:/kernel: do not save rflags around the call\n"
    "  --full-save              local:/kernel: save rdi rsi rdx r8 r9 r10 and rflags and align\n"
    "                           the stack even when the callee is a leaf that needs less\n"
    "  --return-bits 32|64      local:/kernel: width of the callee's result; 32 sign-extends\n"
    "                           eax into rax (default: 32 for kernel:IMAGE with sys_ioctl,\n"
    "                           HermiTux's `int sys_ioctl`; 64 otherwise)\n"
    "  --bind SYMBOL=kernel:IMAGE[:FUNC]\n"
    "                           store in the 8-byte function pointer SYMBOL (a data object\n"
    "                           in .data) the address of FUNC (default sys_ioctl) in IMAGE,\n"
    "                           checked as for --target kernel:; without --target, no\n"
    "                           syscall site is rewritten (bind only)\n"
    "  --check-image IMAGE      check that BINARY was rewritten for this kernel image\n"
    "Exit status: 0 done, 1 input refused or failed, 2 bad usage.\n";

uint64_t parse_number(const std::string& option, const std::string& text) {
  size_t used = 0;
  uint64_t v = 0;
  try {
    v = std::stoull(text, &used, 0);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    throw std::invalid_argument("--" + option + " needs a number (decimal or 0x hex), got '" +
                                text + "'");
  return v;
}

int check_image(const CliOptions& o) {
  ElfImage bin = ElfImage::load(o.input);
  std::string note = rewrite_note(bin);
  if (note.empty()) {
    std::cerr << "syscall-rewriter: " << o.input.string()
              << ": not rewritten by syscall-rewriter\n";
    return 1;
  }
  auto pos = note.find("sha256=");
  if (pos == std::string::npos) {
    std::cerr << "syscall-rewriter: " << o.input.string()
              << ": was not rewritten for a kernel image (" << note << ")\n";
    return 1;
  }
  std::string have = sha256_file(o.image);
  // kernel: target and --bind: each recorded image (the same one) must match.
  for (; pos != std::string::npos; pos = note.find("sha256=", pos + 7)) {
    std::string want = note.substr(pos + 7, 64);
    if (want != have) {
      std::cerr << "syscall-rewriter: " << o.image.string() << ": sha256 " << have
                << " is not the image " << o.input.string() << " was rewritten for (" << want
                << ")\n";
      return 1;
    }
  }
  std::cout << o.input.string() << ": rewritten for " << o.image.string() << " (sha256 " << have
            << ")\n";
  return 0;
}

}  // namespace

const char* usage_text() { return kUsage; }

CliOptions parse_cli(const std::vector<std::string>& args) {
  po::options_description desc;
  desc.add_options()("help,h", "")("output,o", po::value<std::string>(), "")(
      "target", po::value<std::string>()->default_value("passthrough"), "")(
      "only-nr", po::value<std::vector<std::string>>(), "")(
      "only-addr", po::value<std::vector<std::string>>(), "")(
      "only-function", po::value<std::vector<std::string>>(), "")("json", "")("list-sites", "")(
      "no-preserve-flags", "")("full-save", "")("return-bits", po::value<std::string>(), "")(
      "check-image", po::value<std::string>(), "")("bind", po::value<std::string>(), "")(
      "input", po::value<std::vector<std::string>>(), "");
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw std::invalid_argument(e.what());
  }
  CliOptions o;
  if (vm.count("help")) {
    o.mode = CliOptions::Mode::kHelp;
    return o;
  }
  auto inputs =
      vm.count("input") ? vm["input"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (inputs.size() != 1)
    throw std::invalid_argument(inputs.empty() ? "an input binary is required"
                                               : "exactly one input binary is accepted");
  o.input = inputs.front();
  if (vm.count("check-image")) {
    o.mode = CliOptions::Mode::kCheckImage;
    o.image = vm["check-image"].as<std::string>();
    return o;
  }
  if (!vm.count("output")) throw std::invalid_argument("-o OUTPUT is required");
  o.output = vm["output"].as<std::string>();
  o.rewrite.target = parse_target(vm["target"].as<std::string>());
  if (vm.count("bind")) {
    o.rewrite.bind = parse_bind(vm["bind"].as<std::string>());
    if (vm["target"].defaulted()) {
      if (vm.count("only-nr") || vm.count("only-addr") || vm.count("only-function"))
        throw std::invalid_argument(
            "with --bind, the --only-* filters need --target (without it no site is rewritten)");
      o.rewrite.rewrite_sites = false;
    }
  }
  if (vm.count("only-nr"))
    for (const auto& s : vm["only-nr"].as<std::vector<std::string>>())
      o.rewrite.only_nr.push_back(parse_number("only-nr", s));
  if (vm.count("only-addr"))
    for (const auto& s : vm["only-addr"].as<std::vector<std::string>>())
      o.rewrite.only_addr.push_back(parse_number("only-addr", s));
  if (vm.count("only-function"))
    o.rewrite.only_function = vm["only-function"].as<std::vector<std::string>>();
  o.json = vm.count("json") > 0;
  o.list_sites = vm.count("list-sites") > 0;
  o.rewrite.preserve_flags = vm.count("no-preserve-flags") == 0;
  o.rewrite.full_save = vm.count("full-save") > 0;
  if (vm.count("return-bits")) {
    auto bits = parse_number("return-bits", vm["return-bits"].as<std::string>());
    if (bits != 32 && bits != 64) throw std::invalid_argument("--return-bits must be 32 or 64");
    o.rewrite.return_bits = static_cast<int>(bits);
  }
  std::error_code ec;
  if (std::filesystem::equivalent(o.input, o.output, ec))
    throw std::invalid_argument("the output must not be the input (the input is never modified)");
  return o;
}

void write_output_file(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
  std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0)
    throw InputError(dir.string() + ": cannot create a temporary file: " + std::strerror(errno));
  auto fail = [&](const std::string& what) {
    int err = errno;
    ::close(fd);
    ::unlink(name.data());
    throw InputError(path.string() + ": " + what + ": " + std::strerror(err));
  };
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write");
    done += static_cast<size_t>(n);
  }
  if (::fchmod(fd, 0755) != 0) fail("cannot set the mode");
  if (::fsync(fd) != 0) fail("cannot sync");
  if (::close(fd) != 0) {
    ::unlink(name.data());
    throw InputError(path.string() + ": cannot close: " + std::strerror(errno));
  }
  if (::rename(name.data(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(name.data());
    throw InputError(path.string() + ": cannot rename into place: " + std::strerror(err));
  }
}

int run_cli(const std::vector<std::string>& args) {
  CliOptions o;
  try {
    o = parse_cli(args);
  } catch (const std::invalid_argument& e) {
    std::cerr << "syscall-rewriter: " << e.what() << " (see --help)\n";
    return 2;
  }
  try {
    if (o.mode == CliOptions::Mode::kHelp) {
      std::cout << kUsage;
      return 0;
    }
    if (o.mode == CliOptions::Mode::kCheckImage) return check_image(o);
    ElfImage input = ElfImage::load(o.input);
    RewriteResult r = rewrite(input, o.rewrite);
    r.report.output = o.output.string();
    write_output_file(o.output, r.output);
    std::cout << (o.json ? report_json(r.report) : report_text(r.report, o.list_sites));
    return 0;
  } catch (const InputError& e) {
    std::cerr << "syscall-rewriter: " << e.what() << "\n";
  } catch (const VerifyError& e) {
    std::cerr << "syscall-rewriter: " << o.input.string() << ": " << e.what()
              << " (no output written; please report this)\n";
  } catch (const std::exception& e) {
    std::cerr << "syscall-rewriter: " << o.input.string() << ": " << e.what() << "\n";
  }
  return 1;
}

}  // namespace sysrw
