// The transfer-disk format carrying result files from a QEMU guest to the host.
#include "scenarios/qemu/transfer_image.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <stdexcept>
#include <system_error>

namespace iprobe {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMagic = "IOPROBE-XFER 1\n";
constexpr size_t kChunk = 1 << 20;
constexpr size_t kMaxName = 1024;
constexpr size_t kMaxLine = kMaxName + 64;

std::string file_record(uint64_t size, const std::string& name) {
  return "FILE " + std::to_string(size) + " " + name + "\n";
}

std::string end_record(size_t count) { return "END " + std::to_string(count) + "\n"; }

uint64_t source_size(const std::pair<std::string, fs::path>& file) {
  std::error_code ec;
  const uint64_t size = fs::file_size(file.second, ec);
  if (ec) {
    throw std::runtime_error("transfer image: cannot read " + file.second.string() + " (for \"" +
                             file.first + "\"): " + ec.message());
  }
  return size;
}

uint64_t image_size(const TransferFiles& files, const std::vector<uint64_t>& sizes) {
  uint64_t total = kMagic.size() + end_record(files.size()).size();
  for (size_t i = 0; i < files.size(); ++i) {
    total += file_record(sizes[i], files[i].first).size() + sizes[i] + 1;
  }
  return total;
}

void check_names(const TransferFiles& files) {
  std::set<std::string> seen;
  for (const auto& [name, src] : files) {
    if (!valid_transfer_name(name)) {
      throw std::runtime_error("transfer image: invalid name \"" + name + "\" for " + src.string() +
                               "; use a relative path without \"..\"");
    }
    if (!seen.insert(name).second) {
      throw std::runtime_error("transfer image: name \"" + name + "\" given twice");
    }
  }
}

void pwrite_all(int fd, const char* data, size_t size, uint64_t offset) {
  while (size > 0) {
    const ssize_t n = pwrite(fd, data, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw std::system_error(n < 0 ? errno : ENOSPC, std::generic_category(),
                              "transfer image: write at offset " + std::to_string(offset));
    }
    data += n;
    size -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
}

void sync_fd(int fd) {
  if (fsync(fd) != 0) {
    throw std::system_error(errno, std::generic_category(), "transfer image: fsync");
  }
}

std::optional<uint64_t> detect_capacity(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    throw std::system_error(errno, std::generic_category(), "transfer image: fstat");
  }
  if (S_ISBLK(st.st_mode)) {
    uint64_t bytes = 0;
    if (ioctl(fd, BLKGETSIZE64, &bytes) != 0) {
      throw std::system_error(errno, std::generic_category(),
                              "transfer image: BLKGETSIZE64 on the transfer disk");
    }
    return bytes;
  }
  if (S_ISREG(st.st_mode) && st.st_size > 0) return static_cast<uint64_t>(st.st_size);
  return std::nullopt;
}

// Buffers records and file contents, flushing large chunks with pwrite.
class ChunkWriter {
 public:
  ChunkWriter(int fd, uint64_t offset) : fd_(fd), offset_(offset) { buf_.reserve(kChunk); }

  void append(std::string_view data) {
    while (!data.empty()) {
      const size_t take = std::min(data.size(), kChunk - buf_.size());
      buf_.append(data.substr(0, take));
      data.remove_prefix(take);
      if (buf_.size() == kChunk) flush();
    }
  }

  void append_file(const std::string& name, const fs::path& src, uint64_t size) {
    std::ifstream in(src, std::ios::binary);
    if (!in) throw std::runtime_error("transfer image: cannot open " + src.string());
    std::string chunk(kChunk, '\0');
    uint64_t left = size;
    while (left > 0) {
      in.read(chunk.data(), static_cast<std::streamsize>(std::min<uint64_t>(left, kChunk)));
      const auto got = static_cast<size_t>(in.gcount());
      if (got == 0) {
        throw std::runtime_error("transfer image: " + src.string() + " (\"" + name +
                                 "\") shrank while being written; write results before the "
                                 "transfer");
      }
      append(std::string_view(chunk.data(), got));
      left -= got;
    }
    if (in.peek() != std::char_traits<char>::eof()) {
      throw std::runtime_error("transfer image: " + src.string() + " (\"" + name +
                               "\") grew while being written; close it before the transfer");
    }
  }

