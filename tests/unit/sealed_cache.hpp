// The bytes of a cache file as the code reads them, and a file written as
// the code writes them: every file under .interlink/cache/ is sealed with
// the user's key (io/cache_seal.hpp), so a test that edits a cache by hand,
// to prove it is read or that damage is caught, edits what is under the
// seal and seals it again.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "io/cache_files.hpp"
#include "io/cache_seal.hpp"
#include "process/load.hpp"
#include "process/pack.hpp"

namespace cache_test {

// The path of a cache file of the project at root.
inline std::filesystem::path cache_path(const std::filesystem::path& root, const char* name) {
  return root / ".interlink" / "cache" / name;
}

// The start of a core file (state.pack, step.pack, summary-step.pack) as
// process/cache_store.cpp writes it: its magic and version, the key (the
// ledger's root hash, heads and newest seq), and no print of the rows
// replayed. A test goes on with pack::put_core and what follows it.
inline interlink::process::pack::Writer core_file_start(const std::string& root, const std::vector<std::string>& heads,
                                                        long long seq) {
  interlink::process::pack::Writer w;
  w.str("interlink state core");
  w.num(interlink::process::kStateCacheVersion);
  w.str(root);
  w.strs(heads);
  w.num(seq);
  w.str("");  // the print of the rows replayed: none kept
  return w;
}

// A core file made by hand, sealed in two parts as the code writes it
// (io::CacheSeal::open_split): the head under the seal, the stakeholder
// records' region outside it. A test may go on writing to head (a summary).
struct CoreFile {
  interlink::process::pack::Writer head;
  std::string region;

  // Written under `name`, with `extra` bytes after the head (damage).
  void write(const std::filesystem::path& root, const std::string& name, const std::string& extra = {}) {
    REQUIRE(interlink::io::write_split_cache_file(root, name, head.bytes() + extra, region, true));
  }
};

inline CoreFile core_file(const std::string& root, const std::vector<std::string>& heads, long long seq,
                          const interlink::process::State& s) {
  CoreFile f{core_file_start(root, heads, seq), {}};
  interlink::process::pack::put_core(f.head, f.region, s);
  return f;
}

// The two parts of a core file the code wrote, as it reads them.
inline interlink::io::CacheSeal::Split core_parts(const std::filesystem::path& root, const std::string& name,
                                                  std::string& file) {
  std::ifstream in(root / ".interlink" / "cache" / name, std::ios::binary);
  file.assign(std::istreambuf_iterator<char>(in), {});
  const auto* seal = interlink::io::CacheSeal::get(false);
  REQUIRE(seal != nullptr);
  auto parts = seal->open_split(name, file);
  INFO(name, " is missing, or not sealed in two parts with the test's key");
  REQUIRE(parts.has_value());
  return *parts;
}

inline void write_core_parts(const std::filesystem::path& root, const std::string& name, std::string_view head,
                             std::string_view region) {
  REQUIRE(interlink::io::write_split_cache_file(root, name, head, region, true));
}

// The files sealed in two parts (process/cache_store.cpp).
inline bool is_core_file(const std::string& name) {
  return name == "state.pack" || name == "step.pack" || name == "summary-step.pack";
}

// The bytes under the seal of a cache file: a core file's head.
inline std::string sealed_bytes(const std::filesystem::path& root, const std::string& name) {
  if (is_core_file(name)) {
    std::string file;
    return std::string(core_parts(root, name, file).head);
  }
  auto bytes = interlink::io::read_cache_file(root, name, std::size_t{1} << 30);
  INFO(name, " is missing, or not sealed with the test's key");
  REQUIRE(bytes.has_value());
  return *bytes;
}

// A cache file written with `bytes` under its seal; a core file keeps the
// records' region it has.
inline void write_sealed(const std::filesystem::path& root, const std::string& name, std::string_view bytes) {
  if (is_core_file(name)) {
    std::string file;
    const std::string region(core_parts(root, name, file).tail);
    write_core_parts(root, name, bytes, region);
    return;
  }
  REQUIRE(interlink::io::write_cache_file(root, name, bytes, true));
}

}  // namespace cache_test
