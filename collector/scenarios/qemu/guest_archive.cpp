#include "scenarios/qemu/guest_archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace iprobe {
namespace {

constexpr std::size_t kCopyChunk = 1 << 16;

struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};
using Entry = std::unique_ptr<archive_entry, EntryDeleter>;

struct ArchiveDeleter {
  bool reading = false;
  void operator()(archive* a) const {
    if (reading) {
      archive_read_free(a);
    } else {
      archive_write_free(a);
    }
  }
};
using Archive = std::unique_ptr<archive, ArchiveDeleter>;

void check(archive* a, int status, const std::string& what) {
  if (status < ARCHIVE_WARN)
    throw std::runtime_error(
        what + ": " + (archive_error_string(a) ? archive_error_string(a) : "libarchive error"));
}

struct FileDescriptor {
  explicit FileDescriptor(int descriptor) : fd(descriptor) {}
  int fd;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

// Streams `source` into the current entry of `a`.
void copy_file_data(archive* a, const fs::path& source) {
  std::ifstream in(source, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + source.string());
  std::array<char, kCopyChunk> buffer{};
  while (in) {
    in.read(buffer.data(), buffer.size());
    const std::streamsize got = in.gcount();
    if (got > 0 && archive_write_data(a, buffer.data(), static_cast<size_t>(got)) != got)
      throw std::runtime_error("cannot archive " + source.string() + ": " +
                               archive_error_string(a));
  }
}

}  // namespace

InitramfsWriter::InitramfsWriter(const fs::path& out) : path_(out), archive_(archive_write_new()) {
  check(archive_, archive_write_set_format_cpio_newc(archive_), "initramfs");
  check(archive_, archive_write_add_filter_none(archive_), "initramfs");
  check(archive_, archive_write_open_filename(archive_, out.c_str()),
        "cannot create the initramfs " + out.string());
}

InitramfsWriter::~InitramfsWriter() {
  archive_write_free(archive_);
  if (!finished_) {
    std::error_code ec;
    fs::remove(path_, ec);
  }
}

std::string InitramfsWriter::prepare(const std::string& path) {
  std::string name = path;
  while (!name.empty() && name.front() == '/') name.erase(0, 1);
  if (name.empty() || fs::path(name).lexically_normal().string() != name ||
      name.find("..") != std::string::npos)
    throw std::runtime_error("initramfs: bad path '" + path + "'");
  for (size_t slash = name.find('/'); slash != std::string::npos;
       slash = name.find('/', slash + 1)) {
    const std::string parent = name.substr(0, slash);
    if (directories_.insert(parent).second) write_entry(parent, S_IFDIR | 0755, 0);
  }
  return name;
}

void InitramfsWriter::write_entry(const std::string& name, unsigned type_and_mode, int64_t size,
                                  unsigned rdev_major, unsigned rdev_minor) {
  Entry entry(archive_entry_new());
  archive_entry_set_pathname(entry.get(), name.c_str());
  archive_entry_set_mode(entry.get(), type_and_mode);
  archive_entry_set_size(entry.get(), size);
  archive_entry_set_uid(entry.get(), 0);
  archive_entry_set_gid(entry.get(), 0);
  archive_entry_set_mtime(entry.get(), 0, 0);
  archive_entry_set_nlink(entry.get(), S_ISDIR(type_and_mode) ? 2 : 1);
  if (S_ISCHR(type_and_mode)) archive_entry_set_rdev(entry.get(), makedev(rdev_major, rdev_minor));
  check(archive_, archive_write_header(archive_, entry.get()), "initramfs entry " + name);
}

void InitramfsWriter::add_directory(const std::string& path, unsigned mode) {
  const std::string name = prepare(path);
  if (directories_.insert(name).second) write_entry(name, S_IFDIR | (mode & 07777), 0);
}

