#include "rewriter/target.hpp"

#include <cstring>
#include <stdexcept>

#include "common/sha256_file.hpp"
#include "rewriter/hex.hpp"

namespace sysrw {

namespace {

constexpr const char* kDefaultKernelSymbol = "sys_ioctl";

const Symbol* find_function(const ElfImage& image, const std::string& name) {
  for (const auto& s : image.symbols())
    if (s.name == name && (s.type == STT_FUNC || s.type == STT_NOTYPE) && s.shndx != SHN_UNDEF)
      return &s;
  return nullptr;
}

bool in_executable_segment(const ElfImage& image, uint64_t addr) {
  for (const auto& p : image.segments())
    if (p.p_type == PT_LOAD && (p.p_flags & PF_X) && addr >= p.p_vaddr &&
        addr - p.p_vaddr < p.p_memsz)
      return true;
  return false;
}

std::string symbol_type_name(unsigned char type) {
  switch (type) {
    case STT_NOTYPE:
      return "STT_NOTYPE";
    case STT_FUNC:
      return "STT_FUNC";
    case STT_SECTION:
      return "STT_SECTION";
    case STT_TLS:
      return "STT_TLS";
    default:
      return "type " + std::to_string(type);
  }
}

bool canonical(uint64_t a) {
  auto top = static_cast<int64_t>(a) >> 47;
  return top == 0 || top == -1;
}

}  // namespace

TargetSpec parse_target(const std::string& text) {
  TargetSpec t;
  if (text == "passthrough") return t;
  if (text == "int3") {
    t.kind = TargetSpec::Kind::kInt3;
    return t;
  }
  if (text.rfind("local:", 0) == 0) {
    t.kind = TargetSpec::Kind::kLocal;
    t.symbol = text.substr(6);
    if (t.symbol.empty()) throw std::invalid_argument("--target local:SYMBOL needs a symbol name");
    return t;
  }
  if (text.rfind("kernel:", 0) == 0) {
    t.kind = TargetSpec::Kind::kKernel;
    std::string rest = text.substr(7);
    auto colon = rest.rfind(':');
    if (colon != std::string::npos) {
      t.symbol = rest.substr(colon + 1);
      rest = rest.substr(0, colon);
    }
    if (t.symbol.empty()) t.symbol = kDefaultKernelSymbol;
    if (rest.empty()) throw std::invalid_argument("--target kernel:IMAGE[:SYMBOL] needs an image");
    t.image = rest;
    return t;
  }
  throw std::invalid_argument(
      "--target must be passthrough, local:SYMBOL, kernel:IMAGE[:SYMBOL] or int3, got '" + text +
      "'");
}

BindSpec parse_bind(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument("--bind needs SYMBOL=kernel:IMAGE[:FUNC], got '" + text + "'");
  BindSpec b;
  b.symbol = text.substr(0, eq);
  std::string rest = text.substr(eq + 1);
  if (rest.rfind("kernel:", 0) != 0)
    throw std::invalid_argument("--bind " + b.symbol + "= needs kernel:IMAGE[:FUNC], got '" + rest +
                                "'");
  b.kernel = parse_target(rest);
  return b;
}

std::string sha256_file(const std::filesystem::path& path) {
  try {
    return iprobe::sha256_file(path);
  } catch (const iprobe::FileReadError& e) {
    throw InputError(e.what());
  }
}

std::string ResolvedTarget::describe() const {
  switch (spec.kind) {
    case TargetSpec::Kind::kPassthrough:
      return "target=passthrough";
    case TargetSpec::Kind::kInt3:
      return "target=int3";
    case TargetSpec::Kind::kLocal:
      return "target=local symbol=" + spec.symbol + " addr=" + hex(address);
    case TargetSpec::Kind::kKernel:
      return "target=kernel image=" + spec.image.filename().string() + " symbol=" + spec.symbol +
             " addr=" + hex(address) + " sha256=" + image_sha256 +
             " build-id=" + (image_build_id.empty() ? "none" : image_build_id) +
             " vector-registers=" + (image_uses_vector ? "used" : "none");
  }
  return "";
}

std::string ResolvedBind::describe() const {
  return "bind=" + spec.symbol + "@" + hex(slot) +
         " image=" + spec.kernel.image.filename().string() + " function=" + spec.kernel.symbol +
         " addr=" + hex(function.address) + " sha256=" + function.image_sha256 +
         " build-id=" + (function.image_build_id.empty() ? "none" : function.image_build_id);
}

ResolvedBind resolve_bind(const BindSpec& spec, const ElfImage& binary) {
  const std::string what = binary.name() + ": --bind " + spec.symbol + ": ";
  const Symbol* sym = nullptr;
  for (const auto& s : binary.symbols()) {
    if (s.name != spec.symbol || s.shndx == SHN_UNDEF) continue;
    if (sym) throw InputError(what + "more than one symbol has this name");
    sym = &s;
  }
  if (!sym) throw InputError(what + "no such symbol in the binary's symbol table (stripped?)");
  if (sym->type != STT_OBJECT)
    throw InputError(what + "not a data object (STT_OBJECT) but " + symbol_type_name(sym->type));
  if (sym->size != 8)
    throw InputError(what + "the object is " + std::to_string(sym->size) +
                     " bytes, not 8 (a function pointer)");
  // libelf's section list starts at index 1.
  if (sym->shndx >= SHN_LORESERVE || sym->shndx > binary.sections().size())
    throw InputError(what + "not defined in a section of the binary (section index " +
                     std::to_string(sym->shndx) + ")");
  const Section& sec = binary.sections()[sym->shndx - 1];
  const std::string in = "the object at " + hex(sym->value) + " is in " + sec.name + ", ";
  if (!sec.has_file_bytes())
    throw InputError(what + in +
                     "which has no file bytes (SHT_NOBITS): give the pointer an "
                     "initial value so that it is in .data");
  if (sec.type != SHT_PROGBITS || !sec.allocated())
    throw InputError(what + in + "not an allocated PROGBITS section");
  if (!(sec.flags & SHF_WRITE) || sec.executable())
    throw InputError(what + in + "not a writable data section");
  if (sym->value < sec.addr || sym->value + 8 > sec.addr + sec.size)
    throw InputError(what + "the object at " + hex(sym->value) + " lies outside its section " +
                     sec.name);
  if (binary.is_pie())
    throw InputError(what +
                     "the binary is position independent (ET_DYN): its start-up code "
                     "relocates data, which would overwrite the bound address");
  auto off = binary.offset_of(sym->value);
  auto bytes = binary.bytes_at(sym->value, 8);
  if (!off || bytes.empty())
    throw InputError(what + "the object at " + hex(sym->value) + " is not backed by the file");

  ResolvedBind r;
  r.spec = spec;
  r.slot = sym->value;
  r.slot_offset = *off;
  std::memcpy(&r.old_value, bytes.data(), 8);
  r.function = resolve_target(spec.kernel, binary);
  return r;
}

ResolvedTarget resolve_target(const TargetSpec& spec, const ElfImage& binary) {
  ResolvedTarget r{spec, 0, false, {}, {}, {}, false, {}};
  if (!spec.calls_function()) return r;

  if (spec.kind == TargetSpec::Kind::kLocal) {
    const Symbol* s = find_function(binary, spec.symbol);
    if (!s)
      throw InputError(binary.name() + ": no function symbol '" + spec.symbol +
                       "' for --target local: (is the binary stripped?)");
    if (!in_executable_segment(binary, s->value))
      throw InputError(binary.name() + ": symbol '" + spec.symbol + "' at " + hex(s->value) +
                       " is not in an executable segment");
    r.address = s->value;
    r.callee = summarize_callee(binary, s->value, s->size);
    return r;  // call rel32 (position independent); reach is checked per trampoline
  }

  ElfImage kernel = ElfImage::load(spec.image);
  const Symbol* s = find_function(kernel, spec.symbol);
  if (!s)
    throw InputError(kernel.name() + ": no function symbol '" + spec.symbol +
                     "' in the kernel image (give another one with kernel:IMAGE:SYMBOL)");
  if (!in_executable_segment(kernel, s->value))
    throw InputError(kernel.name() + ": symbol '" + spec.symbol + "' at " + hex(s->value) +
                     " is not in an executable segment of the image");
  if (s->value == 0 || !canonical(s->value))
    throw InputError(kernel.name() + ": symbol '" + spec.symbol + "' has unusable address " +
                     hex(s->value));
  if (kernel.is_pie())
    throw InputError(kernel.name() +
                     ": the kernel image is position independent (ET_DYN): its "
                     "symbol addresses are not the run-time ones");
  // The two images must not overlap, or the loader could not place both.
  for (const auto& kp : kernel.segments()) {
    if (kp.p_type != PT_LOAD) continue;
    r.image_ranges.emplace_back(kp.p_vaddr, kp.p_vaddr + kp.p_memsz);
    for (const auto& bp : binary.segments()) {
      if (bp.p_type != PT_LOAD) continue;
      if (kp.p_vaddr < bp.p_vaddr + bp.p_memsz && bp.p_vaddr < kp.p_vaddr + kp.p_memsz)
        throw InputError(binary.name() + ": segment at " + hex(bp.p_vaddr) +
                         " overlaps the kernel image's segment at " + hex(kp.p_vaddr) +
                         " (link the application elsewhere)");
    }
  }
  r.address = s->value;
  r.absolute = true;
  r.callee = summarize_callee(kernel, s->value, s->size);
  r.image_uses_vector = code_uses_vector_registers(kernel);
  r.image_sha256 = sha256_file(spec.image);
  r.image_build_id = kernel.build_id();
  return r;
}

}  // namespace sysrw