  void flush() {
    pwrite_all(fd_, buf_.data(), buf_.size(), offset_);
    offset_ += buf_.size();
    buf_.clear();
  }

 private:
  int fd_;
  uint64_t offset_;
  std::string buf_;
};

// Reads an image sequentially, keeping track of the offset for messages.
class ImageReader {
 public:
  explicit ImageReader(const fs::path& path) : path_(path), in_(path, std::ios::binary) {
    if (!in_) {
      throw std::runtime_error("cannot open transfer image " + path.string() +
                               ": did QEMU run with the transfer disk attached?");
    }
  }

  size_t read(char* dst, size_t n) {
    in_.read(dst, static_cast<std::streamsize>(n));
    const auto got = static_cast<size_t>(in_.gcount());
    offset_ += got;
    return got;
  }

  // A '\n'-terminated line without the newline; nullopt at EOF or for an over-long line.
  std::optional<std::string> line() {
    std::string out;
    char c = 0;
    while (read(&c, 1) == 1) {
      if (c == '\n') return out;
      if (out.size() >= kMaxLine) return std::nullopt;
      out += c;
    }
    return std::nullopt;
  }

  uint64_t offset() const { return offset_; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  std::ifstream in_;
  uint64_t offset_ = 0;
};

[[noreturn]] void fail(const ImageReader& r, const std::string& what) {
  throw std::runtime_error("transfer image " + r.path().string() + " (offset " +
                           std::to_string(r.offset()) + "): " + what);
}

std::optional<uint64_t> parse_size(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

void check_header(ImageReader& r) {
  std::string head(kMagic.size(), '\0');
  const size_t got = r.read(head.data(), head.size());
  head.resize(got);
  if (head == kMagic) return;
  const bool zero = std::all_of(head.begin(), head.end(), [](char c) { return c == '\0'; });
  throw std::runtime_error(
      "the guest wrote no results (transfer disk is empty): see console log (" + r.path().string() +
      (zero ? " holds only zeros" : " holds no IOPROBE-XFER header") + ")");
}

// Copies one file's data; a short image removes the partial output and names the file.
TransferredFile extract(ImageReader& r, const std::string& name, uint64_t size,
                        const fs::path& out_dir) {
  const fs::path dest = out_dir / fs::path(name);
  std::error_code ec;
  fs::create_directories(dest.parent_path(), ec);
  std::ofstream out(dest, std::ios::binary | std::ios::trunc);
  if (!out) {
    throw std::runtime_error("cannot create " + dest.string() + " while extracting " +
                             r.path().string() + ": check that the output directory is writable");
  }
  std::string chunk(kChunk, '\0');
  uint64_t left = size;
  while (left > 0) {
    const auto want = static_cast<size_t>(std::min<uint64_t>(left, kChunk));
    const size_t got = r.read(chunk.data(), want);
    out.write(chunk.data(), static_cast<std::streamsize>(got));
    left -= got;
    if (got < want) {
      out.close();
      fs::remove(dest, ec);
      fail(r, "truncated: file \"" + name + "\" is cut short (" + std::to_string(size - left) +
                  " of " + std::to_string(size) + " bytes)");
    }
  }
  char nl = 0;
  if (r.read(&nl, 1) != 1) {
    out.close();
    fs::remove(dest, ec);
    fail(r, "truncated: file \"" + name + "\" is cut short (terminating newline missing)");
  }
  if (nl != '\n') fail(r, "corrupt: the data of \"" + name + "\" does not end where its size says");
  out.close();
  if (!out) throw std::runtime_error("writing " + dest.string() + " failed: check free space");
  return {name, dest, size};
}

}  // namespace

bool valid_transfer_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxName || name.front() == '/') return false;
  if (std::any_of(name.begin(), name.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
      })) {
    return false;
  }
  size_t pos = 0;
  while (pos <= name.size()) {
    auto slash = name.find('/', pos);
    if (slash == std::string_view::npos) slash = name.size();
    const auto part = name.substr(pos, slash - pos);
    if (part.empty() || part == "." || part == "..") return false;
    pos = slash + 1;
  }
  return true;
}

