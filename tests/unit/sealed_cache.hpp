// The bytes of a cache file as the code reads them, and a file written as
// the code writes them: every file under .interlink/cache/ is sealed with
// the user's key (io/cache_seal.hpp), so a test that edits a cache by hand,
// to prove it is read or that damage is caught, edits what is under the
// seal and seals it again.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "io/cache_files.hpp"
#include "process/load.hpp"
#include "process/pack.hpp"

namespace cache_test {

// The path of a cache file of the project at root.
inline std::filesystem::path cache_path(const std::filesystem::path& root, const char* name) {
  return root / ".interlink" / "cache" / name;
}

inline std::string sealed_bytes(const std::filesystem::path& root, const std::string& name) {
  auto bytes = interlink::io::read_cache_file(root, name, std::size_t{1} << 30);
  INFO(name, " is missing, or not sealed with the test's key");
  REQUIRE(bytes.has_value());
  return *bytes;
}

inline void write_sealed(const std::filesystem::path& root, const std::string& name, std::string_view bytes) {
  REQUIRE(interlink::io::write_cache_file(root, name, bytes, true));
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

}  // namespace cache_test
