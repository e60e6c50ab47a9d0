// Regression tests for what the libFuzzer campaign found in the ledger
// reader: each input is a seed of tests/fuzz/corpus/ledger_read/ (so the CI
// fuzz run replays it too) and here gets its expected outcome.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "ledger/ledger.hpp"
#include "ledger/verify.hpp"
#include "util/error.hpp"

using namespace interlink;

namespace {

std::filesystem::path fuzz_case(const std::string& name) {
  return std::filesystem::path(INTERLINK_SOURCE_DIR) / "tests" / "fuzz" / "corpus" / "ledger_read" / name;
}

}  // namespace

TEST_SUITE("ledger fuzz cases") {
  TEST_CASE("a damaged index of kinds ends kinds() with an error instead of an endless loop") {
    // The file is read only: copy it so that nothing is written next to the source.
    auto tmp = std::filesystem::temp_directory_path() / "interlink-kinds-index-damaged.db";
    std::filesystem::copy_file(fuzz_case("kinds-index-damaged.db"), tmp,
                               std::filesystem::copy_options::overwrite_existing);
    auto l = ledger::Ledger::open(tmp, ledger::Ledger::Mode::read_only);
    try {
      (void)l.kinds();
      FAIL("kinds() returned");
    } catch (const Error& e) {
      CHECK(e.status() == ExitStatus::unreadable);
      CHECK(e.message() == "the ledger's index of event kinds is damaged");
    }
    CHECK_FALSE(ledger::verify(tmp).ok);
    std::filesystem::remove(tmp);
  }
}
