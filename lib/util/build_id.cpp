// See build_id.hpp. Read from the running program's own PT_NOTE segments
// (dl_iterate_phdr), not from /proc/self/exe: no file to open, no cost that
// grows with the binary.
#include "util/build_id.hpp"

#include <elf.h>
#include <link.h>

#include <cstring>

namespace interlink {

namespace {

// Notes are 4-byte aligned in ELF64 executables as Debian's linkers write them.
std::size_t align4(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

int find_in_main(dl_phdr_info* info, std::size_t /*size*/, void* out) {
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
        return 1;
      }
      p += next;
      left -= next;
    }
  }
  return 1;  // the first object is the main program: never look further
}

}  // namespace

const std::string& build_id() {
  static const std::string id = [] {
    std::string out;
    dl_iterate_phdr(find_in_main, &out);
    return out;
  }();
  return id;
}

}  // namespace interlink
