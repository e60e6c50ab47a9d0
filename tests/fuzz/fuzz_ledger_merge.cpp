// libFuzzer harness for git's merge driver (`ledger merge %O %A %B`): the
// mutated database is "theirs" (a branch from someone else); "ours" is a
// fresh copy of a sound ledger of the same project each time. The merge
// must add their events or refuse with interlink::Error, and afterwards
// ours must still verify — never a crash, and never a damaged ledger.
//
// Input: theirs, optionally followed by "\n=====\n" and the base.
// Seeds: tests/fuzz/corpus/ledger_merge/ (ours is its file "ours.db").
// Build and run: scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fuzz_util.hpp"
#include "ledger/git.hpp"
#include "ledger/verify.hpp"
#include "util/error.hpp"

using namespace interlink;

namespace {

std::string ours_bytes;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* path = std::getenv("INTERLINK_FUZZ_OURS");
  std::ifstream in(path ? path : "tests/fuzz/ours.db", std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  ours_bytes = s.str();
  if (ours_bytes.empty()) {
    std::fprintf(stderr, "fuzz_ledger_merge: set INTERLINK_FUZZ_OURS to a sound ledger (tests/fuzz/ours.db)\n");
    std::abort();
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parts = fuzz::split(std::string_view(reinterpret_cast<const char*>(data), size));
  const auto& dir = fuzz::scratch();
  for (const char* f : {"ours.db-journal", "theirs.db-journal", "base.db-journal"}) std::filesystem::remove(dir / f);
  fuzz::write(dir / "ours.db", ours_bytes);
  fuzz::write(dir / "theirs.db", parts[0]);
  fuzz::write(dir / "base.db", parts.size() > 1 ? parts[1] : std::string_view());
  try {
    (void)ledger::merge(dir / "base.db", dir / "ours.db", dir / "theirs.db");
  } catch (const Error&) {
  }
  // Whatever theirs held, ours is a sound ledger afterwards.
  if (!ledger::verify(dir / "ours.db").ok) std::abort();
  return 0;
}
