// Helpers the libFuzzer harnesses share: a private scratch folder per
// process (harnesses whose library entry points take paths write their
// input there), and splitting one input into several files.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace interlink::fuzz {

// A folder of this process's own under $TMPDIR (or /tmp), created once.
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    const char* t = std::getenv("TMPDIR");
    auto d = std::filesystem::path(t && *t ? t : "/tmp") / ("interlink-fuzz-" + std::to_string(::getpid()));
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

// A copy of examples/<name> of the source tree (INTERLINK_SOURCE_DIR, set by
// tests/fuzz/CMakeLists.txt) in the scratch folder, for harnesses that need a
// real project; the source tree is never written.
inline std::filesystem::path copy_example(const std::string& name) {
  auto to = scratch() / ("example-" + name);
  std::filesystem::remove_all(to);
  std::filesystem::copy(std::filesystem::path(INTERLINK_SOURCE_DIR) / "examples" / name, to,
                        std::filesystem::copy_options::recursive);
  return to;
}

inline void write(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Splits text at each separator (a line "=====\n" of its own): the fuzzer
// keeps the separators from the seeds and the dictionary, and moves parts
// between files by mutating around them.
inline std::vector<std::string_view> split(std::string_view text, std::string_view sep = "\n=====\n") {
  std::vector<std::string_view> parts;
  for (;;) {
    auto at = text.find(sep);
    if (at == std::string_view::npos) break;
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + sep.size());
  }
  parts.push_back(text);
  return parts;
}

}  // namespace interlink::fuzz
