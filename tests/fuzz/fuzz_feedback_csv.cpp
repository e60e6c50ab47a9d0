// libFuzzer harness for the feedback importer (feedback import FILE.csv):
// any bytes given as a survey export must end in feedback items or in
// IssuesError/Error(refused) naming what is wrong, never in a crash, a hang,
// another exception or unbounded memory. Items that read go through
// add_feedback with --dry-run on a copy of examples/pspm, so that every
// check of a value (stakeholder, phase, type, tags, the personal-data screen
// of the text) sees the fuzzer's bytes too; nothing is written.
//
// Seeds: tests/fuzz/corpus/feedback_csv/; dictionary tests/fuzz/csv.dict.
// Build and run: scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_util.hpp"
#include "process/actions.hpp"
#include "project/handle.hpp"
#include "util/error.hpp"

using namespace interlink;

namespace {

bool trimmed(const std::string& s) {
  return s.empty() || (s.front() != ' ' && s.back() != ' ' && s.front() != '\t' && s.back() != '\t');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path project = fuzz::copy_example("pspm");
  static std::unique_ptr<project::Handle> handle = std::make_unique<project::Handle>(project);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<process::FeedbackInput> items;
  try {
    items = process::read_feedback_csv(text, "survey.csv");
  } catch (const IssuesError& e) {
    if (e.issues().empty()) std::abort();  // an error must say what is wrong
    return 0;
  } catch (const Error& e) {
    if (e.status() != ExitStatus::refused) std::abort();
    return 0;
  }
  for (const auto& in : items) {
    // Values are checked by add_feedback (an empty "from" is its refusal).
    if (in.line < 2 || !trimmed(in.from) || !trimmed(in.text)) std::abort();
  }
  try {
    (void)process::add_feedback(*handle, "fuzz", items, "survey.csv", /*dry_run=*/true);
  } catch (const IssuesError&) {
  } catch (const Error& e) {
    if (e.status() != ExitStatus::refused && e.status() != ExitStatus::usage) std::abort();
  }
  return 0;
}
