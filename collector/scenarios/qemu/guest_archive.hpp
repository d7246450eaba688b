// The two archives between host and guest, both written and read with libarchive:
//  - the initramfs the host builds (cpio "newc", the format the kernel unpacks), and
//  - the guest's results, a tar stream the guest writes onto a raw virtio disk and the host
//    extracts (anything after the tar's end-of-archive blocks is ignored).
#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

struct archive;

namespace iprobe {

// Writes an initramfs: ownership 0:0 and mtime 0, so images are reproducible and need no root.
// Paths are archive-relative ("bin/sh"; a leading "/" is dropped, ".." is refused); parent
// directories are added as needed (the kernel creates none).
class InitramfsWriter {
 public:
  explicit InitramfsWriter(const std::filesystem::path& out);  // throws when it cannot
  ~InitramfsWriter();
  InitramfsWriter(const InitramfsWriter&) = delete;
  InitramfsWriter& operator=(const InitramfsWriter&) = delete;

  void add_directory(const std::string& path, unsigned mode = 0755);
  void add_char_device(const std::string& path, unsigned mode, unsigned major, unsigned minor);
  void add_file(const std::string& path, const std::filesystem::path& source, unsigned mode);
  // Ends the archive; an archive never finished is removed by the destructor.
  void finish();

 private:
  std::string prepare(const std::string& path);  // normalised, parents written
  void write_entry(const std::string& name, unsigned type_and_mode, int64_t size,
                   unsigned rdev_major = 0, unsigned rdev_minor = 0);

  std::filesystem::path path_;
  archive* archive_ = nullptr;
  std::set<std::string> directories_;
  bool finished_ = false;
};

// {name in the archive (a plain file name), file to read}.
using ResultFiles = std::vector<std::pair<std::string, std::filesystem::path>>;

// Guest side: writes `files` as a tar stream to `target` (e.g. /dev/vda) and syncs it.
void write_results_tar(const std::filesystem::path& target, const ResultFiles& files);

// Host side: extracts the regular files of the tar at the start of `image` into `out_dir`,
// returning their names. Throws std::runtime_error when the image holds no archive, is cut
// short, or names a file with a directory part.
std::vector<std::string> extract_results_tar(const std::filesystem::path& image,
                                             const std::filesystem::path& out_dir);

}  // namespace iprobe
