// Whether a project's plan can be read, remembered: every command that
// changes a project first makes sure it can read interlink.yaml (so that none
// writes into a project whose plan is broken or newer), but a command that
// needs nothing else of the plan — add-stakeholder — spent 64% of its
// instructions parsing it with yaml-cpp (callgrind, issue 10; libyaml since
// session 20 makes that cheaper, not free). The verdict is
// remembered by the SHA-256 of the file's bytes (and interlink's version) in
// .interlink/cache/plan-readable (where .interlink/ exists: a project with
// personal data): a cache, never tracked, rebuilt at will.
#pragma once

#include <filesystem>

namespace interlink::io {

// Throws what read_manifest() throws if root/interlink.yaml cannot be read;
// returns if it can, parsing it only when these bytes were never read before.
void require_readable_plan(const std::filesystem::path& root);

// Remembers the verdict of this process's last require_readable_plan() that
// had to parse. Called once a command's change is written, so that a command
// that writes nothing (refused, --dry-run) leaves no file behind either.
void remember_readable_plan(const std::filesystem::path& root);

}  // namespace interlink::io
