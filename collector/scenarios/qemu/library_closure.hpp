// Finds the dynamic loader and shared libraries an executable needs, so an initramfs can
// carry them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace iprobe {

struct ArchiveFile {
  std::string path_in_archive;  // where the loader looks for it, e.g. "lib64/ld-linux-x86-64.so.2"
  std::filesystem::path real_file;  // symlink-free file on the host holding the contents
};

// Runs `ldd` on `elf` and returns the loader plus every library, each once, in ldd order
// (archive paths are relative, without a leading "/"). A static executable returns an empty
// list. Throws std::runtime_error if `elf` is missing, a library is "not found", or ldd fails.
std::vector<ArchiveFile> shared_library_closure(const std::filesystem::path& elf);

}  // namespace iprobe
