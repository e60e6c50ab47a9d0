// Unit tests for lib/util/build_id: the identity of the running code that
// the caches carry, made of every loaded object's build ID but the vDSO's.
#include <doctest/doctest.h>

#include <elf.h>
#include <link.h>
#include <sys/auxv.h>

#include <algorithm>
#include <string>
#include <vector>

#include "util/build_id.hpp"
#include "util/hash.hpp"

using namespace interlink;

namespace {

// How many of the objects dl_iterate_phdr visits are the vDSO.
int vdso_objects_visited() {
  int n = 0;
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* out) {
        const auto base = getauxval(AT_SYSINFO_EHDR);
        const auto* ehdr = reinterpret_cast<const ElfW(Ehdr)*>(base);
        if (base != 0 && reinterpret_cast<ElfW(Addr)>(info->dlpi_phdr) == base + ehdr->e_phoff)
          ++*static_cast<int*>(out);
        return 0;
      },
      &n);
  return n;
}

bool is_hex(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

TEST_SUITE("util.build_id") {
  TEST_CASE("the main program comes first, with the build ID its linker gave it") {
    const auto ids = loaded_build_ids();
    REQUIRE_FALSE(ids.empty());
    CHECK(ids[0].size() == 40);  // Debian's ld: --build-id=sha1
    CHECK(is_hex(ids[0]));
  }

  TEST_CASE("the identity is the hash of every loaded object's build ID") {
    std::string all;
    for (const auto& one : loaded_build_ids()) all += (one.empty() ? "-" : one) + ".";
    CHECK(build_id() == sha256_hex(all));
  }

  TEST_CASE("the kernel's vDSO is not part of it, so that a kernel update keeps the caches") {
    const std::string vdso = vdso_build_id();
    if (vdso.empty() || vdso_objects_visited() == 0) {
      MESSAGE("this kernel maps no vDSO with a build ID: nothing to leave out");
      return;
    }
    CHECK(is_hex(vdso));
    const auto ids = loaded_build_ids();
    CHECK(std::find(ids.begin(), ids.end(), vdso) == ids.end());
    CHECK(ids.size() >= 1);
  }
}
