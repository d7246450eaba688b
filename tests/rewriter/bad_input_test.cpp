// Inputs the rewriter refuses, with a message that says why.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace sysrw::test {
namespace {

std::string refusal_of(const std::vector<uint8_t>& bytes) {
  try {
    auto img = ElfImage::parse(bytes, "input");
    rewrite(img, {});
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::vector<uint8_t> file_bytes(const std::string& name) {
  return ElfImage::load(snippet(name)).bytes();
}

TEST(BadInput, NotAnElf) {
  std::vector<uint8_t> text = {'#', '!', '/', 'b', 'i', 'n', '/', 's', 'h', '\n'};
  EXPECT_NE(refusal_of(text).find("not an ELF"), std::string::npos);
  EXPECT_NE(refusal_of({}).find("not an ELF"), std::string::npos);
}

TEST(BadInput, ThirtyTwoBit) {
  auto b = file_bytes("cases");
  b[EI_CLASS] = ELFCLASS32;
  EXPECT_NE(refusal_of(b).find("64-bit"), std::string::npos);
}

TEST(BadInput, Truncated) {
  auto b = file_bytes("cases");
  for (size_t keep : {size_t{20}, size_t{100}, b.size() / 2, b.size() - 1}) {
    std::vector<uint8_t> cut(b.begin(), b.begin() + static_cast<ptrdiff_t>(keep));
    EXPECT_NE(refusal_of(cut).find("truncated"), std::string::npos) << "kept " << keep;
  }
}

TEST(BadInput, Dynamic) {
  EXPECT_NE(refusal_of(file_bytes("dynamic")).find("dynamically linked"), std::string::npos);
}

TEST(BadInput, NoSyscall) {
  EXPECT_NE(refusal_of(file_bytes("nosyscall")).find("no syscall"), std::string::npos);
}

TEST(BadInput, OtherMachine) {
  auto b = file_bytes("cases");
  b[18] = 0xb7;  // e_machine = EM_AARCH64
  b[19] = 0x00;
  EXPECT_NE(refusal_of(b).find("x86-64"), std::string::npos);
}

}  // namespace
}  // namespace sysrw::test
