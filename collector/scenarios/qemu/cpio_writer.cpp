// newc cpio writer for initramfs images.
#include "scenarios/qemu/cpio_writer.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace iprobe {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kPermMask = 07777;
constexpr size_t kCopyChunk = 1 << 20;

// "./a//b/" -> "a/b"; rejects empty results and ".." components.
std::string normalize(const std::string& raw, const fs::path& archive) {
  std::string out;
  size_t pos = 0;
  while (pos <= raw.size()) {
    auto slash = raw.find('/', pos);
    if (slash == std::string::npos) slash = raw.size();
    const std::string part = raw.substr(pos, slash - pos);
    pos = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      throw std::runtime_error("cpio archive " + archive.string() + ": path \"" + raw +
                               "\" contains \"..\"; pass a path below the archive root");
    }
    if (!out.empty()) out += '/';
    out += part;
  }
  if (out.empty()) {
    throw std::runtime_error("cpio archive " + archive.string() + ": empty path \"" + raw +
                             "\"; name an entry below the archive root");
  }
  return out;
}

}  // namespace

CpioWriter::CpioWriter(fs::path out) : path_(std::move(out)) {
  out_.open(path_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    throw std::runtime_error("cannot create cpio archive " + path_.string() +
                             ": check that its directory exists and is writable");
  }
}

CpioWriter::~CpioWriter() {
  if (finished_) return;
  out_.close();
  std::error_code ec;
  fs::remove(path_, ec);  // an archive without trailer is useless; never leave it behind
}

void CpioWriter::check_open() const {
  if (finished_) {
    throw std::logic_error("cpio archive " + path_.string() + ": entry added after finish()");
  }
}

void CpioWriter::write_bytes(const char* data, size_t size) {
  out_.write(data, static_cast<std::streamsize>(size));
  if (!out_) {
    throw std::runtime_error("write to cpio archive " + path_.string() +
                             " failed: check free disk space");
  }
  offset_ += size;
}

void CpioWriter::pad() {
  static constexpr std::array<char, 4> kZeros{};
  const size_t rem = offset_ % 4;
  if (rem != 0) write_bytes(kZeros.data(), 4 - rem);
}

void CpioWriter::write_header(const std::string& name, const Header& h, uint32_t ino) {
  if (h.filesize > std::numeric_limits<uint32_t>::max()) {
    throw std::runtime_error("cpio archive " + path_.string() + ": \"" + name +
                             "\" is larger than the 4 GiB newc limit");
  }
  // magic + 13 fields of 8 hex digits + NUL from snprintf.
  std::array<char, 6 + 13 * 8 + 1> buf{};
  const int n = std::snprintf(
      buf.data(), buf.size(), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", ino,
      h.mode, 0u, 0u, h.nlink, 0u, static_cast<uint32_t>(h.filesize), 0u, 0u, h.rdev_major,
      h.rdev_minor, static_cast<uint32_t>(name.size() + 1), 0u);
  if (n != 110) throw std::logic_error("cpio header formatting produced a wrong length");
  write_bytes(buf.data(), 110);
  write_bytes(name.c_str(), name.size() + 1);  // namesize includes the NUL
  pad();
}

std::string CpioWriter::prepare(const std::string& path) {
  check_open();
  std::string name = normalize(path, path_);
  // Emit every missing parent, outermost first.
  for (size_t slash = name.find('/'); slash != std::string::npos;
       slash = name.find('/', slash + 1)) {
    const std::string parent = name.substr(0, slash);
    if (directories_.count(parent) != 0) continue;
    if (entries_.count(parent) != 0) {
      throw std::runtime_error("cpio archive " + path_.string() + ": \"" + parent +
                               "\" is not a directory but \"" + name + "\" needs it as one");
    }
    write_header(parent, Header{.mode = S_IFDIR | 0755, .nlink = 2}, next_ino_++);
    directories_.insert(parent);
  }
  return name;
}

void CpioWriter::claim(const std::string& name) {
  if (directories_.count(name) != 0 || !entries_.insert(name).second) {
    throw std::runtime_error("cpio archive " + path_.string() + ": duplicate entry \"" + name +
                             "\"; add each path once");
  }
}

void CpioWriter::add_directory(const std::string& path, uint32_t mode) {
  const std::string name = prepare(path);
  if (directories_.count(name) != 0) return;
  if (entries_.count(name) != 0) {
    throw std::runtime_error("cpio archive " + path_.string() + ": \"" + name +
                             "\" already added as a non-directory");
  }
  write_header(name, Header{.mode = S_IFDIR | (mode & kPermMask), .nlink = 2}, next_ino_++);
  directories_.insert(name);
}

void CpioWriter::add_file_from_memory(const std::string& path, std::string_view data,
                                      uint32_t mode) {
  const std::string name = prepare(path);
  claim(name);
  write_header(name, Header{.mode = S_IFREG | (mode & kPermMask), .filesize = data.size()},
               next_ino_++);
  write_bytes(data.data(), data.size());
  pad();
}

void CpioWriter::add_file_from_disk(const std::string& path_in_archive, const fs::path& src,
                                    uint32_t mode) {
  std::ifstream in(src, std::ios::binary);
  std::error_code ec;
  const uint64_t size = fs::file_size(src, ec);
  if (!in || ec) {
    throw std::runtime_error("cpio archive " + path_.string() + ": cannot read " + src.string() +
                             ": check that the file exists and is readable");
  }
  const std::string name = prepare(path_in_archive);
  claim(name);
  write_header(name, Header{.mode = S_IFREG | (mode & kPermMask), .filesize = size}, next_ino_++);
  std::vector<char> buf(kCopyChunk);
  uint64_t left = size;
  while (left > 0) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(left, buf.size()));
    in.read(buf.data(), static_cast<std::streamsize>(want));
    const auto got = static_cast<size_t>(in.gcount());
    if (got == 0) {
      throw std::runtime_error("cpio archive " + path_.string() + ": " + src.string() +
                               " shrank while being archived; rebuild the image");
    }
    write_bytes(buf.data(), got);
    left -= got;
  }
  pad();
}

void CpioWriter::add_char_device(const std::string& path, uint32_t mode, uint32_t major,
                                 uint32_t minor) {
  const std::string name = prepare(path);
  claim(name);
  write_header(
      name, Header{.mode = S_IFCHR | (mode & kPermMask), .rdev_major = major, .rdev_minor = minor},
      next_ino_++);
}

void CpioWriter::add_symlink(const std::string& path, std::string target) {
  const std::string name = prepare(path);
  if (target.empty()) {
    throw std::runtime_error("cpio archive " + path_.string() + ": symlink \"" + name +
                             "\" has an empty target");
  }
  claim(name);
  write_header(name, Header{.mode = S_IFLNK | 0777, .filesize = target.size()}, next_ino_++);
  write_bytes(target.data(), target.size());
  pad();
}

void CpioWriter::finish() {
  check_open();
  write_header("TRAILER!!!", Header{}, 0);
  out_.close();
  if (!out_) {
    throw std::runtime_error("closing cpio archive " + path_.string() +
                             " failed: check free disk space");
  }
  finished_ = true;
}

}  // namespace iprobe
