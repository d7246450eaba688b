// The sha256 of a file, as the run records name a loop binary and the syscall-rewriter names
// the kernel image a binary was rewritten for.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace iprobe {

// The file cannot be opened or read; what() names it.
struct FileReadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Lowercase hex (64 characters). Throws FileReadError, or std::runtime_error when OpenSSL fails.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace iprobe
