// Git plumbing for ledger.db (SPEC §5): a readable dump for `git diff`
// (textconv) and a three-way merge driver that takes the union of events.
#pragma once

#include <filesystem>
#include <string>

namespace interlink::ledger {

// One readable line per event, in seq order:
// "<hash12> <time> <actor> <kind> <subject> <payload json>".
std::string dump(const std::filesystem::path& db);

// Merges theirs into ours (the file git will keep): verifies both (and base if
// present and non-empty), refuses ledgers of different projects (different
// root events), and appends to ours every event of theirs it lacks, parents
// before children. Returns the number of events added.
long merge(const std::filesystem::path& base, const std::filesystem::path& ours, const std::filesystem::path& theirs);

// Registers the diff textconv and merge driver in the git repository that
// contains dir (git config), using the given interlink executable path.
void git_setup(const std::filesystem::path& dir, const std::string& exe);

}  // namespace interlink::ledger
