// See build_id.hpp. Read from the PT_NOTE segments of the objects loaded in
// the process (dl_iterate_phdr), not from files: no file to open, no cost
// that grows with the binary.
#include "util/build_id.hpp"

#include <elf.h>
#include <link.h>

#include <cstring>

#include "util/hash.hpp"

namespace interlink {

namespace {

// Notes are 4-byte aligned in ELF64 executables as Debian's linkers write them.
std::size_t align4(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

// Appends the object's build ID (hex) and a separator to *out; every object
// loaded is visited, the main program first.
int append_build_id(dl_phdr_info* info, std::size_t /*size*/, void* out) {
  auto* id = static_cast<std::string*>(out);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const auto& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    const auto* p = reinterpret_cast<const unsigned char*>(info->dlpi_addr + ph.p_vaddr);
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
          id->push_back(hex[p[desc_at + k] >> 4]);
          id->push_back(hex[p[desc_at + k] & 15]);
        }
        id->push_back('.');
        return 0;
      }
      p += next;
      left -= next;
    }
  }
  id->push_back('-');  // an object without a build ID
  return 0;
}

}  // namespace

const std::string& build_id() {
  static const std::string id = [] {
    std::string ids;
    dl_iterate_phdr(append_build_id, &ids);
    // The main program must have one; the libraries' are folded in.
    if (ids.empty() || ids[0] == '-') return std::string();
    return sha256_hex(ids);
  }();
  return id;
}

}  // namespace interlink
