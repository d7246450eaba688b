#include "scenarios/linux/kmod_loader.hpp"

#include <libkmod.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "env/module_signing.hpp"
#include "scenarios/linux/kmod_loader_hints.hpp"

namespace iprobe {

void LoadedModule::CtxDeleter::operator()(kmod_ctx* ctx) const { kmod_unref(ctx); }
void LoadedModule::ModDeleter::operator()(kmod_module* mod) const { kmod_module_unref(mod); }

bool module_loading_supported() { return std::filesystem::exists("/proc/modules"); }

namespace {

std::string errno_text(int err) { return std::strerror(err < 0 ? -err : err); }

std::string running_release() {
  utsname u{};
  return ::uname(&u) == 0 ? std::string(u.release) : std::string("unknown");
}

// What to install when /lib/modules/RELEASE has no module of that name: DKMS builds it only
// for kernels whose headers are installed.
std::string no_module_message(const std::string& name) {
  const std::string release = running_release();
  const std::string what = "no " + name + " module for the running kernel " + release;
  if (!std::filesystem::exists("/lib/modules/" + release + "/build"))
    return what + ": its headers are missing, so DKMS cannot build it: apt install linux-headers-" +
           release + " (ioctl-probe-dkms then builds it), or pass --module PATH";
  return what +
         ": install the ioctl-probe-dkms package (if it is installed, `dkms status` and "
         "/var/lib/dkms/ioctl-probe/*/build/make.log say why it did not build), or pass "
         "--module PATH";
}

// The installed module called `name`, looked up like modprobe does (aliases, modules.dep).
kmod_module* lookup_installed(kmod_ctx* ctx, const std::string& name) {
  kmod_list* list = nullptr;
  int err = kmod_module_new_from_lookup(ctx, name.c_str(), &list);
  if (err < 0)
    throw std::runtime_error("libkmod: cannot look up module " + name + ": " + errno_text(err));
  if (list == nullptr) throw std::runtime_error(no_module_message(name));
  kmod_module* mod = kmod_module_get_module(list);
  kmod_module_unref_list(list);
  return mod;
}

kmod_module* open_file(kmod_ctx* ctx, const std::filesystem::path& path) {
  if (!std::filesystem::exists(path))
    throw std::runtime_error("probe module " + path.string() +
                             " not found: build it with `make -f Makefile.kernel module` "
                             "(host) or `guest` (QEMU), or leave out --module");
  kmod_module* mod = nullptr;
  int err = kmod_module_new_from_path(ctx, path.c_str(), &mod);
  if (err < 0 || mod == nullptr)
    throw std::runtime_error("libkmod: cannot open module " + path.string() + ": " +
                             errno_text(err));
  return mod;
}

// The policy is read only when the kernel refused: a fake one in the tests of the hints.
std::string insert_hint(int err) {
  return module_refusal_hint(err < 0 ? -err : err, ::geteuid() == 0,
                             read_module_signing_policy("/"));
}

}  // namespace

std::string find_installed_module(const std::string& name) {
  const std::unique_ptr<kmod_ctx, decltype(&kmod_unref)> ctx(kmod_new(nullptr, nullptr),
                                                             kmod_unref);
  if (!ctx) return "";
  kmod_list* list = nullptr;
  if (kmod_module_new_from_lookup(ctx.get(), name.c_str(), &list) < 0 || list == nullptr) return "";
  std::string path;
  kmod_list* entry = nullptr;
  kmod_list_foreach(entry, list) {
    kmod_module* mod = kmod_module_get_module(entry);
    if (const char* file = kmod_module_get_path(mod); file != nullptr && path.empty()) path = file;
    kmod_module_unref(mod);
  }
  kmod_module_unref_list(list);
  return path;
}

LoadedModule::LoadedModule(const std::filesystem::path& path, const std::string& name,
                           const std::string& params)
    : ctx_(kmod_new(nullptr, nullptr)), name_(name) {
  if (!ctx_) throw std::runtime_error("libkmod: cannot create a context");
  mod_.reset(path.empty() ? lookup_installed(ctx_.get(), name) : open_file(ctx_.get(), path));
  name_ = kmod_module_get_name(mod_.get());

  // A module this collector did not load may be in use by someone else: never unload it.
  const int state = kmod_module_get_initstate(mod_.get());
  if (state == KMOD_MODULE_LIVE || state == KMOD_MODULE_COMING || state == KMOD_MODULE_GOING)
    throw std::runtime_error("module " + name_ +
                             " is already loaded, not by this run, and the collector does not "
                             "unload a module it did not load: if no other collector is running, "
                             "`sudo modprobe -r " +
                             name_ + "`, then run again");
  // By name: modprobe semantics (dependencies, options from /etc/modprobe.d, then ours).
  const int err = path.empty()
                      ? kmod_module_probe_insert_module(mod_.get(), KMOD_PROBE_FAIL_ON_LOADED,
                                                        params.c_str(), nullptr, nullptr, nullptr)
                      : kmod_module_insert_module(mod_.get(), 0, params.c_str());
  if (err < 0)
    throw std::runtime_error("libkmod: loading " + name_ + " with '" + params +
                             "' failed: " + errno_text(err) + insert_hint(err));
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

std::string installed_module_problem(const std::string& name) {
  const std::unique_ptr<kmod_ctx, decltype(&kmod_unref)> ctx(kmod_new(nullptr, nullptr),
                                                             kmod_unref);
  if (!ctx) return "libkmod: cannot create a context";
  try {
    kmod_module_unref(lookup_installed(ctx.get(), name));
    return "";
  } catch (const std::runtime_error& e) {
    return e.what();
  }
}

}  // namespace iprobe
