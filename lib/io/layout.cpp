// See layout.hpp.
#include "io/layout.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include "util/beneath.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

namespace interlink::io {

namespace stdfs = std::filesystem;

namespace {

struct Expected {
  const char* path;
  bool folder;
  // A folder every command reads: one it cannot list is a problem of the
  // project (stakeholders/ would read as empty, "no stakeholders yet").
  // .interlink/ is not one: it holds caches, which are then misses, and the
  // private store, which the commands that need it open themselves and
  // refuse with their own error. In a folder shared by two accounts the
  // first one's .interlink/ (mode 0700) must not make the project
  // unreadable for the other, nor hide validate's real findings.
  bool read_by_all;
};

// Folders where interlink writes files atomically, and so leaves temporaries.
constexpr const char* kWrittenFolders[] = {"", "stakeholders", ".interlink"};

}  // namespace

std::vector<LayoutProblem> layout_problems(const stdfs::path& root) {
  static constexpr Expected kExpected[] = {{"interlink.yaml", false, true},
                                           {"ledger.db", false, true},
                                           {"stakeholders", true, true},
                                           {".interlink", true, false},
                                           {".interlink/private.db", false, false}};
  std::vector<LayoutProblem> out;
  for (const auto& e : kExpected) {
    std::string at;
    fs::Entry kind = fs::entry_at(root, e.path, &at);
    if (kind == fs::Entry::missing) continue;
    if (kind == fs::Entry::symlink) {
      out.push_back({at, fs::link_refusal(), "replace the link by the file or folder itself"});
    } else if (e.folder && kind != fs::Entry::folder) {
      out.push_back({e.path, "is not a folder", "interlink keeps this path as a folder; move the file away"});
    } else if (!e.folder && kind != fs::Entry::file) {
      out.push_back({e.path, kind == fs::Entry::folder ? "is a folder, not a file" : "is not a regular file",
                     "interlink keeps this path as a plain file; move it away"});
    } else if (e.folder && e.read_by_all) {
      fs::DirFd dir = fs::open_dir_beneath(root, e.path, false);
      if (::faccessat(dir.get(), ".", R_OK | X_OK, 0) != 0) {
        out.push_back(
            {e.path, fmt::format("cannot be read: {}", std::strerror(errno)), "give your user read access to it"});
      }
    }
  }
  // A link found below a path reported already is one problem, not two.
  std::stable_sort(out.begin(), out.end(),
                   [](const LayoutProblem& a, const LayoutProblem& b) { return a.path < b.path; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const LayoutProblem& a, const LayoutProblem& b) { return a.path == b.path; }),
            out.end());
  return out;
}

void check_layout(const stdfs::path& root) {
  auto problems = layout_problems(root);
  if (problems.empty()) return;
  const auto& p = problems.front();
  unreadable(p.message, SourcePos{p.path}, p.hint);
}

std::vector<std::string> leftover_temp_files(const stdfs::path& root) {
  std::vector<std::string> out;
  for (const char* dir : kWrittenFolders) {
    if (fs::entry_at(root, dir) != fs::Entry::folder && *dir) continue;
    std::vector<std::string> names;
    try {
      names = fs::temp_files_in(root, dir);
    } catch (const Error&) {
      // Another account's .interlink/ (mode 0700) holds no temporaries of
      // this user's; a link or a file in its place is layout_problems'.
      if (std::string_view(dir) != ".interlink") throw;
    }
    for (const auto& name : names) {
      // In the root, only interlink's own files: `validate -o .` may be writing one of its own.
      if (!*dir && name.rfind(".interlink.yaml.", 0) != 0 && name.rfind(".gitignore.", 0) != 0 &&
          name.rfind(".gitattributes.", 0) != 0) {
        continue;
      }
      out.push_back(*dir ? fmt::format("{}/{}", dir, name) : name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void remove_leftover_temp_files(const stdfs::path& root) {
  for (const auto& rel : leftover_temp_files(root)) {
    auto slash = rel.rfind('/');
    fs::DirFd dir = fs::open_dir_beneath(root, slash == std::string::npos ? "" : rel.substr(0, slash), false);
    if (dir.get() < 0) continue;
    std::string name = slash == std::string::npos ? rel : rel.substr(slash + 1);
    if (::unlinkat(dir.get(), name.c_str(), 0) != 0 && errno != ENOENT) {
      os_failure(
          fmt::format("cannot remove the leftover temporary file {}: {}", (root / rel).string(), std::strerror(errno)));
    }
  }
}

}  // namespace interlink::io