void InitramfsWriter::add_char_device(const std::string& path, unsigned mode, unsigned major,
                                      unsigned minor) {
  write_entry(prepare(path), S_IFCHR | (mode & 07777), 0, major, minor);
}

void InitramfsWriter::add_file(const std::string& path, const fs::path& source, unsigned mode) {
  const std::string name = prepare(path);
  std::error_code ec;
  const auto size = fs::file_size(source, ec);
  if (ec)
    throw std::runtime_error("initramfs: cannot read " + source.string() + ": " + ec.message());
  write_entry(name, S_IFREG | (mode & 07777), static_cast<int64_t>(size));
  copy_file_data(archive_, source);
}

void InitramfsWriter::finish() {
  check(archive_, archive_write_close(archive_), "cannot finish the initramfs " + path_.string());
  finished_ = true;
}

void write_results_tar(const fs::path& target, const ResultFiles& files) {
  Archive a(archive_write_new(), ArchiveDeleter{false});
  check(a.get(), archive_write_set_format_pax_restricted(a.get()), "results archive");
  check(a.get(), archive_write_add_filter_none(a.get()), "results archive");
  // A block device takes whole blocks; the last one is padded, never cut.
  check(a.get(), archive_write_set_bytes_in_last_block(a.get(), 0), "results archive");
  // Opened without O_TRUNC: the archive goes into the disk from its first block.
  const FileDescriptor disk(::open(target.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
  const int fd = disk.fd;
  if (fd < 0) throw std::runtime_error("cannot open " + target.string() + " for the results");
  check(a.get(), archive_write_open_fd(a.get(), fd), "cannot open " + target.string());
  for (const auto& [name, source] : files) {
    std::error_code ec;
    const auto size = fs::file_size(source, ec);
    if (ec) throw std::runtime_error("cannot read " + source.string() + ": " + ec.message());
    Entry entry(archive_entry_new());
    archive_entry_set_pathname(entry.get(), name.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), static_cast<int64_t>(size));
    check(a.get(), archive_write_header(a.get(), entry.get()), "results archive entry " + name);
    copy_file_data(a.get(), source);
  }
  check(a.get(), archive_write_close(a.get()), "cannot finish the results on " + target.string());
  if (::fsync(fd) != 0) throw std::runtime_error("cannot sync the results to " + target.string());
}

std::vector<std::string> extract_results_tar(const fs::path& image, const fs::path& out_dir) {
  Archive a(archive_read_new(), ArchiveDeleter{true});
  archive_read_support_format_tar(a.get());
  check(a.get(), archive_read_open_filename(a.get(), image.c_str(), kCopyChunk),
        "cannot read the transfer disk " + image.string());
  fs::create_directories(out_dir);
  std::vector<std::string> names;
  archive_entry* entry = nullptr;
  for (int status; (status = archive_read_next_header(a.get(), &entry)) != ARCHIVE_EOF;) {
    if (status < ARCHIVE_WARN) {
      if (names.empty())
        throw std::runtime_error("the transfer disk holds no results (the guest wrote none)");
      throw std::runtime_error("the results on the transfer disk are cut short after " +
                               names.back() + ": " + archive_error_string(a.get()));
    }
    const std::string name = archive_entry_pathname(entry);
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
      throw std::runtime_error("the transfer disk names a file '" + name +
                               "' outside the results folder");
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    std::ofstream out(out_dir / name, std::ios::binary | std::ios::trunc);
    const void* block = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    while ((status = archive_read_data_block(a.get(), &block, &size, &offset)) == ARCHIVE_OK)
      out.write(static_cast<const char*>(block), static_cast<std::streamsize>(size));
    if (status != ARCHIVE_EOF || !out)
      throw std::runtime_error("the results on the transfer disk are cut short in " + name);
    names.push_back(name);
  }
  if (names.empty())
    throw std::runtime_error("the transfer disk holds no results (the guest wrote none)");
  return names;
}

}  // namespace iprobe
