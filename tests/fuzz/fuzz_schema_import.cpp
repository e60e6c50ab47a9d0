// libFuzzer harness for the INTERLINK schema importer (init --template
// SCHEMA_FOLDER): any metadata.json and phases/*.json must end in a project
// or in interlink::Error (unreadable, with a position), never in a crash, a
// hang, another exception or unbounded memory.
//
// Input: metadata.json, then each phase file, separated by "\n=====\n"
// lines (see fuzz_util.hpp); seeds in tests/fuzz/corpus/schema_import/.
// Build and run: scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "catalogue/import_schema.hpp"
#include "fuzz_util.hpp"
#include "util/error.hpp"

using namespace interlink;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parts = fuzz::split(text);
  auto dir = fuzz::scratch() / "schema";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "phases");
  fuzz::write(dir / "metadata.json", parts[0]);
  for (std::size_t i = 1; i < parts.size() && i <= 16; ++i) {
    fuzz::write(dir / "phases" / fmt::format("{:02}.json", i), parts[i]);
  }
  try {
    auto s = catalogue::import_schema(dir, "it");
    (void)s;
  } catch (const Error& e) {
    if (e.status() != ExitStatus::unreadable) std::abort();  // a malformed file is unreadable, nothing else
  }
  return 0;
}