uint64_t transfer_image_size(const TransferFiles& files) {
  std::vector<uint64_t> sizes;
  for (const auto& file : files) sizes.push_back(source_size(file));
  return image_size(files, sizes);
}

void write_transfer_image(int fd, const TransferFiles& files, std::optional<uint64_t> capacity) {
  check_names(files);
  std::vector<uint64_t> sizes;
  for (const auto& file : files) sizes.push_back(source_size(file));
  const uint64_t needed = image_size(files, sizes);
  if (!capacity) capacity = detect_capacity(fd);
  if (capacity && needed > *capacity) {
    throw std::runtime_error("transfer image: the results need " + std::to_string(needed) +
                             " bytes but the transfer disk holds only " +
                             std::to_string(*capacity) + "; enlarge the transfer disk image");
  }
  // Invalidate any earlier image first; the header goes in last.
  const std::string zeros(kMagic.size(), '\0');
  pwrite_all(fd, zeros.data(), zeros.size(), 0);
  sync_fd(fd);
  ChunkWriter body(fd, kMagic.size());
  for (size_t i = 0; i < files.size(); ++i) {
    body.append(file_record(sizes[i], files[i].first));
    body.append_file(files[i].first, files[i].second, sizes[i]);
    body.append("\n");
  }
  body.append(end_record(files.size()));
  body.flush();
  sync_fd(fd);
  pwrite_all(fd, kMagic.data(), kMagic.size(), 0);
  sync_fd(fd);
}

void write_transfer_image(const fs::path& target, const TransferFiles& files,
                          std::optional<uint64_t> capacity) {
  const int fd = open(target.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw std::system_error(
        errno, std::generic_category(),
        "cannot open transfer disk " + target.string() + " (is the virtio-blk disk attached?)");
  }
  try {
    write_transfer_image(fd, files, capacity);
  } catch (...) {
    close(fd);
    throw;
  }
  if (close(fd) != 0) {
    throw std::system_error(errno, std::generic_category(), "closing " + target.string());
  }
}

TransferResult read_transfer_image(const fs::path& image, const fs::path& out_dir) {
  ImageReader r(image);
  check_header(r);
  TransferResult result;
  std::set<std::string> seen;
  for (;;) {
    const auto line = r.line();
    if (!line) {
      const std::string after =
          result.files.empty() ? "the header" : "file \"" + result.files.back().name + "\"";
      fail(r, "truncated after " + after + " (no END record): the guest stopped while writing");
    }
    if (line->starts_with("END ")) {
      const auto count = parse_size(std::string_view(*line).substr(4));
      if (!count || *count != result.files.size()) {
        fail(r, "END record \"" + *line + "\" disagrees with the " +
                    std::to_string(result.files.size()) + " files read");
      }
      return result;
    }
    if (!line->starts_with("FILE ")) fail(r, "unexpected record \"" + line->substr(0, 80) + "\"");
    const std::string_view rest = std::string_view(*line).substr(5);
    const auto space = rest.find(' ');
    const auto size = parse_size(rest.substr(0, space));
    if (space == std::string_view::npos || !size) {
      fail(r, "malformed FILE record \"" + line->substr(0, 80) + "\"");
    }
    const std::string name(rest.substr(space + 1));
    if (!valid_transfer_name(name)) {
      fail(r, "rejected file name \"" + name + "\" (absolute, \"..\" or control characters)");
    }
    if (!seen.insert(name).second) fail(r, "file \"" + name + "\" appears twice");
    result.files.push_back(extract(r, name, *size, out_dir));
  }
}

}  // namespace iprobe
