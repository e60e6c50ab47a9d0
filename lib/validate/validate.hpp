// Validation (SPEC §8): reads everything and reports every finding.
#pragma once

#include <filesystem>
#include <string>

#include "model/finding.hpp"

namespace interlink::validate {

struct Options {
  bool strict = false;  // warnings count as errors
  // Verify and replay the whole ledger even when `verify` has checked this
  // very file since it last changed (process/verified.hpp).
  bool thorough = false;
};

struct Report {
  model::Findings findings;  // sorted by file, line, column
  bool unreadable = false;   // a file could not be parsed at all (exit 3)

  [[nodiscard]] int errors() const;
  [[nodiscard]] int warnings() const;
  [[nodiscard]] bool valid() const { return errors() == 0 && !unreadable; }
};

// Checks the project at root: schema, references, cycles, dates, gates that
// can never hold, the ledger, and consistency between ledger and files.
// Throws Error(unreadable) when interlink.yaml itself cannot be read.
Report validate_project(const std::filesystem::path& root, const Options& options);

}  // namespace interlink::validate
