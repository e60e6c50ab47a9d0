// libFuzzer harness for the ledger reader on a mutated database: any bytes
// given as ledger.db must end in a verdict (verify), a dump, events read, or
// in interlink::Error, never in a crash, a hang or another exception — the
// file comes from other people's git branches (SPEC §8: validate is safe on
// a crafted ledger.db). The seeds are real ledgers written by interlink
// (tests/fuzz/corpus/ledger_read/), so mutations reach past SQLite's header
// into pages, rows and the JSON inside them.
// Build and run: scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "fuzz_util.hpp"
#include "ledger/git.hpp"
#include "ledger/ledger.hpp"
#include "ledger/verify.hpp"
#include "util/error.hpp"

using namespace interlink;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto db = fuzz::scratch() / "ledger.db";
  std::filesystem::remove(fuzz::scratch() / "ledger.db-journal");
  fuzz::write(db, std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    auto r = ledger::verify(db);
    (void)r;
  } catch (const Error&) {
  }
  try {
    std::size_t lines = 0;
    ledger::dump(db, [&](const std::string&) { ++lines; });
  } catch (const Error&) {
  }
  try {
    auto l = ledger::Ledger::open(db, ledger::Ledger::Mode::read_only);
    (void)l.heads();
    (void)l.count();
    (void)l.kinds();
    (void)l.root_hash();
    l.for_each([](const ledger::Event& e) { (void)e; });
  } catch (const Error&) {
  }
  return 0;
}
