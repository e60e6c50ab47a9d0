// See build_id.hpp. Read from the PT_NOTE segments of the objects loaded in
// the process (dl_iterate_phdr), not from files: no file to open, no cost
// that grows with the binary.
#include "util/build_id.hpp"

#include <elf.h>
#include <link.h>
#include <sys/auxv.h>

#include <cstring>

#include "util/hash.hpp"

namespace interlink {

namespace {

// Notes are 4-byte aligned in ELF64 executables as Debian's linkers write them.
std::size_t align4(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

// The GNU build ID (hex) in an object's PT_NOTE segments, "" if it has none.
// bias: where the object is mapped, less the addresses it was linked at.
std::string note_build_id(ElfW(Addr) bias, const ElfW(Phdr) * phdr, int phnum) {
  std::string id;
  for (int i = 0; i < phnum; ++i) {
    const auto& ph = phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    const auto* p = reinterpret_cast<const unsigned char*>(bias + ph.p_vaddr);
    std::size_t left = ph.p_memsz;
    while (left >= sizeof(ElfW(Nhdr))) {
      ElfW(Nhdr) nh;
      std::memcpy(&nh, p, sizeof nh);
      const std::size_t name_at = sizeof nh, desc_at = name_at + align4(nh.n_namesz);
      const std::size_t next = desc_at + align4(nh.n_descsz);
      if (next > left || next < desc_at) break;  // a damaged note: stop, no ID
      if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && std::memcmp(p + name_at, "GNU", 4) == 0) {
        static const char* hex = "0123456789abcdef";
        for (std::size_t k = 0; k < nh.n_descsz; ++k) {
          id.push_back(hex[p[desc_at + k] >> 4]);
          id.push_back(hex[p[desc_at + k] & 15]);
        }
        return id;
      }
      p += next;
      left -= next;
    }
  }
  return id;
}

// The program headers of the vDSO, the kernel's code mapped into every
// process (clock_gettime and its kin), or nullptr if the kernel maps none.
const ElfW(Phdr) * vdso_phdr() {
  const auto base = getauxval(AT_SYSINFO_EHDR);
  if (base == 0) return nullptr;
  const auto* ehdr = reinterpret_cast<const ElfW(Ehdr)*>(base);
  return reinterpret_cast<const ElfW(Phdr)*>(base + ehdr->e_phoff);
}

// Appends the object's build ID to the vector at out; every object loaded is
// visited, the main program first. The vDSO is left out: nothing cached is
// computed by it, and it is the kernel's, so with it a kernel update would
// drop every cache, and a program run under valgrind (which maps no vDSO)
// would never read a cache written outside it.
int append_build_id(dl_phdr_info* info, std::size_t /*size*/, void* out) {
  if (info->dlpi_phdr == vdso_phdr()) return 0;
  static_cast<std::vector<std::string>*>(out)->push_back(
      note_build_id(info->dlpi_addr, info->dlpi_phdr, info->dlpi_phnum));
  return 0;
}

}  // namespace

std::vector<std::string> loaded_build_ids() {
  std::vector<std::string> ids;
  dl_iterate_phdr(append_build_id, &ids);
  return ids;
}

std::string vdso_build_id() {
  const auto* phdr = vdso_phdr();
  if (phdr == nullptr) return {};
  const auto* ehdr = reinterpret_cast<const ElfW(Ehdr)*>(getauxval(AT_SYSINFO_EHDR));
  for (int i = 0; i < ehdr->e_phnum; ++i)  // mapped where its first segment says
    if (phdr[i].p_type == PT_LOAD)
      return note_build_id(reinterpret_cast<ElfW(Addr)>(ehdr) - (phdr[i].p_vaddr - phdr[i].p_offset), phdr,
                           ehdr->e_phnum);
  return {};
}

const std::string& build_id() {
  static const std::string id = [] {
    const auto ids = loaded_build_ids();
    // The main program must have one; the libraries' are folded in, "-" for
    // a library without one.
    if (ids.empty() || ids[0].empty()) return std::string();
    std::string all;
    for (const auto& one : ids) all += (one.empty() ? "-" : one) + ".";
    return sha256_hex(all);
  }();
  return id;
}

}  // namespace interlink
