// Writes an uncompressed "newc" (070701) cpio archive, the format of a Linux initramfs,
// without needing root: ownership is always 0:0 and mtimes are 0 for reproducible images.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <string_view>

// shared_library_closure() lives next door; included here because its callers build archives.
#include "scenarios/qemu/library_closure.hpp"

namespace iprobe {

class CpioWriter {
 public:
  // Creates (truncates) `out`. Throws std::runtime_error if it cannot be opened.
  explicit CpioWriter(std::filesystem::path out);
  // An archive never finish()ed is incomplete: the destructor closes and deletes it.
  ~CpioWriter();
  CpioWriter(const CpioWriter&) = delete;
  CpioWriter& operator=(const CpioWriter&) = delete;
  CpioWriter(CpioWriter&&) = delete;
  CpioWriter& operator=(CpioWriter&&) = delete;

  // Paths are archive-relative ("bin/sh"; a leading "/" or "./" is dropped; ".." is rejected).
  // Missing parent directories are added automatically with mode 0755. `mode` holds the
  // permission bits only (07777); the file type is implied by the call.
  // Adding a directory that already exists is a no-op; any other duplicate path throws.
  void add_directory(const std::string& path, uint32_t mode = 0755);
  void add_file_from_disk(const std::string& path_in_archive, const std::filesystem::path& src,
                          uint32_t mode = 0755);
  void add_file_from_memory(const std::string& path, std::string_view data, uint32_t mode = 0644);
  void add_char_device(const std::string& path, uint32_t mode, uint32_t major, uint32_t minor);
  void add_symlink(const std::string& path, std::string target);
  // Writes the TRAILER!!! entry and closes the file. No further adds are allowed.
  void finish();

 private:
  struct Header {
    uint32_t mode = 0;
    uint32_t nlink = 1;
    uint64_t filesize = 0;
    uint32_t rdev_major = 0;
    uint32_t rdev_minor = 0;
  };
  std::string prepare(const std::string& path);  // normalizes, checks, emits parents
  void claim(const std::string& name);           // throws on a duplicate non-directory entry
  void write_header(const std::string& name, const Header& h, uint32_t ino);
  void write_bytes(const char* data, size_t size);
  void pad();
  void check_open() const;

  std::filesystem::path path_;
  std::ofstream out_;
  uint64_t offset_ = 0;
  uint32_t next_ino_ = 1;
  std::set<std::string> directories_;
  std::set<std::string> entries_;
  bool finished_ = false;
};

}  // namespace iprobe
