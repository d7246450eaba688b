#include "scenarios/linux/patch_hook.hpp"

#include <ioctl_probe/ioctl_probe.h>

#include <stdexcept>

#include "util/file_util.hpp"

namespace fs = std::filesystem;

namespace iprobe {
namespace {

std::string first_line(const fs::path& file) {
  std::string text = read_text_file(file, 64);
  return text.substr(0, text.find('\n'));
}

}  // namespace

std::optional<std::string> patch_hook_mode() {
  const fs::path mode = fs::path(IOPROBE_PATCH_PARAM_DIR) / "mode";
  if (!fs::exists(mode)) return std::nullopt;
  return first_line(mode);
}

PatchHookGuard::PatchHookGuard(Mode mode, uint64_t entries) : dir_(IOPROBE_PATCH_PARAM_DIR) {
  if (!fs::exists(dir_ / "mode"))
    throw std::runtime_error(
        "this kernel has no ioctl_probe hook (" + dir_.string() +
        "/mode is missing): boot a kernel patched with `make -f Makefile.kernel install`, "
        "or use --probe module");
  old_mode_ = first_line(dir_ / "mode");
  old_entries_ = first_line(dir_ / "entries");
  // No detour through "off": switching the static key patches kernel text, which is best
  // done as rarely as possible (a hook already on at boot is only re-sized here). entries
  // only matters in buffer mode (the kernel refuses more than a buffer may hold).
  if (mode == Mode::kBuffer) write_text_file(dir_ / "entries", std::to_string(entries) + "\n");
  write_text_file(dir_ / "mode", name(mode) + "\n");
  active_ = true;
}

PatchHookGuard::~PatchHookGuard() {
  if (!active_) return;
  try {
    write_text_file(dir_ / "entries", old_entries_ + "\n");
    write_text_file(dir_ / "mode", old_mode_ + "\n");
  } catch (...) {  // nothing more to do while unwinding
  }
}

}  // namespace iprobe
