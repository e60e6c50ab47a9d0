// Running git safely on a repository that may have been crafted by someone
// else (a fork's merge request checked out in CI). Every call runs git with an
// argument vector (no shell) and with what a repository can configure to run
// code turned off: hooks (core.hooksPath=/dev/null), the fsmonitor hook,
// replace refs (we read the objects as committed), and no terminal prompt;
// nor does it take optional locks (git status would rewrite the index).
// Blobs are read with `cat-file blob`, which applies no textconv and no
// filter (clean/smudge, working-tree-encoding): the bytes as committed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace interlink::git {

struct Result {
  int status = -1;  // exit status; -1 if git could not be started or was killed
  std::string out;  // standard output (empty when it went to a file)
  std::string err;  // standard error
};

// Runs `git -C dir <hardening options> args...`. With stdout_file, standard
// output is written there (created or truncated, mode 0600) instead of
// captured; with stdin_text, it is git's standard input. Never throws for a
// failing git: the caller reads status and err. Throws Error(internal) only
// when the process cannot be set up at all.
Result run(const std::filesystem::path& dir, const std::vector<std::string>& args,
           const std::optional<std::filesystem::path>& stdout_file = {},
           const std::optional<std::string>& stdin_text = {});

// False when git would find no work tree for dir without our asking it:
// neither dir (its real path, as `git -C` sees it) nor any folder above it
// holds a .git or looks like a repository (HEAD and objects), and no
// GIT_DIR, GIT_WORK_TREE or GIT_COMMON_DIR points elsewhere. True when it may
// be inside one (then only git can tell). Running git to learn "not a git
// repository" cost `validate` a process start, ~2 ms of its 7 ms on
// examples/pspm (perf, issue 10).
bool may_be_in_work_tree(const std::filesystem::path& dir);

// The repository facts a command needs about the folder dir, or nullopt when
// dir is not inside a git work tree (or git is missing). When git refused
// for another reason (a repository owned by another user: "dubious
// ownership", common in CI containers), why receives git's message.
struct WorkTree {
  std::filesystem::path top;  // the work tree's root, absolute
  std::string prefix;         // dir relative to top, "" or ending in '/'
};
std::optional<WorkTree> work_tree(const std::filesystem::path& dir, std::string* why = nullptr);

// The commit a revision names, as 40 hex digits. Throws Error(usage) naming
// the revision when it names no commit (or begins with '-', which git would
// read as an option).
std::string resolve_commit(const std::filesystem::path& dir, const std::string& rev);

// A temporary folder (mode 0700) removed with everything in it when the
// object goes out of scope.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace interlink::git
