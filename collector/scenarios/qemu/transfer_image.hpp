// Moves result files out of a QEMU guest through a raw virtio-blk disk.
//
// Format: "IOPROBE-XFER 1\n", then per file "FILE <size> <name>\n" + <size> raw bytes + "\n",
// then "END <file-count>\n". Anything after END is ignored. Names are relative paths
// ("a/b.txt") without "." / ".." components, empty components or control characters.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iprobe {

// {name in the image, file to read on this side}.
using TransferFiles = std::vector<std::pair<std::string, std::filesystem::path>>;

struct TransferredFile {
  std::string name;            // name recorded in the image
  std::filesystem::path path;  // where it was extracted
  uint64_t size = 0;
};

struct TransferResult {
  std::vector<TransferredFile> files;  // in image order
};

// Exact number of bytes write_transfer_image needs for these files.
uint64_t transfer_image_size(const TransferFiles& files);

// Guest side. Writes the image to `fd` from offset 0 and fsyncs. Capacity: `capacity` if
// given, else the block device size (BLKGETSIZE64), else the size of a non-empty regular file;
// an empty regular file may grow. Throws before writing anything if the files do not fit or a
// name is invalid. The header is written last, so a guest dying mid-write leaves an image the
// host reports as empty rather than a half-valid one.
void write_transfer_image(int fd, const TransferFiles& files,
                          std::optional<uint64_t> capacity = std::nullopt);
// Same, opening `target` (e.g. "/dev/vda") for writing; a missing path is created.
void write_transfer_image(const std::filesystem::path& target, const TransferFiles& files,
                          std::optional<uint64_t> capacity = std::nullopt);

// Host side. Validates `image` and extracts its files below `out_dir` (created if needed),
// streaming with bounded memory. Throws std::runtime_error for an empty/garbage image, a
// truncated one (naming the file cut short), invalid names and duplicates.
TransferResult read_transfer_image(const std::filesystem::path& image,
                                   const std::filesystem::path& out_dir);

// True if `name` is acceptable as a file name inside a transfer image.
bool valid_transfer_name(std::string_view name);

}  // namespace iprobe
