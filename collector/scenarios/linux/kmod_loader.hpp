// Loads the ioctl_probe module through libkmod and unloads it when the guard dies,
// so an exception or Ctrl-C never leaves the probe loaded.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

struct kmod_ctx;
struct kmod_module;

namespace iprobe {

class LoadedModule {
 public:
  // Inserts the module file at `path` or, when `path` is empty, the installed module called
  // `name` with modprobe semantics (libkmod lookup in /lib/modules/RELEASE, e.g. the DKMS
  // build), with the given parameter string. Refuses a module that is already loaded: it was
  // not loaded by this guard, so it is not ours to unload. Throws std::runtime_error with
  // what to do when loading fails (a missing module names the headers package to install).
  LoadedModule(const std::filesystem::path& path, const std::string& name,
               const std::string& params);
  ~LoadedModule();
  LoadedModule(const LoadedModule&) = delete;
  LoadedModule& operator=(const LoadedModule&) = delete;

  // Removes the module now; throws on failure. The destructor does the same quietly.
  void unload();
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  struct CtxDeleter {
    void operator()(kmod_ctx* ctx) const;
  };
  struct ModDeleter {
    void operator()(kmod_module* mod) const;
  };
  std::unique_ptr<kmod_ctx, CtxDeleter> ctx_;
  std::unique_ptr<kmod_module, ModDeleter> mod_;
  std::string name_;
  bool loaded_ = false;
};

// True when this system can load modules at all (/proc/modules exists).
bool module_loading_supported();

// The file of the installed module called `name` for the running kernel, looked up as modprobe
// does (e.g. the DKMS build); "" when there is none or the lookup fails.
std::string find_installed_module(const std::string& name);
// "" when the installed module called `name` is found for the running kernel as modprobe would
// find it, else why not (what to install).
std::string installed_module_problem(const std::string& name);

}  // namespace iprobe
