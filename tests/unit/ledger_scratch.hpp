// A scratch folder for the ledger's unit tests, removed at the end of a test
// unless INTERLINK_KEEP_SCRATCH is set (then it is kept to look at).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace ledger_test {

struct Scratch {
  std::filesystem::path dir;
  Scratch() {
    std::random_device rd;
    dir = std::filesystem::temp_directory_path() / ("interlink-unit-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() {
    if (!std::getenv("INTERLINK_KEEP_SCRATCH")) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return dir / name; }
};

// Writes bytes to f as they are, creating its folders.
inline void write_file(const std::filesystem::path& f, const std::string& bytes) {
  std::filesystem::create_directories(f.parent_path());
  std::ofstream(f, std::ios::binary) << bytes;
}

}  // namespace ledger_test
