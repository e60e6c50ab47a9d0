// The shape of a project folder as interlink reads and writes it: which paths
// must be plain files, which plain folders, and which leftovers of interrupted
// writes lie around. A project comes from git, where a symbolic link or a
// file in place of a folder is one commit away: every command that writes
// checks the layout before its ledger commit, and validate reports it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace interlink::io {

struct LayoutProblem {
  std::string path;     // relative to the root
  std::string message;  // what is wrong with it
  std::string hint;
};

// interlink.yaml and ledger.db must be regular files, stakeholders/ and
// .interlink/ readable folders, .interlink/private.db a regular file; none may
// be a symbolic link. Missing paths are not problems here.
std::vector<LayoutProblem> layout_problems(const std::filesystem::path& root);

// Throws Error(unreadable) for the first layout problem.
void check_layout(const std::filesystem::path& root);

// Temporary files of atomic writes that a killed command left behind
// (".<name>.tmp-<random>" in the root, stakeholders/ and .interlink/), relative
// to the root, sorted. They may hold a person's bands. The writer that
// finishes the interrupted change removes those of the files it staged (see
// ledger/staged.hpp); forget and stakeholder remove remove every one.
std::vector<std::string> leftover_temp_files(const std::filesystem::path& root);

// Removes them; the caller holds the ledger's write lock, so that no running
// writer's temporary file is taken for a leftover.
void remove_leftover_temp_files(const std::filesystem::path& root);

}  // namespace interlink::io
