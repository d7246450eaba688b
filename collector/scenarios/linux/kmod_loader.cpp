#include "scenarios/linux/kmod_loader.hpp"

#include <libkmod.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace iprobe {

void LoadedModule::CtxDeleter::operator()(kmod_ctx* ctx) const { kmod_unref(ctx); }
void LoadedModule::ModDeleter::operator()(kmod_module* mod) const { kmod_module_unref(mod); }

bool module_loading_supported() { return std::filesystem::exists("/proc/modules"); }

namespace {

std::string errno_text(int err) { return std::strerror(err < 0 ? -err : err); }

}  // namespace

LoadedModule::LoadedModule(const std::filesystem::path& path, const std::string& name,
                           const std::string& params)
    : ctx_(kmod_new(nullptr, nullptr)), name_(name) {
  if (!ctx_) throw std::runtime_error("libkmod: cannot create a context");
  kmod_module* raw = nullptr;
  int err = 0;
  if (!path.empty()) {
    if (!std::filesystem::exists(path))
      throw std::runtime_error("probe module " + path.string() +
                               " not found: build it with `make -f Makefile.kernel module` "
                               "(host) or `guest` (QEMU), or pass --module PATH");
    err = kmod_module_new_from_path(ctx_.get(), path.c_str(), &raw);
  } else {
    err = kmod_module_new_from_name(ctx_.get(), name.c_str(), &raw);
  }
  if (err < 0 || raw == nullptr)
    throw std::runtime_error("libkmod: cannot open module " +
                             (path.empty() ? name : path.string()) + ": " + errno_text(err));
  mod_.reset(raw);

  if (kmod_module_get_initstate(mod_.get()) == KMOD_MODULE_LIVE) {
    err = kmod_module_remove_module(mod_.get(), 0);
    if (err < 0)
      throw std::runtime_error("module " + name_ + " is already loaded and cannot be removed (" +
                               errno_text(err) + "): is another collector running? try `rmmod " +
                               name_ + "`");
  }
  err = kmod_module_insert_module(mod_.get(), 0, params.c_str());
  if (err < 0) {
    std::string hint;
    if (-err == EPERM) hint = ": run as root (sudo)";
    if (-err == ENOEXEC || -err == EINVAL)
      hint =
          ": the module was built for another kernel; rebuild it for `uname -r` with "
          "`make -f Makefile.kernel module`";
    if (-err == ENOENT) hint = ": no such module; pass --module PATH";
    throw std::runtime_error("libkmod: loading " + name_ + " with '" + params +
                             "' failed: " + errno_text(err) + hint);
  }
  loaded_ = true;
}

void LoadedModule::unload() {
  if (!loaded_) return;
  int err = kmod_module_remove_module(mod_.get(), 0);
  if (err < 0)
    throw std::runtime_error("libkmod: cannot unload " + name_ + ": " + errno_text(err) +
                             " (is /dev/ioctl_probe still open?)");
  loaded_ = false;
}

LoadedModule::~LoadedModule() {
  if (loaded_) kmod_module_remove_module(mod_.get(), 0);
}

}  // namespace iprobe
